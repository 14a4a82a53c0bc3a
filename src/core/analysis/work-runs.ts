/**
 * Per lane, the union of its work ops as sorted disjoint runs [start, end), in typed arrays
 * (CSR by lane, like lane-order.ts): what docs/metrics.md's revision 2 measures are made of.
 * `work.sumOfPartsMs` is Σ of each lane's run lengths; `concurrency` intersects the runs of
 * lanes. Which ops count is a mask over kinds (bit k = `KIND_INDEX` k): work is every kind but
 * `sync` (waiting is not work). One pass over each lane's ops in start order, O(n), and the
 * arrays hold at most one run per op.
 */
import { KIND_COMPUTE, KIND_COUNT, KIND_SYNC, KIND_TRANSFER } from '../vocabulary/op-kinds.js';
import type { LaneOrder } from './lane-order.js';
import type { TraceIndex } from './trace-index.js';

/** Kind mask of work: every kind but sync. */
export const WORK_KINDS = ((1 << KIND_COUNT) - 1) & ~(1 << KIND_SYNC);
/** Kind mask of GPU work as `concurrency.gpuMs` counts it: compute or transfer. */
export const GPU_WORK_KINDS = (1 << KIND_COMPUTE) | (1 << KIND_TRANSFER);

export interface LaneRuns {
  /** runStart[l] … runStart[l + 1]: lane l's runs. Length lanes + 1. */
  readonly laneRun: Uint32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Σ run lengths per lane: busy(lane's ops of the mask), ns. */
  readonly busyNs: Float64Array;
}

/** @param lanes which lanes to take (others get no runs); all when absent */
export function laneRuns(index: TraceIndex, byLane: LaneOrder, kindMask: number, lanes?: (l: number) => boolean): LaneRuns {
  const { kindOf } = index;
  const laneCount = index.lanes.length;
  const laneRun = new Uint32Array(laneCount + 1);
  const busyNs = new Float64Array(laneCount);
  let cap = 64;
  let start = new Float64Array(cap);
  let end = new Float64Array(cap);
  let m = 0;
  const push = (s: number, e: number): void => {
    if (m === cap) {
      cap *= 2;
      const ns = new Float64Array(cap);
      ns.set(start);
      start = ns;
      const ne = new Float64Array(cap);
      ne.set(end);
      end = ne;
    }
    start[m] = s;
    end[m] = e;
    m++;
  };
  for (let l = 0; l < laneCount; l++) {
    laneRun[l] = m;
    if (lanes !== undefined && !lanes(l)) continue;
    let open = false;
    let cs = 0;
    let ce = 0;
    let busy = 0;
    for (let p = byLane.laneStart[l]!; p < byLane.laneStart[l + 1]!; p++) {
      const i = byLane.ops[p]!;
      if (((kindMask >> kindOf[i]!) & 1) === 0) continue;
      const s = index.start[i]!;
      const e = index.end[i]!;
      if (e <= s) continue; // a zero-length op occupies no time (union-sweep.ts does the same)
      if (open && s <= ce) {
        if (e > ce) ce = e;
      } else {
        if (open) {
          push(cs, ce);
          busy += ce - cs;
        }
        open = true;
        cs = s;
        ce = e;
      }
    }
    if (open) {
      push(cs, ce);
      busy += ce - cs;
    }
    busyNs[l] = busy;
  }
  laneRun[laneCount] = m;
  return { laneRun, start: start.subarray(0, m), end: end.subarray(0, m), busyNs };
}
