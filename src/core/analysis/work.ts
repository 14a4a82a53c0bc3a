/**
 * docs/metrics.md revision 2 `work`: the sum of the parts and parallelism of work alone.
 * `work.sumOfPartsMs` = Σ over lanes of busy(the lane's work ops), work being every op that is not
 * `sync`; `work.parallelism` = that / spanMs. Revision 1's `parallelism` counts a thread blocked in
 * cudaDeviceSynchronize as a lane at work; this one does not. The span stays the whole trace's
 * (first start → last end over all ops, waits included), so the two parallelisms share a
 * denominator and differ only by the waiting.
 */
import type { LaneRuns } from './work-runs.js';
import { spanNs, type TraceIndex } from './trace-index.js';

export interface WorkResult {
  readonly sumOfPartsNs: number;
  /** sumOfParts / span; 0 when the span is 0. */
  readonly parallelism: number;
}

/** @param work the lanes' work runs (`laneRuns(…, WORK_KINDS)`) */
export function workStats(index: TraceIndex, work: LaneRuns): WorkResult {
  let sum = 0;
  for (const b of work.busyNs) sum += b;
  const span = spanNs(index);
  return { sumOfPartsNs: sum, parallelism: span > 0 ? sum / span : 0 };
}
