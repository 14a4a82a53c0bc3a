/**
 * Sorting of the op table (one row per op name pattern and kind, or per exact name). Numbers sort by value, text by a
 * locale-independent comparison so the order is the same on every machine; ties keep the order
 * Stats gave them (by total time), which makes a second click on a column predictable.
 */
import type { OpRow } from '@core/analysis/stats-types';

export type OpColumn = 'name' | 'kind' | 'count' | 'totalMs' | 'pctOfTotal' | 'avgMs' | 'medMs' | 'minMs' | 'maxMs' | 'stdDevMs';
export type SortDir = 'asc' | 'desc';

export interface OpColumnInfo {
  readonly key: OpColumn;
  readonly label: string;
  readonly numeric: boolean;
}

/** The columns, in the order and with the headings of the HTML report. */
export const OP_COLUMNS: readonly OpColumnInfo[] = [
  { key: 'name', label: 'Op', numeric: false },
  { key: 'kind', label: 'Kind', numeric: false },
  { key: 'count', label: 'Count', numeric: true },
  { key: 'totalMs', label: 'Total', numeric: true },
  { key: 'pctOfTotal', label: '% of kind', numeric: true },
  { key: 'avgMs', label: 'Avg', numeric: true },
  { key: 'medMs', label: 'Median', numeric: true },
  { key: 'minMs', label: 'Min', numeric: true },
  { key: 'maxMs', label: 'Max', numeric: true },
  { key: 'stdDevMs', label: 'Std dev', numeric: true },
];

/** The first click on a column: biggest first for numbers (what costs most), A→Z for text. */
export function defaultDir(column: OpColumn): SortDir {
  return OP_COLUMNS.find((c) => c.key === column)?.numeric ? 'desc' : 'asc';
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortOpRows<R extends OpRow>(rows: readonly R[], column: OpColumn, dir: SortDir): R[] {
  const sign = dir === 'asc' ? 1 : -1;
  const indexed = rows.map((row, i) => ({ row, i }));
  indexed.sort((x, y) => {
    const a = x.row[column];
    const b = y.row[column];
    const c = typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b));
    return c !== 0 ? sign * c : x.i - y.i;
  });
  return indexed.map((x) => x.row);
}
