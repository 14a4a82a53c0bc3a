/**
 * Binds Chrome flow events to slices the way the Trace Event Format specifies and Perfetto
 * implements: a flow point binds to the slice on its own (pid, tid) that encloses its timestamp
 * (`s`, `t`, and `f` with `bp: "e"`), or — for `f` without `bp` — to the next slice that starts at
 * or after it. Among enclosing slices the deepest (latest start) wins; a slice starting exactly at
 * the timestamp is preferred over one ending there, since our intervals are half-open [start, end).
 */
import { partitionPoint } from '../analysis/partition-point.js';
import type { Op } from '../model.js';

/** Start order, and of two slices starting together the longer (the parent) first. */
function byStartLongerFirst(a: Op, b: Op): number {
  return a.start - b.start || b.dur - a.dur;
}

/** Whether `list` is already in `byStartLongerFirst` order (a stable sort would leave it as it is). */
function inOrder(list: readonly Op[]): boolean {
  for (let i = 1; i < list.length; i++) if (byStartLongerFirst(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

export class LaneIndex {
  /** Per lane: ops sorted by start, then by longer first (so parents precede children). */
  private readonly byLane = new Map<string, Op[]>();
  /** Per lane: prefix maximum of end times, so a backwards search knows when to stop. */
  private readonly maxEnd = new Map<string, Float64Array>();

  /** `lanes`: index only these (flow binding needs the lanes flows point at, not all). */
  constructor(ops: readonly Op[], lanes?: ReadonlySet<string>) {
    for (const op of ops) {
      if (lanes && !lanes.has(op.laneId)) continue;
      let list = this.byLane.get(op.laneId);
      if (!list) this.byLane.set(op.laneId, (list = []));
      list.push(op);
    }
    for (const [lane, list] of this.byLane) {
      // Traces list each thread's slices in this order as a rule: one pass finds it so and spares
      // the comparator sort (1.7 s of a 14M-event report, 0.9 s more than 1M's per op).
      if (!inOrder(list)) list.sort(byStartLongerFirst);
      const m = new Float64Array(list.length);
      let run = -Infinity;
      list.forEach((op, i) => (m[i] = run = Math.max(run, op.start + op.dur)));
      this.maxEnd.set(lane, m);
    }
  }

  /** The deepest op on `laneId` whose [start, end] contains `t` (start inclusive preferred). */
  enclosing(laneId: string, t: number): Op | undefined {
    const list = this.byLane.get(laneId);
    if (!list) return undefined;
    // Last op with start <= t is at lo - 1.
    const lo = partitionPoint(list.length, (i) => list[i]!.start <= t);
    // Walk back over candidates (an earlier, longer slice may be the parent that encloses t),
    // stopping as soon as no earlier slice reaches t.
    const maxEnd = this.maxEnd.get(laneId)!;
    for (let i = lo - 1; i >= 0 && maxEnd[i]! >= t; i--) {
      const op = list[i]!;
      if (op.start + op.dur >= t) return op;
    }
    return undefined;
  }

  /** The first op on `laneId` starting at or after `t`. */
  nextStarting(laneId: string, t: number): Op | undefined {
    const list = this.byLane.get(laneId);
    if (!list) return undefined;
    return list[partitionPoint(list.length, (i) => list[i]!.start < t)];
  }
}
