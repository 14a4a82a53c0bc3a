/**
 * Each lane's ops in (start, id) order, as one compressed array (CSR): the ops of lane l are
 * `ops[laneStart[l] .. laneStart[l + 1])`. One counting pass over `TraceIndex.order` (stable, so
 * each lane keeps the start order): O(n + L), two typed arrays, no per-op object. The work runs
 * (work-runs.ts) and the critical path's same-lane step (critical-path.ts) read it.
 */
import type { TraceIndex } from './trace-index.js';
import { FRESH, type Alloc } from './scratch.js';

export interface LaneOrder {
  /** laneStart[l] … laneStart[l + 1]: lane l's slice of `ops`. Length lanes + 1. */
  readonly laneStart: Uint32Array;
  /** Op indices, grouped by lane, each lane in (start, id) order. */
  readonly ops: Uint32Array;
}

export function laneOrder(index: TraceIndex, alloc: Alloc = FRESH): LaneOrder {
  const { n, order, laneOf } = index;
  const laneCount = index.lanes.length;
  const laneStart = new Uint32Array(laneCount + 1);
  for (let i = 0; i < n; i++) laneStart[laneOf[i]! + 1]!++;
  for (let l = 0; l < laneCount; l++) laneStart[l + 1] = laneStart[l + 1]! + laneStart[l]!;
  const put = laneStart.slice(0, laneCount);
  const ops = alloc.u32(n);
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    ops[put[laneOf[i]!]!++] = i;
  }
  return { laneStart, ops };
}
