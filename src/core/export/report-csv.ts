/**
 * `parascope report --format csv`: the op table (docs/metrics.md "op table"), one row per (name, kind),
 * as RFC 4180 CSV: CRLF line ends, fields quoted when they contain a comma, a quote, CR or LF, and
 * quotes inside doubled.
 */
import type { OpRow, Stats } from '../analysis/stats-types.js';

export const CSV_HEADER = ['name', 'kind', 'count', 'totalMs', 'pctOfTotal', 'avgMs', 'medMs', 'minMs', 'maxMs', 'stdDevMs'] as const;

const CRLF = '\r\n';

export function renderCsv(stats: Stats): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of stats.ops) lines.push(csvRow(r));
  return lines.join(CRLF) + CRLF;
}

function csvRow(r: OpRow): string {
  return [
    textField(r.name),
    textField(r.kind),
    csvNumber(r.count),
    csvNumber(r.totalMs),
    csvNumber(r.pctOfTotal),
    csvNumber(r.avgMs),
    csvNumber(r.medMs),
    csvNumber(r.minMs),
    csvNumber(r.maxMs),
    csvNumber(r.stdDevMs),
  ].join(',');
}

/**
 * A text field. Spreadsheet formula injection (OWASP "CSV injection"): a cell that starts with
 * = + - @ (or tab / CR, which some spreadsheets strip before looking) would be evaluated as a
 * formula when the file is opened in Excel or LibreOffice, so such a cell gets a leading
 * apostrophe and is always quoted, e.g. `=1+1` becomes `"'=1+1"`. Only text cells: a number cell
 * such as -0.5 is data, not a formula, and stays as it is.
 */
export function textField(s: string): string {
  const guarded = /^[=+\-@\t\r]/.test(s);
  const v = guarded ? `'${s}` : s;
  return guarded || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Up to 6 decimals (1 ns in ms), no exponent for ordinary values, no trailing zeros, no "-0". */
export function csvNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  if (Number.isInteger(x)) return Object.is(x, -0) ? '0' : String(x);
  if (Math.abs(x) >= 1e21) return String(x);
  const s = x.toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
