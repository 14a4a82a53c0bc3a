/**
 * The critical path: the longest path through the dependency edges (weight 0) plus same-lane
 * order edges, with each op weighted by its duration. Same-lane order means "A ended before B
 * began on the same lane": on a serial lane that is each op → the next; on a lane with nested
 * slices (a CPU thread in a PyTorch trace: aten::mm containing cudaLaunchKernel) a parent and
 * its child are NOT in sequence, so the path never counts both (it would then exceed the span).
 *
 * Foreign traces may contain flow edges that point backwards in time or form cycles (clock skew,
 * a mis-bound flow event). A longest path is only defined on a DAG, so the ops are ordered by
 * (start, id) and EVERY edge that does not go forward in that order is dropped: a self-loop, a
 * backward edge, and thereby at least one edge of every cycle. What remains is a DAG whose
 * topological order is the (start, id) order we already have, so the longest path is one dynamic
 * programme over the ops in that order: O(n log n) for the sort (shared, TraceIndex) + O(n + E).
 *
 * Per lane, ops wait in a min-heap by end time until an op starts at or after their end; then
 * they are released into the lane's best-so-far, which is v's lane predecessor: O(n log n).
 */
import type { Trace } from '../model.js';
import { indexTrace, type TraceIndex } from './trace-index.js';

export interface CriticalPathStepNs {
  readonly id: number;
  readonly name: string;
  readonly laneId: string;
  readonly startNs: number;
  readonly durNs: number;
}

export interface CriticalPathResult {
  /** Σ durations of the ops on the path, ns. */
  readonly lengthNs: number;
  /** The ops on the path, earliest first. */
  readonly path: readonly CriticalPathStepNs[];
}

export function criticalPath(trace: Trace, index: TraceIndex = indexTrace(trace)): CriticalPathResult {
  const { n, order, start, end, laneOf } = index;
  if (n === 0) return { lengthNs: 0, path: [] };

  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]!] = r;

  // Incoming dependency edges per op, compressed (CSR): preds of v are inFrom[inStart[v] .. inStart[v+1]).
  const deps = trace.deps;
  const kept = (from: number, to: number): boolean =>
    Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= 0 && from < n && to < n && rank[from]! < rank[to]!;
  const inStart = new Uint32Array(n + 1);
  for (const d of deps) if (kept(d.from, d.to)) inStart[d.to + 1]!++;
  for (let v = 0; v < n; v++) inStart[v + 1] = inStart[v + 1]! + inStart[v]!;
  const inFrom = new Uint32Array(inStart[n]!);
  const fill = inStart.slice(0, n);
  for (const d of deps) if (kept(d.from, d.to)) inFrom[fill[d.to]!++] = d.from;

  // dist[v] = the longest path ending with v, including v's own duration.
  const dist = new Float64Array(n);
  const pred = new Int32Array(n).fill(-1);
  // Per lane: the released op with the longest path so far, and a min-heap (by end) of the rest.
  const laneBest = new Int32Array(index.lanes.length).fill(-1);
  const pending: number[][] = Array.from({ length: index.lanes.length }, () => []);
  let best = -1;
  let bestLen = -1;
  for (let r = 0; r < n; r++) {
    const v = order[r]!;
    // The heaviest predecessor; ties go to the first one seen (lane predecessor, then deps in
    // trace order), so the result is deterministic. Any predecessor beats none, which keeps
    // zero-length ops that lead to v on the path.
    let p = -1;
    let pLen = -1;
    const lane = laneOf[v]!;
    const heap = pending[lane]!;
    while (heap.length > 0 && end[heap[0]!]! <= start[v]!) {
      const u = heapPop(heap, end);
      // On a tie the later-ending op wins: it is closer to v, and keeps zero-length ops on the path.
      if (laneBest[lane]! < 0 || dist[u]! >= dist[laneBest[lane]!]!) laneBest[lane] = u;
    }
    const prev = laneBest[lane]!;
    if (prev >= 0) {
      p = prev;
      pLen = dist[prev]!;
    }
    for (let e = inStart[v]!; e < inStart[v + 1]!; e++) {
      const u = inFrom[e]!;
      if (dist[u]! > pLen) {
        p = u;
        pLen = dist[u]!;
      }
    }
    const len = (pLen > 0 ? pLen : 0) + (end[v]! - start[v]!);
    dist[v] = len;
    pred[v] = p;
    heapPush(heap, v, end);
    // The first op (in start order) that ends the longest path wins a tie.
    if (len > bestLen) {
      bestLen = len;
      best = v;
    }
  }

  const ids: number[] = [];
  for (let v = best; v >= 0; v = pred[v]!) ids.push(v);
  ids.reverse();
  const ops = trace.ops;
  const path = ids.map((i): CriticalPathStepNs => {
    const op = ops[i]!;
    return { id: op.id, name: op.name, laneId: op.laneId, startNs: start[i]!, durNs: end[i]! - start[i]! };
  });
  return { lengthNs: bestLen, path };
}

/** Binary min-heap of op indices keyed by `key[op]` (no allocation per op beyond the array). */
function heapPush(h: number[], v: number, key: Float64Array): void {
  h.push(v);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (key[h[parent]!]! <= key[h[i]!]!) break;
    [h[parent], h[i]] = [h[i]!, h[parent]!];
    i = parent;
  }
}

function heapPop(h: number[], key: Float64Array): number {
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && key[h[l]!]! < key[h[m]!]!) m = l;
      if (r < h.length && key[h[r]!]! < key[h[m]!]!) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  return top;
}
