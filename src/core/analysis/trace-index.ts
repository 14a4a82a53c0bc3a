/**
 * One pass over the ops into flat typed arrays, shared by every analysis so that none of them
 * touches the op objects in a hot loop or sorts the ops again. At 1,000,000 ops the only
 * O(n log n) step of the whole analysis is the one sort here.
 *
 * The canonical op order is (start, id). `Op.id` is the op's index in `Trace.ops` (model.ts), so
 * "position in the array" and "id" are used interchangeably below.
 */
import type { LaneKind, Trace } from '../model.js';
import { kindIndex } from '../vocabulary/op-kinds.js';
import { argsortByKey } from './argsort.js';
import { FRESH, type Alloc } from './scratch.js';

/** What the lane table needs to know of a lane. */
export interface LaneRef {
  readonly id: string;
  readonly name: string;
  readonly kind: LaneKind;
}

export interface TraceIndex {
  /** Number of ops. */
  readonly n: number;
  /** Start of op i, ns. */
  readonly start: Float64Array;
  /** End of op i, ns: start + dur, with a negative dur (a broken foreign trace) taken as 0. */
  readonly end: Float64Array;
  /** Op indices sorted by (start, id). */
  readonly order: Uint32Array;
  /** `kindIndex(op.kind)` of op i. */
  readonly kindOf: Uint8Array;
  /** Index into `lanes` of op i's lane. */
  readonly laneOf: Uint32Array;
  /**
   * The trace's lanes in the trace's order, then (should a foreign trace have ops on a lane it
   * never declared) those lanes in order of first appearance, so that every op is on some lane
   * and Σ busy(lane) covers every op.
   */
  readonly lanes: readonly LaneRef[];
  /** First start over all ops, ns; 0 when there are none. */
  readonly firstStart: number;
  /** Last end over all ops, ns; 0 when there are none. */
  readonly lastEnd: number;
}

/** `alloc`: where the index's arrays come from (scratch.ts; they live as long as it lets them). */
export function indexTrace(trace: Trace, alloc: Alloc = FRESH): TraceIndex {
  const ops = trace.ops;
  const n = ops.length;
  const start = alloc.f64(n);
  const end = alloc.f64(n);
  const kindOf = alloc.u8(n);
  const laneOf = alloc.u32(n);

  const lanes: LaneRef[] = trace.lanes.map((l) => ({ id: l.id, name: l.name, kind: l.kind }));
  const laneSlot = new Map<string, number>();
  lanes.forEach((l, i) => {
    if (!laneSlot.has(l.id)) laneSlot.set(l.id, i);
  });

  // Plain loops, no Math.min(...spread): the spread of a million values overflows the stack.
  let firstStart = Infinity;
  let lastEnd = -Infinity;
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    const s = op.start;
    const e = op.dur > 0 ? s + op.dur : s;
    start[i] = s;
    end[i] = e;
    kindOf[i] = kindIndex(op.kind);
    let slot = laneSlot.get(op.laneId);
    if (slot === undefined) {
      slot = lanes.length;
      laneSlot.set(op.laneId, slot);
      // An undeclared lane: its kind is a guess from its first op (CPU work → a CPU thread).
      lanes.push({ id: op.laneId, name: op.laneId, kind: op.kind === 'cpu' ? 'cpu' : 'gpu' });
    }
    laneOf[i] = slot;
    if (s < firstStart) firstStart = s;
    if (e > lastEnd) lastEnd = e;
  }
  if (n === 0) {
    firstStart = 0;
    lastEnd = 0;
  }
  // Indices by (start, id): argsort.ts buckets the keys (O(n) when starts are spread), and spares
  // the sort when the ops are already in start order, as recorded traces usually are.
  return { n, start, end, order: argsortByKey(start, alloc), kindOf, laneOf, lanes, firstStart, lastEnd };
}

const shared = new WeakMap<Trace, TraceIndex>();

/**
 * `indexTrace(trace)`, built once per trace object and then handed out again: the app computes
 * the statistics and then builds the timeline from the same, never-changed trace, and at
 * 10,000,000 ops this pass and its sort take about a second (bench/timeline-perf.ts). Only for
 * traces that are not changed once indexed (the model's traces are built once, then read).
 */
export function sharedTraceIndex(trace: Trace): TraceIndex {
  let index = shared.get(trace);
  if (index === undefined) {
    index = indexTrace(trace);
    shared.set(trace, index);
  }
  return index;
}

/** docs/metrics.md `spanMs` in ns: last end − first start over all ops; 0 for no ops. */
export function spanNs(index: TraceIndex): number {
  return index.lastEnd - index.firstStart;
}
