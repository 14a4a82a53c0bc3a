/**
 * Number formatting shared by the Markdown and HTML reports, so both print the same figure the
 * same way. Stats carry ms; durations are shown with an adaptive unit (formatDuration) so that
 * 0.004 ms reads as "4.00 µs" instead of "0.004 ms".
 */
import { formatDuration } from '../time.js';
import type { OpRow, ThroughputStats } from '../analysis/stats-types.js';

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

/** A 95 % interval of a ratio, "[1.29, 1.37]". */
export function formatInterval(ci: readonly [number, number]): string {
  return `[${ci[0].toFixed(2)}, ${ci[1].toFixed(2)}]`;
}

/**
 * A speedup with its 95 % bootstrap interval over `rounds` rounds (docs/metrics.md `repeats`):
 * "1.33× [1.29, 1.37]"; a single run has no interval and says so: "1.33× (one run, no interval)".
 */
export function formatSpeedup(speedup: number, ci: readonly [number, number], rounds: number): string {
  return rounds >= 2 ? `${formatRatio(speedup)} ${formatInterval(ci)}` : `${formatRatio(speedup)} (one run, no interval)`;
}

/** A phase over its rounds: "12.30 ms [11.90 ms, 13.00 ms]" (median [min, max]); one run: its wall time. */
export function formatPhaseSpread(p: { readonly wallMs: number; readonly minMs: number; readonly maxMs: number; readonly runsMs: readonly number[] }): string {
  return p.runsMs.length >= 2 ? `${formatMs(p.wallMs)} [${formatMs(p.minMs)}, ${formatMs(p.maxMs)}]` : formatMs(p.wallMs);
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
  return [
    formatCount(o.count),
    formatMs(o.totalMs),
    formatPct(o.pctOfTotal),
    formatMs(o.avgMs),
    formatMs(o.medMs),
    formatMs(o.minMs),
    formatMs(o.maxMs),
    formatMs(o.stdDevMs),
  ];
}

const SI = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

/** A quantity with a decimal SI prefix and three significant digits: "37.6 TFLOP/s", "102 GB/s", "17.2 GFLOP". */
export function formatSi(x: number, unit: string): string {
  const a = Math.abs(x);
  for (const [scale, prefix] of SI) {
    if (a >= scale) return `${Number((x / scale).toPrecision(3))} ${prefix}${unit}`;
  }
  return `${Number(x.toPrecision(3))} ${unit}`;
}

/** The cells of a throughput row after its name and kind: count, work, time, achieved, best op, % of peak. */
export function throughputRowCells(r: ThroughputStats): string[] {
  const workUnit = r.unit === 'FLOP/s' ? 'FLOP' : 'B';
  return [
    formatCount(r.count),
    formatSi(r.work, workUnit),
    formatMs(r.busyMs),
    formatSi(r.perSec, r.unit),
    formatSi(r.bestPerSec, r.unit),
    r.pctOfPeak === undefined ? '–' : `${formatPct(r.pctOfPeak)}${r.peak ? ' (peak)' : ''}`,
  ];
}

export const THROUGHPUT_HEAD = ['Op', 'Kind', 'Count', 'Work', 'Time', 'Achieved', 'Best op', '% of peak'] as const;

/** What the throughput table's numbers mean, as every report words it. */
export const THROUGHPUT_NOTE =
  "Achieved = Σ work the ops declare (FLOP, or bytes read + written) ÷ Σ their GPU time; best op = the fastest single op; % of peak = against the fastest of the trace's own peak microbenchmarks for the unit.";

/** A size in bytes as a person reads it: B, KiB, MiB (one decimal) or GiB (two). */
export function formatBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  if (b >= 2 ** 10) return `${(b / 2 ** 10).toFixed(1)} KiB`;
  return `${b} B`;
}
