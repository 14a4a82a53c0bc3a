/**
 * Number formatting shared by the Markdown and HTML reports, so both print the same figure the
 * same way. Stats carry ms; durations are shown with an adaptive unit (formatDuration) so that
 * 0.004 ms reads as "4.00 µs" instead of "0.004 ms".
 */
import { formatDuration } from '../time.js';
import type { OpRow } from '../analysis/stats-types.js';

export function formatMs(ms: number): string {
  return formatDuration(ms * 1e6);
}

/** A percentage with one decimal, "42.0 %". */
export function formatPct(pct: number): string {
  return `${pct.toFixed(1)} %`;
}

/** A 0..1 fraction as a percentage. */
export function formatFraction(f: number): string {
  return formatPct(f * 100);
}

/** A ratio such as parallelism or speedup, "1.93×". */
export function formatRatio(r: number): string {
  return `${r.toFixed(2)}×`;
}

/** Errors and other figures of any magnitude: three significant digits, exponent when tiny or huge. */
export function formatSci(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

/** Counts with thousands separators, locale-independent so reports are reproducible. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Calibration figures are in ns; shown in µs with a sign, as the CLI prints them. */
export function formatSignedNs(ns: number): string {
  const s = formatDuration(Math.abs(ns));
  return ns < 0 ? `−${s}` : `+${s}`;
}

/** The numeric cells of an op-table row, as both the Markdown and the HTML report show them. */
export function opRowNumbers(o: OpRow): string[] {
  return [formatCount(o.count), formatMs(o.totalMs), formatPct(o.pctOfTotal), formatMs(o.avgMs), formatMs(o.medMs), formatMs(o.minMs), formatMs(o.maxMs), formatMs(o.stdDevMs)];
}
