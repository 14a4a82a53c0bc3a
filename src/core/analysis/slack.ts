/**
 * docs/metrics.md revision 2 `slack`: what the trace's data dependencies alone would allow —
 * "could the framework have run these in parallel?" answered from the trace itself. Only for
 * traces with `data` edges (Parascope recordings, profiled programs); undefined otherwise.
 *
 * - `dataBoundNs`: the longest path through data edges only (no same-lane order, no host, launch
 *   or queue-order edges), each op weighted by its duration, a sync op by 0 (waiting is not work).
 *   Its nodes are the GPU lanes' work ops and every op that a data edge touches; a path starts and
 *   ends at GPU work ops (host ops count between kernels, not before the first or after the last);
 *   a GPU op alone is a path of one. With unlimited queues and nothing else in the way, the work could not take less.
 * - `gpuSpanNs`: the busy-span of the GPU work, last end − first start over the GPU lanes' work
 *   ops; `potentialSpeedup` = gpuSpanNs / dataBoundNs.
 * - `independentSerialized`: pairs of ops that ran one after the other on one GPU lane — adjacent
 *   work ops in the lane's start order, the second starting at or after the first ended — with
 *   no data path from the first to the second; `sample` names the first few.
 *
 * A longest path needs a DAG: data edges are kept only when they go forward in the (start, id)
 * order (TraceIndex.order), which drops back-in-time edges and at least one edge of every cycle,
 * and makes that order a topological one: one pass, O(n + E).
 * Reachability is searched only for the adjacent pairs: forward from the first op over data
 * edges, never past the second op's rank (a data path to it runs through ops that start before
 * it), at most SEARCH_BUDGET ops per pair. A pair whose search runs out of budget is counted in
 * `undecided`, not in `independentSerialized`. So O(pairs × budget) at worst; on real traces the
 * window between two adjacent ops of a queue holds few ops and the search stops early.
 */
import type { Trace } from '../model.js';
import { KIND_SYNC } from '../vocabulary/op-kinds.js';
import type { DepIndex } from './dep-index.js';
import type { LaneOrder } from './lane-order.js';
import type { TraceIndex } from './trace-index.js';
import { FRESH, type Alloc } from './scratch.js';

/** Ops visited at most by one pair's reachability search. */
export const SEARCH_BUDGET = 256;
/** Pairs named in `sample`. */
export const SLACK_SAMPLE = 5;

export interface SerializedPairNs {
  readonly laneId: string;
  readonly first: { readonly id: number; readonly name: string };
  readonly second: { readonly id: number; readonly name: string };
}

export interface SlackResult {
  readonly dataBoundNs: number;
  readonly gpuSpanNs: number;
  /** gpuSpan / dataBound; 0 when the bound is 0. */
  readonly potentialSpeedup: number;
  readonly independentSerialized: number;
  /** Adjacent pairs whose reachability search ran out of budget (counted in neither). */
  readonly undecided: number;
  /** The first SLACK_SAMPLE independent pairs, in lane order, then time. */
  readonly sample: readonly SerializedPairNs[];
}

/** `alloc`: where the per-op work arrays come from (all given back before it returns). */
export function slack(trace: Trace, index: TraceIndex, byLane: LaneOrder, deps: DepIndex, alloc: Alloc = FRESH): SlackResult | undefined {
  if (deps.dataCount === 0) return undefined;
  const { n, order, start, end, kindOf, laneOf } = index;
  const temporaries = alloc.mark();
  const rank = alloc.u32(n);
  for (let r = 0; r < n; r++) rank[order[r]!] = r;

  // Forward data edges, as CSR both ways: out-edges for the searches, in-edges for the longest path.
  const outStart = alloc.u32(n + 1);
  const inStart = alloc.u32(n + 1);
  const keep = alloc.u8(deps.count);
  for (let k = 0; k < deps.count; k++) {
    const f = deps.from[k]!;
    const t = deps.to[k]!;
    if (deps.data[k] === 1 && f >= 0 && t >= 0 && rank[f]! < rank[t]!) {
      keep[k] = 1;
      outStart[f + 1]!++;
      inStart[t + 1]!++;
    }
  }
  for (let v = 0; v < n; v++) {
    outStart[v + 1] = outStart[v + 1]! + outStart[v]!;
    inStart[v + 1] = inStart[v + 1]! + inStart[v]!;
  }
  const outTo = alloc.u32(outStart[n]!);
  const inFrom = alloc.u32(inStart[n]!);
  const touched = alloc.u8(n);
  // Filled through the kept edges' own slots (CSR fill positions by edge, no n-sized copies).
  const outPos = alloc.u32(n);
  for (let k = 0; k < deps.count; k++) {
    if (keep[k] !== 1) continue;
    const f = deps.from[k]!;
    outTo[outStart[f]! + outPos[f]!++] = deps.to[k]!;
  }
  outPos.fill(0);
  for (let k = 0; k < deps.count; k++) {
    if (keep[k] !== 1) continue;
    const f = deps.from[k]!;
    const t = deps.to[k]!;
    inFrom[inStart[t]! + outPos[t]!++] = f;
    touched[f] = 1;
    touched[t] = 1;
  }

  const gpuLane = index.lanes.map((l) => l.kind === 'gpu');
  const gpuWork = (i: number): boolean => gpuLane[laneOf[i]!]! && kindOf[i] !== KIND_SYNC;

  // Heaviest data path from a GPU work op to each op, in topological (start, id) order; −1: no
  // GPU work op leads here. The bound is taken at GPU work ops, so a path runs from GPU work to
  // GPU work: host ops between them (a read-back the host computes on, then a writeBuffer the next
  // kernel reads) count, those before the first kernel (the program uploading its inputs) or after
  // the last do not — they lie outside the GPU span the bound is compared with, and counted they
  // made the bound exceed it (potential speedups below 1× for every program that uploads inputs).
  const dist = alloc.f64(n).fill(-1);
  let dataBound = 0;
  let gpuFirst = Infinity;
  let gpuLast = -Infinity;
  for (let r = 0; r < n; r++) {
    const v = order[r]!;
    const g = gpuWork(v);
    if (g) {
      if (start[v]! < gpuFirst) gpuFirst = start[v]!;
      if (end[v]! > gpuLast) gpuLast = end[v]!;
    }
    if (!g && touched[v] !== 1) continue;
    let best = -1;
    for (let e = inStart[v]!; e < inStart[v + 1]!; e++) if (dist[inFrom[e]!]! > best) best = dist[inFrom[e]!]!;
    if (g) best = Math.max(best, 0);
    if (best < 0) continue;
    const d = best + (kindOf[v] === KIND_SYNC ? 0 : end[v]! - start[v]!);
    dist[v] = d;
    if (g && d > dataBound) dataBound = d;
  }
  const gpuSpan = gpuLast > gpuFirst ? gpuLast - gpuFirst : 0;

  // Adjacent pairs on each GPU lane.
  let seen: Uint32Array | undefined; // search generation per op (no clearing between searches), made at the first search
  const stack = new Uint32Array(SEARCH_BUDGET);
  let generation = 0;
  /** 1: a data path a ⇝ b; 0: none; −1: undecided. */
  const reaches = (a: number, b: number): number => {
    seen ??= alloc.u32(n);
    generation++;
    const limit = rank[b]!;
    let top = 0;
    let visited = 0;
    stack[top++] = a;
    seen[a] = generation;
    while (top > 0) {
      const x = stack[--top]!;
      for (let e = outStart[x]!; e < outStart[x + 1]!; e++) {
        const y = outTo[e]!;
        if (y === b) return 1;
        if (rank[y]! > limit || seen[y] === generation) continue;
        if (++visited >= SEARCH_BUDGET) return -1;
        seen[y] = generation;
        stack[top++] = y;
      }
    }
    return 0;
  };
  let independent = 0;
  let undecided = 0;
  const sample: SerializedPairNs[] = [];
  const ops = trace.ops;
  for (let l = 0; l < index.lanes.length; l++) {
    if (!gpuLane[l]) continue;
    let prev = -1;
    for (let p = byLane.laneStart[l]!; p < byLane.laneStart[l + 1]!; p++) {
      const b = byLane.ops[p]!;
      if (kindOf[b] === KIND_SYNC) continue;
      const a = prev;
      prev = b;
      if (a < 0 || start[b]! < end[a]!) continue;
      // Most ops feed nothing: no search needed.
      const r = outStart[a] === outStart[a + 1] ? 0 : reaches(a, b);
      if (r === 0) {
        independent++;
        if (sample.length < SLACK_SAMPLE) {
          sample.push({ laneId: index.lanes[l]!.id, first: { id: a, name: ops[a]!.name }, second: { id: b, name: ops[b]!.name } });
        }
      } else if (r < 0) undecided++;
    }
  }
  alloc.release(temporaries);
  return {
    dataBoundNs: dataBound,
    gpuSpanNs: gpuSpan,
    potentialSpeedup: dataBound > 0 ? gpuSpan / dataBound : 0,
    independentSerialized: independent,
    undecided,
    sample,
  };
}
