/**
 * The critical path as docs/metrics.md revision 2 defines it (after HTA's critical-path
 * analysis): the chain of ops that set the end time, found by walking back from the op that ends
 * last. At op v the candidates are
 *  - its dependency predecessors u that ended no later than v (end(u) ≤ end(v)), and
 *  - the op before v on v's lane: of the lane's ops that ended at or before v began, the one that
 *    ended last (a parent slice that contains v ended after v began, so it is never one);
 * and the walk steps to the candidate that ended last. v contributes end(v) − max(start(v), end(u))
 * to its kind (a wait counts only the time after what it waited for had ended), and a positive
 * start(v) − end(u) is a gap. These telescope: Σ contributions + gaps = end(last) − start(first),
 * so `lengthNs` never exceeds the span and `byKind` sums to it.
 *
 * Ties (two candidates that ended at the same time; also for the op that ends last) go to the one
 * that started first — it covers the other's time: a parent slice before its last child, a long
 * read-back before a submit that ended with it — then to a dependency before the lane's order (an
 * edge says more than adjacency), then to the lower id: deterministic.
 *
 * Foreign traces may hold edges that point back in time (end(from) > end(to): clock skew, a
 * mis-bound flow) or form cycles; they are ignored and counted (`ignoredEdges`, which computeStats
 * adds to `source.warnings`). A back-in-time edge, a self-loop or an edge to an op that does not
 * exist is counted once per trace, O(E). A cycle can only join ops that all end at the same time
 * (every kept edge goes forward or level in end time); the walk never steps onto an op already on
 * its chain, and counts each such edge it meets.
 *
 * Cost: the same-lane step is a binary search in the lane's ops by end: a lane whose ops end in
 * start order (a serial queue or thread) needs no sort; a lane with nested or overlapping ops is
 * sorted by (end, start) once, when the walk first reaches it. Incoming edges are one CSR, O(n + E).
 * The walk visits each op at most once: O(n log n) in all, typed arrays only.
 */
import type { Trace } from '../model.js';
import { KIND_COUNT } from '../vocabulary/op-kinds.js';
import { indexDeps, type DepIndex } from './dep-index.js';
import { laneOrder, type LaneOrder } from './lane-order.js';
import { indexTrace, type TraceIndex } from './trace-index.js';
import { FRESH, type Alloc } from './scratch.js';

export interface CriticalPathStepNs {
  readonly id: number;
  readonly name: string;
  readonly laneId: string;
  readonly startNs: number;
  readonly durNs: number;
  /** end − max(start, end of the step before): the time this step adds to its kind. */
  readonly contributionNs: number;
  /** max(0, start − end of the step before): idle or launch latency before it. */
  readonly gapNs: number;
}

/** Index of the gap in `byKindNs`, after the op kinds (OP_KINDS order). */
export const GAP = KIND_COUNT;

export interface CriticalPathResult {
  /** end of the last op − start of the first op on the chain, ns. */
  readonly lengthNs: number;
  /** Per kind (OP_KINDS order), then the gap (index GAP): sums to lengthNs. */
  readonly byKindNs: Float64Array;
  /** Number of ops on the chain. */
  readonly ops: number;
  /** The first `maxSteps` ops on the chain, earliest first. */
  readonly path: readonly CriticalPathStepNs[];
  /** Op ids of the whole chain, earliest first (for the timeline's highlight). */
  readonly ids: Uint32Array;
  /** Edges ignored: back in time, self-loops, to ops that do not exist, and cycles met on the walk. */
  readonly ignoredEdges: number;
}

export function criticalPath(
  trace: Trace,
  index: TraceIndex = indexTrace(trace),
  byLane: LaneOrder = laneOrder(index),
  maxSteps = Infinity,
  deps: DepIndex = indexDeps(trace),
  alloc: Alloc = FRESH,
): CriticalPathResult {
  const { n, start, end, laneOf, kindOf } = index;
  // Returned arrays (byKindNs, the chain's ids) are fresh; the per-op work arrays come from
  // `alloc` and are given back at the end.
  const byKindNs = new Float64Array(KIND_COUNT + 1);
  const temporaries = alloc.mark();

  // Incoming edges per op (CSR), those that can be candidates: inside the trace, no self-loop, and
  // not back in time. The rest are counted.
  const { from, to } = deps;
  let ignoredEdges = 0;
  const inStart = alloc.u32(n + 1);
  const keep = alloc.u8(deps.count);
  for (let k = 0; k < deps.count; k++) {
    const f = from[k]!;
    const t = to[k]!;
    if (f >= 0 && t >= 0 && f !== t && end[f]! <= end[t]!) {
      keep[k] = 1;
      inStart[t + 1]!++;
    } else ignoredEdges++;
  }
  if (n === 0) {
    alloc.release(temporaries);
    return { lengthNs: 0, byKindNs, ops: 0, path: [], ids: new Uint32Array(0), ignoredEdges };
  }
  for (let v = 0; v < n; v++) inStart[v + 1] = inStart[v + 1]! + inStart[v]!;
  const inFrom = alloc.u32(inStart[n]!);
  const fill = alloc.u32(n);
  fill.set(inStart.subarray(0, n));
  for (let k = 0; k < deps.count; k++) if (keep[k] === 1) inFrom[fill[to[k]!]!++] = from[k]!;

  // The op that ends last (ties: the earlier start, then the lower id, as for candidates).
  let last = 0;
  for (let i = 1; i < n; i++) if (end[i]! > end[last]! || (end[i]! === end[last]! && start[i]! < start[last]!)) last = i;

  const onChain = alloc.u8(n);
  const byEnd = new LaneEndOrder(index, byLane);
  let chain = new Uint32Array(64);
  let len = 0;
  let v = last;
  for (;;) {
    onChain[v] = 1;
    if (len === chain.length) {
      const grown = new Uint32Array(len * 2);
      grown.set(chain);
      chain = grown;
    }
    chain[len++] = v;

    let u = -1;
    for (let e = inStart[v]!; e < inStart[v + 1]!; e++) {
      const c = inFrom[e]!;
      if (onChain[c] === 1) {
        ignoredEdges++; // an edge back onto the chain: part of a cycle of equal end times
        continue;
      }
      if (u < 0 || end[c]! > end[u]! || (end[c]! === end[u]! && (start[c]! < start[u]! || (start[c]! === start[u]! && c < u)))) u = c;
    }
    const p = byEnd.before(laneOf[v]!, v, start[v]!, onChain);
    if (p >= 0 && (u < 0 || end[p]! > end[u]! || (end[p]! === end[u]! && start[p]! < start[u]!))) u = p;

    const s = start[v]!;
    const from = u >= 0 ? Math.max(s, end[u]!) : s;
    byKindNs[kindOf[v]!] = byKindNs[kindOf[v]!]! + (end[v]! - from);
    if (u < 0) break;
    if (s > end[u]!) byKindNs[GAP] = byKindNs[GAP]! + (s - end[u]!);
    v = u;
  }

  const ids = chain.subarray(0, len).reverse();
  const first = ids[0]!;
  const lengthNs = end[last]! - start[first]!;
  const ops = trace.ops;
  const shown = Math.min(len, maxSteps);
  const path: CriticalPathStepNs[] = new Array<CriticalPathStepNs>(shown);
  for (let k = 0; k < shown; k++) {
    const i = ids[k]!;
    const op = ops[i]!;
    const prevEnd = k > 0 ? end[ids[k - 1]!]! : start[i]!;
    path[k] = {
      id: op.id,
      name: op.name,
      laneId: op.laneId,
      startNs: start[i]!,
      durNs: end[i]! - start[i]!,
      contributionNs: end[i]! - Math.max(start[i]!, prevEnd),
      gapNs: Math.max(0, start[i]! - prevEnd),
    };
  }
  alloc.release(temporaries);
  return { lengthNs, byKindNs, ops: len, path, ids, ignoredEdges };
}

/**
 * Each lane's ops by (end, start, id), built per lane when first asked: the lane's start order
 * when its ends already follow it (a serial lane), else a sorted copy of it.
 */
class LaneEndOrder {
  private readonly sorted = new Map<number, Uint32Array>();
  constructor(
    private readonly index: TraceIndex,
    private readonly byLane: LaneOrder,
  ) {}

  private lane(l: number): Uint32Array {
    let s = this.sorted.get(l);
    if (s !== undefined) return s;
    const { end, start } = this.index;
    s = this.byLane.ops.subarray(this.byLane.laneStart[l]!, this.byLane.laneStart[l + 1]!);
    let monotone = true;
    for (let k = 1; k < s.length; k++) {
      if (end[s[k]!]! < end[s[k - 1]!]!) {
        monotone = false;
        break;
      }
    }
    // Start order with non-decreasing ends is already (end, start, id) order.
    if (!monotone) s = s.slice().sort((a, b) => end[a]! - end[b]! || start[a]! - start[b]! || a - b);
    this.sorted.set(l, s);
    return s;
  }

  /**
   * Of lane l's ops that ended at or before t, other than v and those on the chain, the one that
   * ended last (of those, the first to start, then the lowest id); −1 if none.
   */
  before(l: number, v: number, t: number, onChain: Uint8Array): number {
    const s = this.lane(l);
    const end = this.index.end;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (end[s[mid]!]! <= t) lo = mid + 1;
      else hi = mid;
    }
    // Groups of equal end, latest first; within a group the (start, id) order is the tie order.
    // Only v itself (zero-length at t) and chain ops that ended exactly at t can be passed over.
    let k = lo - 1;
    while (k >= 0) {
      const e = end[s[k]!]!;
      let g = k;
      while (g > 0 && end[s[g - 1]!]! === e) g--;
      for (let j = g; j <= k; j++) {
        const c = s[j]!;
        if (c !== v && onChain[c] !== 1) return c;
      }
      k = g - 1;
    }
    return -1;
  }
}
