/** A time window of a trace, in its ns (relative to its origin), as the timeline emits it. */
import { formatMs } from '@core/export/report-format';

export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** The same window with start ≤ end (a drag can go either way). */
export function ordered(range: TimeRange): TimeRange {
  return range.start <= range.end ? range : { start: range.end, end: range.start };
}

/** "Selection: 12.30 ms – 45.60 ms (33.30 ms)", units as the reports choose them. */
export function selectionLabel(range: TimeRange): string {
  const { start, end } = ordered(range);
  return `Selection: ${formatMs(start / 1e6)} – ${formatMs(end / 1e6)} (${formatMs((end - start) / 1e6)})`;
}

export function sameRange(a: TimeRange | undefined, b: TimeRange | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.start === b.start && a.end === b.end);
}
