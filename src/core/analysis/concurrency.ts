/**
 * docs/metrics.md revision 2 `concurrency`: how long two or more lanes of one class did work at
 * the same time. `gpuNs`: time during which ≥ 2 GPU lanes ran compute or transfer; `cpuNs`: ≥ 2
 * CPU lanes did work (any op but sync); `pairs`: for each pair of lanes with work,
 * |busy(work of A) ∩ busy(work of B)|.
 *
 * Cost: the class measures sort the runs' starts and ends (typed-array sorts) and sweep them once:
 * O(m log m) for m runs (m ≤ n). A pair costs |runs of A| + |runs of B|, so all pairs cost
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
  let i = r.laneRun[a]!;
  const iEnd = r.laneRun[a + 1]!;
  let j = r.laneRun[b]!;
  const jEnd = r.laneRun[b + 1]!;
  let total = 0;
  while (i < iEnd && j < jEnd) {
    const s = Math.max(r.start[i]!, r.start[j]!);
    const e = Math.min(r.end[i]!, r.end[j]!);
    if (e > s) total += e - s;
    if (r.end[i]! < r.end[j]!) i++;
    else j++;
  }
  return total;
}

/** Time during which ≥ 2 of the chosen lanes have a run, and its share of the most it could be. */
function atLeastTwo(r: LaneRuns, chosen: (l: number) => boolean): { ns: number; pctOfShorter: number; lanes: number } {
  const laneCount = r.busyNs.length;
  let m = 0;
  let sumBusy = 0;
  let maxBusy = 0;
  let busyLanes = 0;
  for (let l = 0; l < laneCount; l++) {
    if (!chosen(l) || !(r.busyNs[l]! > 0)) continue;
    m += r.laneRun[l + 1]! - r.laneRun[l]!;
    sumBusy += r.busyNs[l]!;
    if (r.busyNs[l]! > maxBusy) maxBusy = r.busyNs[l]!;
    busyLanes++;
  }
  if (busyLanes < 2) return { ns: 0, pctOfShorter: 0, lanes: busyLanes };
  const starts = new Float64Array(m);
  const ends = new Float64Array(m);
  let k = 0;
  for (let l = 0; l < laneCount; l++) {
    if (!chosen(l) || !(r.busyNs[l]! > 0)) continue;
    for (let q = r.laneRun[l]!; q < r.laneRun[l + 1]!; q++) {
      starts[k] = r.start[q]!;
      ends[k] = r.end[q]!;
      k++;
    }
  }
  starts.sort();
  ends.sort();
  // Runs of one lane are disjoint, so the number of open runs is the number of lanes at work.
  // At a tie an end goes first: half-open runs that touch do not overlap.
  let i = 0;
  let j = 0;
  let open = 0;
  let since = 0;
  let total = 0;
  while (i < m || j < m) {
    if (j < m && (i >= m || ends[j]! <= starts[i]!)) {
      if (open === 2) total += ends[j]! - since;
      open--;
      j++;
    } else {
      open++;
      if (open === 2) since = starts[i]!;
      i++;
    }
  }
  const possible = sumBusy - maxBusy;
  return { ns: total, pctOfShorter: possible > 0 ? (100 * total) / possible : 0, lanes: busyLanes };
}
