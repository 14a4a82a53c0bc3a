/**
 * docs/metrics.md revision 2 `concurrency`: how long two or more lanes of one class did work at
 * the same time. `gpuNs`: time during which ≥ 2 GPU lanes ran compute or transfer; `cpuNs`: ≥ 2
 * CPU lanes did work (any op but sync); `pairs`: for each pair of lanes with work,
 * |busy(work of A) ∩ busy(work of B)|.
 *
 * Cost: the class measures merge the lanes' runs in time order, O(m log L) for m runs (m ≤ n) on L
 * lanes. A pair costs |runs of A| + |runs of B|, so all pairs cost
 * (L − 1) · m — linear in the trace for the tens of lanes of a GPU trace, but quadratic in the
 * lanes: a trace with more than MAX_PAIR_LANES lanes with work lists no pairs (pairsOmitted says
 * how many were left out) rather than spend O(L · n) on a table nobody can read.
 */
import type { LaneRuns } from './work-runs.js';
import type { TraceIndex } from './trace-index.js';

/** Above this many lanes with work, pairs are not listed (64 lanes: 2,016 pairs). */
export const MAX_PAIR_LANES = 64;

export interface LanePairNs {
  /** Lane ids, a before b in the trace's lane order. */
  readonly a: string;
  readonly b: string;
  readonly ns: number;
}

export interface ConcurrencyResult {
  readonly gpuNs: number;
  readonly cpuNs: number;
  /**
   * 100 × gpuNs / (Σ GPU lanes' busy − the busiest GPU lane's busy): with two GPU lanes, the share
   * of the shorter lane's busy time that overlapped the other — the most that could have. 0 when
   * fewer than two GPU lanes have work.
   */
  readonly gpuPctOfShorter: number;
  /** The same for CPU lanes' work. */
  readonly cpuPctOfShorter: number;
  /** How many GPU lanes ran compute or transfer. */
  readonly gpuLanes: number;
  readonly pairs: readonly LanePairNs[];
  /** Pairs not listed because more than MAX_PAIR_LANES lanes have work; 0 otherwise. */
  readonly pairsOmitted: number;
}

/**
 * @param work every lane's work runs (WORK_KINDS)
 * @param gpuWork the GPU lanes' compute and transfer runs (GPU_WORK_KINDS, GPU lanes only)
 */
export function concurrency(index: TraceIndex, work: LaneRuns, gpuWork: LaneRuns): ConcurrencyResult {
  const lanes = index.lanes;
  const gpu = atLeastTwo(gpuWork, (l) => lanes[l]!.kind === 'gpu');
  const cpu = atLeastTwo(work, (l) => lanes[l]!.kind === 'cpu');

  const withWork: number[] = [];
  for (let l = 0; l < lanes.length; l++) if (work.busyNs[l]! > 0) withWork.push(l);
  const pairs: LanePairNs[] = [];
  const possible = (withWork.length * (withWork.length - 1)) / 2;
  if (withWork.length <= MAX_PAIR_LANES) {
    for (let x = 0; x < withWork.length; x++) {
      for (let y = x + 1; y < withWork.length; y++) {
        const [a, b] = [withWork[x]!, withWork[y]!];
        pairs.push({ a: lanes[a]!.id, b: lanes[b]!.id, ns: intersectRuns(work, a, b) });
      }
    }
  }
  return {
    gpuNs: gpu.ns,
    cpuNs: cpu.ns,
    gpuPctOfShorter: gpu.pctOfShorter,
    cpuPctOfShorter: cpu.pctOfShorter,
    gpuLanes: gpu.lanes,
    pairs,
    pairsOmitted: pairs.length === possible ? 0 : possible,
  };
}

/** |runs of lane a ∩ runs of lane b|: two pointers over two sorted disjoint lists. */
function intersectRuns(r: LaneRuns, a: number, b: number): number {
  const { start, end, laneRun } = r;
  let i = laneRun[a]!;
  const iEnd = laneRun[a + 1]!;
  let j = laneRun[b]!;
  const jEnd = laneRun[b + 1]!;
  let total = 0;
  while (i < iEnd && j < jEnd) {
    const si = start[i]!;
    const sj = start[j]!;
    const ei = end[i]!;
    const ej = end[j]!;
    const s = si > sj ? si : sj;
    if (ei < ej) {
      if (ei > s) total += ei - s;
      i++;
    } else {
      if (ej > s) total += ej - s;
      j++;
    }
  }
  return total;
}

/**
 * Time during which ≥ 2 of the chosen lanes have a run, and its share of the most it could be.
 * Each lane's runs are sorted and disjoint, so a lane is a sorted stream of events start, end,
 * start, …: a k-way merge of the lanes' streams (a binary heap of lanes keyed by their next event,
 * an end before a start at a tie: half-open runs that touch do not overlap) visits every event in
 * time order in O(m log L), with no sort of the m runs and nothing allocated per run.
 */
function atLeastTwo(r: LaneRuns, chosen: (l: number) => boolean): { ns: number; pctOfShorter: number; lanes: number } {
  const laneCount = r.busyNs.length;
  let sumBusy = 0;
  let maxBusy = 0;
  const lanes: number[] = [];
  for (let l = 0; l < laneCount; l++) {
    if (!chosen(l) || !(r.busyNs[l]! > 0)) continue;
    sumBusy += r.busyNs[l]!;
    if (r.busyNs[l]! > maxBusy) maxBusy = r.busyNs[l]!;
    lanes.push(l);
  }
  if (lanes.length < 2) return { ns: 0, pctOfShorter: 0, lanes: lanes.length };

  // Per chosen lane (slot j): its next run, whether its next event is that run's end, and the
  // event's key: time × 2, + 1 for a start, so that at a tie an end comes first. (Past 2^52 ns the
  // + 1 may be lost; the order of an end and a start at the same instant changes no length.)
  const k = lanes.length;
  const next = new Uint32Array(k);
  const last = new Uint32Array(k);
  const atEnd = new Uint8Array(k);
  const key = new Float64Array(k);
  const heap = new Uint32Array(k); // slots, a min-heap by key
  for (let j = 0; j < k; j++) {
    next[j] = r.laneRun[lanes[j]!]!;
    last[j] = r.laneRun[lanes[j]! + 1]!;
    key[j] = 2 * r.start[next[j]!]! + 1;
    heap[j] = j;
  }
  let size = k;
  const down = (i: number): void => {
    const v = heap[i]!;
    const kv = key[v]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && key[heap[c + 1]!]! < key[heap[c]!]!) c++;
      if (key[heap[c]!]! >= kv) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = v;
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i);

  let open = 0;
  let since = 0;
  let total = 0;
  while (size > 0) {
    const j = heap[0]!;
    const q = next[j]!;
    if (atEnd[j] === 1) {
      const t = r.end[q]!;
      if (open === 2) total += t - since;
      open--;
      atEnd[j] = 0;
      next[j] = q + 1;
      if (q + 1 < last[j]!) key[j] = 2 * r.start[q + 1]! + 1;
      else heap[0] = heap[--size]!; // the lane has no more runs
    } else {
      open++;
      if (open === 2) since = r.start[q]!;
      atEnd[j] = 1;
      key[j] = 2 * r.end[q]!;
    }
    if (size > 0) down(0);
  }
  const possible = sumBusy - maxBusy;
  return { ns: total, pctOfShorter: possible > 0 ? (100 * total) / possible : 0, lanes: k };
}
