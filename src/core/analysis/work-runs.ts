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
import { FRESH, type Alloc } from './scratch.js';

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

/**
 * @param lanes which lanes to take (others get no runs); all when absent
 * @param alloc where the arrays come from: from a `Scratch` (scratch.ts), the runs get room for
 *   one run per op of the lanes taken at once (zero pages until written), not grown by doubling
 */
export function laneRuns(index: TraceIndex, byLane: LaneOrder, kindMask: number, lanes?: (l: number) => boolean, alloc: Alloc = FRESH): LaneRuns {
  const { kindOf, start: opStart, end: opEnd } = index;
  const laneCount = index.lanes.length;
  const laneRun = new Uint32Array(laneCount + 1);
  const busyNs = new Float64Array(laneCount);
  const { laneStart, ops } = byLane;
  // Fresh arrays are grown by doubling: the number of runs is not known before the pass, and n of
  // them would be 16 bytes an op. Scratch bytes are reused after the statistics, so the bound.
  let bound = 0;
  for (let l = 0; l < laneCount; l++) if (lanes === undefined || lanes(l)) bound += laneStart[l + 1]! - laneStart[l]!;
  const capacity = alloc === FRESH ? 1024 : Math.max(1, bound);
  let start = alloc.f64(capacity);
  let end = alloc.f64(capacity);
  let m = 0;
  for (let l = 0; l < laneCount; l++) {
    laneRun[l] = m;
    if (lanes !== undefined && !lanes(l)) continue;
    let open = false;
    let cs = 0;
    let ce = 0;
    let busy = 0;
    const stop = laneStart[l + 1]!;
    for (let p = laneStart[l]!; p <= stop; p++) {
      let s = 0;
      let e = 0;
      if (p < stop) {
        const i = ops[p]!;
        if (((kindMask >> kindOf[i]!) & 1) === 0) continue;
        s = opStart[i]!;
        e = opEnd[i]!;
        if (e <= s) continue; // a zero-length op occupies no time (union-sweep.ts does the same)
        if (open && s <= ce) {
          if (e > ce) ce = e;
          continue;
        }
      }
      // A new run begins (or the lane ends): close the open one.
      if (open) {
        if (m === start.length) {
          const grownStart = alloc.f64(2 * m);
          grownStart.set(start);
          start = grownStart;
          const grownEnd = alloc.f64(2 * m);
          grownEnd.set(end);
          end = grownEnd;
        }
        start[m] = cs;
        end[m] = ce;
        m++;
        busy += ce - cs;
      }
      open = true;
      cs = s;
      ce = e;
    }
    busyNs[l] = busy;
  }
  laneRun[laneCount] = m;
  return { laneRun, start: start.subarray(0, m), end: end.subarray(0, m), busyNs };
}
