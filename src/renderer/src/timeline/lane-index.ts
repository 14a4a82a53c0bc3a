/**
 * The index the interactive timeline draws and hit-tests from, built once per trace (never per
 * frame) into flat typed arrays, so that a frame touches no op object and allocates nothing per op.
 *
 * Ops are grouped by (lane, depth, kind). Depth is the nesting level on the lane — a foreign trace
 * nests slices on a thread (aten::mm containing cudaLaunchKernel) — and each level is drawn as its
 * own sub-row. Within a sub-row ops never overlap, and each group is sorted by start with a prefix
 * maximum of ends, so the ops visible in a window are found by two binary searches (O(log n)),
 * however long some earlier op on the lane is. (One group per lane would not do: a parent spanning
 * the whole trace would make every search start at the first op.) Kinds get groups of their own so
 * that the level of detail can skip a pixel column's worth of ops of one kind in one search even
 * where kinds alternate op by op (compute, copy, compute, …).
 */
import type { Lane, Trace } from '@core/model.js';
import { sharedTraceIndex } from '@core/analysis/trace-index.js';
import { KIND_COUNT } from '@core/vocabulary/op-kinds.js';
import type { TimeWindow } from './viewport.js';

export interface InstantIndex {
  /** Instant times, grouped by lane slot, sorted within a slot. */
  readonly ts: Float64Array;
  /** Index into `Trace.instants` of each entry of `ts`. */
  readonly source: Uint32Array;
  /** Slot s = [slotStart[s], slotStart[s + 1]); slot `lanes.length` holds the instants of no lane. */
  readonly slotStart: Uint32Array;
}

export interface TimelineIndex {
  /** `Trace.lanes`, then (a foreign trace may use lanes it never declared) those lanes, in order of first use. */
  readonly lanes: readonly Lane[];
  readonly opCount: number;
  /** By op id. */
  readonly opStart: Float64Array;
  /** By op id; a negative duration (a broken foreign trace) is taken as 0. */
  readonly opEnd: Float64Array;
  /** By op id: `kindIndex(op.kind)` (OP_KINDS order). */
  readonly opKind: Uint8Array;
  /** By op id: index into `lanes`. */
  readonly opLane: Uint32Array;
  /** By op id: nesting depth on its lane. */
  readonly opDepth: Uint16Array;
  /** Op ids by (start, id): the trace index's order (search-matches.ts reads it rather than sorting again). */
  readonly order: Uint32Array;

  /** Op ids grouped by (lane, depth, kind), each group sorted by start. The arrays below are aligned with it. */
  readonly ids: Uint32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Prefix maximum of `end` within the group. */
  readonly maxEnd: Float64Array;
  /** Group g = subRow × KIND_COUNT + kind holds positions [groupStart[g], groupStart[g + 1]). */
  readonly groupStart: Uint32Array;
  /** The sub-rows of lane l are subRowStart[l] + depth, depth < laneDepths[l]. */
  readonly subRowStart: Uint32Array;
  /** Bit k set: the sub-row holds an op of kind k. */
  readonly subRowKinds: Uint8Array;
  /** Depths of each lane, at least 1 (an empty lane still gets a row). */
  readonly laneDepths: Uint16Array;
  /** Bit k set: some op has kind k. */
  readonly kindsPresent: number;
  readonly instants: InstantIndex;
  /** First to last time anything (op, phase, instant) happens; [0, 0] for an empty trace. */
  readonly extent: TimeWindow;
}

/** The group of ops of kind `kind` at `depth` of lane `lane`. */
export function groupOf(index: TimelineIndex, lane: number, depth: number, kind: number): number {
  return (index.subRowStart[lane]! + depth) * KIND_COUNT + kind;
}

export function buildTimelineIndex(trace: Trace): TimelineIndex {
  const base = sharedTraceIndex(trace); // the statistics' own (load-trace.ts): one pass and one sort per trace
  const n = base.n;
  const lanes = resolveLanes(trace, base.lanes);
  const laneCount = lanes.length;
  const { start: opStart, end: opEnd, kindOf: opKind, laneOf: opLane, order } = base;

  // Per lane, in (start, id) order: a stable counting sort of the globally sorted order by lane.
  const laneBase = new Uint32Array(laneCount + 1);
  for (let i = 0; i < n; i++) laneBase[opLane[i]! + 1]!++;
  for (let l = 0; l < laneCount; l++) laneBase[l + 1] = laneBase[l + 1]! + laneBase[l]!;
  const byLane = new Uint32Array(n);
  const fill = laneBase.slice(0, laneCount);
  for (let r = 0; r < n; r++) {
    const id = order[r]!;
    byLane[fill[opLane[id]!]!++] = id;
  }

  // Depth: a parent must come before the children starting with it, so ties on start go to the
  // longer op. Runs of equal starts are short in practice; sort only those.
  for (let l = 0; l < laneCount; l++) {
    const end = laneBase[l + 1]!;
    for (let i = laneBase[l]!; i < end;) {
      let j = i + 1;
      while (j < end && opStart[byLane[j]!]! === opStart[byLane[i]!]!) j++;
      if (j - i > 1) byLane.subarray(i, j).sort((a, b) => opEnd[b]! - opEnd[a]! || a - b);
      i = j;
    }
  }
  const opDepth = new Uint16Array(n);
  const laneDepths = new Uint16Array(laneCount).fill(1);
  const stack: number[] = []; // ends of the open ops, innermost last
  for (let l = 0; l < laneCount; l++) {
    stack.length = 0;
    let deepest = 0;
    for (let p = laneBase[l]!; p < laneBase[l + 1]!; p++) {
      const id = byLane[p]!;
      const s = opStart[id]!;
      while (stack.length > 0 && stack[stack.length - 1]! <= s) stack.pop();
      // An op gets depth d only once the previous op at depth d has ended, so a sub-row never
      // holds two overlapping ops. Capped to fit the array (never reached in practice).
      const d = Math.min(stack.length, 0xfffe);
      opDepth[id] = d;
      if (d > deepest) deepest = d;
      stack.push(opEnd[id]!);
    }
    laneDepths[l] = deepest + 1;
  }

  // Groups: (lane, depth, kind); a second stable counting sort keeps start order within each.
  const subRowStart = new Uint32Array(laneCount + 1);
  for (let l = 0; l < laneCount; l++) subRowStart[l + 1] = subRowStart[l]! + laneDepths[l]!;
  const subRows = subRowStart[laneCount]!;
  const groupCount = subRows * KIND_COUNT;
  const groupOfOp = (id: number): number => (subRowStart[opLane[id]!]! + opDepth[id]!) * KIND_COUNT + opKind[id]!;
  const groupStart = new Uint32Array(groupCount + 1);
  for (let i = 0; i < n; i++) groupStart[groupOfOp(i) + 1]!++;
  for (let g = 0; g < groupCount; g++) groupStart[g + 1] = groupStart[g + 1]! + groupStart[g]!;
  const ids = new Uint32Array(n);
  const put = groupStart.slice(0, groupCount);
  for (let p = 0; p < n; p++) {
    const id = byLane[p]!;
    ids[put[groupOfOp(id)]!++] = id;
  }

  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const maxEnd = new Float64Array(n);
  const subRowKinds = new Uint8Array(subRows);
  let kindsPresent = 0;
  for (let g = 0; g < groupCount; g++) {
    const g0 = groupStart[g]!;
    const g1 = groupStart[g + 1]!;
    if (g0 === g1) continue;
    let m = -Infinity;
    for (let p = g0; p < g1; p++) {
      const id = ids[p]!;
      start[p] = opStart[id]!;
      end[p] = opEnd[id]!;
      m = Math.max(m, opEnd[id]!);
      maxEnd[p] = m;
    }
    const bit = 1 << (g % KIND_COUNT);
    subRowKinds[Math.floor(g / KIND_COUNT)] = subRowKinds[Math.floor(g / KIND_COUNT)]! | bit;
    kindsPresent |= bit;
  }

  const instants = indexInstants(trace, lanes);
  return {
    lanes,
    opCount: n,
    opStart,
    opEnd,
    opKind,
    opLane,
    opDepth,
    order,
    ids,
    start,
    end,
    maxEnd,
    groupStart,
    subRowStart,
    subRowKinds,
    laneDepths,
    kindsPresent,
    instants,
    extent: extentOf(trace, n > 0 ? base.firstStart : Infinity, n > 0 ? base.lastEnd : -Infinity, instants),
  };
}

/** First position in [lo, hi) with a[p] >= t (hi when none). */
export function lowerBound(a: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position in [lo, hi) with a[p] > t (hi when none). */
export function upperBound(a: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `lowerBound` searching forward from `lo` in steps of 1, 2, 4, …: O(log distance), so a short hop
 * (the common case when zoomed in) costs a comparison or two.
 */
export function gallopLowerBound(a: Float64Array, lo: number, hi: number, t: number): number {
  let bound = 1;
  while (lo + bound < hi && a[lo + bound]! < t) bound *= 2;
  // a[lo + bound / 2] < t is known (when bound > 1): the answer lies in [lo + bound / 2, lo + bound].
  return lowerBound(a, lo + (bound >> 1), Math.min(lo + bound + 1, hi), t);
}

/** Declared lanes, plus a made-up lane for each lane id ops use without declaring it. */
function resolveLanes(trace: Trace, refs: readonly { readonly id: string; readonly name: string; readonly kind: Lane['kind'] }[]): Lane[] {
  const lanes: Lane[] = [...trace.lanes];
  for (let i = trace.lanes.length; i < refs.length; i++) {
    const ref = refs[i]!;
    const m = /^(-?\d+):(-?\d+)$/.exec(ref.id);
    lanes.push({ id: ref.id, pid: m ? Number(m[1]) : -1, tid: m ? Number(m[2]) : i, name: ref.name, kind: ref.kind, sortIndex: i });
  }
  return lanes;
}

function indexInstants(trace: Trace, lanes: readonly Lane[]): InstantIndex {
  const list = trace.instants ?? [];
  const slotOf = new Map<string, number>();
  lanes.forEach((l, i) => {
    if (!slotOf.has(l.id)) slotOf.set(l.id, i);
  });
  const global = lanes.length;
  const slots = new Uint32Array(list.length);
  const slotStart = new Uint32Array(lanes.length + 2);
  list.forEach((inst, i) => {
    const s = inst.laneId === undefined ? global : (slotOf.get(inst.laneId) ?? global);
    slots[i] = s;
    slotStart[s + 1]!++;
  });
  for (let s = 0; s <= global; s++) slotStart[s + 1] = slotStart[s + 1]! + slotStart[s]!;
  const source = new Uint32Array(list.length);
  const put = slotStart.slice(0, global + 1);
  for (let i = 0; i < list.length; i++) source[put[slots[i]!]!++] = i;
  for (let s = 0; s <= global; s++) {
    source.subarray(slotStart[s]!, slotStart[s + 1]!).sort((a, b) => list[a]!.ts - list[b]!.ts || a - b);
  }
  const ts = new Float64Array(list.length);
  for (let p = 0; p < list.length; p++) ts[p] = list[source[p]!]!.ts;
  return { ts, source, slotStart };
}

function extentOf(trace: Trace, first: number, last: number, instants: InstantIndex): TimeWindow {
  let lo = first;
  let hi = last;
  for (const p of trace.phases) {
    if (p.start < lo) lo = p.start;
    if (p.end > hi) hi = p.end;
  }
  const ts = instants.ts;
  for (let i = 0; i < ts.length; i++) {
    if (ts[i]! < lo) lo = ts[i]!;
    if (ts[i]! > hi) hi = ts[i]!;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { start: 0, end: 0 };
  return { start: lo, end: hi };
}
