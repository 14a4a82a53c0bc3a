/**
 * Interval algebra on half-open [start, end) intervals in ns: union, intersection, clipping.
 * Everything busy/overlap in docs/metrics.md reduces to these. Sorting makes them O(n log n).
 */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** The union as sorted, disjoint, non-empty intervals. */
export function union(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) {
      if (iv.end > last.end) last.end = iv.end;
    } else out.push({ start: iv.start, end: iv.end });
  }
  return out;
}

export function totalLength(disjoint: readonly Interval[]): number {
  let s = 0;
  for (const i of disjoint) s += i.end - i.start;
  return s;
}

/** Intersection of two sorted disjoint interval lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]!.start, b[j]!.start);
    const e = Math.min(a[i]!.end, b[j]!.end);
    if (e > s) out.push({ start: s, end: e });
    if (a[i]!.end < b[j]!.end) i++;
    else j++;
  }
  return out;
}

/** The parts of sorted disjoint intervals inside `window`. */
export function clip(disjoint: readonly Interval[], window: Interval): Interval[] {
  return intersect(disjoint, [window]);
}
