/**
 * Per-lane busy and idle time (docs/metrics.md: "per lane: busyMs, idleMs = spanMs − busyMs,
 * utilization = busyMs / spanMs, ops count").
 *
 * busy(lane) is a union, not a sum: a lane is a serial resource, but foreign traces nest ops on
 * one thread (a CUDA runtime call inside a Python function) or overlap them, and summing would
 * count that time twice. The span is the whole trace's span, so every lane's idle time is
 * measured against the same window and the lane rows add up across the table.
 */
import type { LaneKind, Trace } from '../model.js';
import { indexTrace, spanNs, type TraceIndex } from './trace-index.js';
import { unionByGroup } from './union-sweep.js';

export interface LaneUsage {
  readonly id: string;
  readonly name: string;
  readonly kind: LaneKind;
  readonly ops: number;
  readonly busyNs: number;
  readonly idleNs: number;
  /** busy / trace span; 0 when the span is 0. */
  readonly utilization: number;
}

/** busy(lane) in ns and op count, by lane index (`TraceIndex.lanes` order). */
export function laneBusy(index: TraceIndex): { readonly busyNs: Float64Array; readonly ops: Uint32Array } {
  const laneCount = index.lanes.length;
  const ops = new Uint32Array(laneCount);
  for (let i = 0; i < index.n; i++) ops[index.laneOf[i]!]!++;
  return { busyNs: unionByGroup(index, index.laneOf, laneCount).lengths, ops };
}

/** One row per lane, in the trace's lane order, lanes without ops included (busy 0). */
export type LaneBusy = ReturnType<typeof laneBusy>;

export function laneStats(trace: Trace, index: TraceIndex = indexTrace(trace), perLane: LaneBusy = laneBusy(index)): LaneUsage[] {
  const span = spanNs(index);
  const { busyNs, ops } = perLane;
  return index.lanes.map((lane, l) => {
    const busy = busyNs[l]!;
    return {
      id: lane.id,
      name: lane.name,
      kind: lane.kind,
      ops: ops[l]!,
      busyNs: busy,
      idleNs: span - busy,
      utilization: span > 0 ? busy / span : 0,
    };
  });
}
