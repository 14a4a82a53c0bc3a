/**
 * busy(S) for many groups S at once (per kind, per lane) in one sweep over the ops in start order.
 *
 * Same result as `union` + `totalLength` from intervals.ts (union-sweep.test.ts checks that), but
 * `union` wants interval objects and sorts them itself; at a million ops, once per grouping, that
 * is a million allocations and a sort each time. Because the ops are already sorted by start
 * (TraceIndex.order), the ops of any one group arrive sorted too, so each group's union can be
 * merged on the fly with just its current [start, end) kept in typed arrays.
 */
import type { Interval } from './intervals.js';
import type { TraceIndex } from './trace-index.js';

export interface GroupUnion {
  /** busy(group), ns, by group index. */
  readonly lengths: Float64Array;
  /** The union as sorted disjoint intervals, only for the groups asked for in `collect`. */
  readonly intervals: ReadonlyMap<number, readonly Interval[]>;
}

/**
 * @param groupOf group index (0 ≤ g < groupCount) of each op
 * @param collect groups whose union is wanted as intervals (e.g. compute and transfer, to intersect)
 */
export function unionByGroup(index: TraceIndex, groupOf: ArrayLike<number>, groupCount: number, collect: readonly number[] = []): GroupUnion {
  const { order, start, end } = index;
  const lengths = new Float64Array(groupCount);
  const curStart = new Float64Array(groupCount);
  const curEnd = new Float64Array(groupCount);
  const open = new Uint8Array(groupCount);
  const intervals = new Map<number, Interval[]>();
  for (const g of collect) intervals.set(g, []);
  // Per-group sink, looked up once per merged interval rather than once per op.
  const sink: (Interval[] | undefined)[] = Array.from({ length: groupCount }, (_, g) => intervals.get(g));

  const close = (g: number): void => {
    lengths[g] = lengths[g]! + (curEnd[g]! - curStart[g]!);
    sink[g]?.push({ start: curStart[g]!, end: curEnd[g]! });
  };

  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    const s = start[i]!;
    const e = end[i]!;
    // Zero-length ops occupy no time (intervals.ts drops them from unions too).
    if (e <= s) continue;
    const g = groupOf[i]!;
    if (open[g] === 1 && s <= curEnd[g]!) {
      // Overlapping or touching the group's current run: extend it (a nested op may end earlier).
      if (e > curEnd[g]!) curEnd[g] = e;
    } else {
      if (open[g] === 1) close(g);
      open[g] = 1;
      curStart[g] = s;
      curEnd[g] = e;
    }
  }
  for (let g = 0; g < groupCount; g++) if (open[g] === 1) close(g);
  return { lengths, intervals };
}
