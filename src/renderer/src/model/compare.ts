/**
 * Two traces' numbers side by side, with the difference B − A. Rows are the headline figures of
 * docs/metrics.md; phase comparisons are matched by their together phase (the same experiment run
 * twice has the same phase names). Formatting is the reports', so a figure here reads the same
 * as in either trace's report.
 */
import type { Stats } from '@core/analysis/stats-types';
import { formatMs, formatRatio } from '@core/export/report-format';
import { comparisonSpeedup } from '@core/export/report-tables';
import { formatMeasure, MEASURES, measureShown, type Measure, type MeasureId, type MeasureUnit } from '@core/export/summary';
import { kindLabel } from '@core/vocabulary/op-kinds';
import { OP_KINDS, type OpKind } from '@core/model';

export type CompareUnit = MeasureUnit;

export interface CompareRow {
  readonly label: string;
  readonly unit: CompareUnit;
  readonly a: number | undefined;
  readonly b: number | undefined;
  readonly aText: string;
  readonly bText: string;
  /** B − A in the row's unit, signed; empty when either side has no value. */
  readonly diffText: string;
  /** B relative to A ("+12.3 %"), for durations and ratios; empty when not meaningful. */
  readonly relText: string;
}

const MINUS = '−';

/** A signed difference: "+1.20 ms", "−0.35×", "+4.0 pp" (percentage points), "0" unchanged. */
export function formatDiff(unit: CompareUnit, d: number): string {
  if (d === 0) return unit === 'pct' ? '0.0 pp' : unit === 'ratio' ? formatRatio(0) : formatMs(0);
  const sign = d < 0 ? MINUS : '+';
  const a = Math.abs(d);
  return unit === 'pct' ? `${sign}${a.toFixed(1)} pp` : `${sign}${formatMeasure(unit, a)}`;
}

export function compareRow(label: string, unit: CompareUnit, a: number | undefined, b: number | undefined): CompareRow {
  const both = a !== undefined && b !== undefined;
  const rel = both && unit !== 'pct' && a !== 0 ? (100 * (b - a)) / Math.abs(a) : undefined;
  return {
    label,
    unit,
    a,
    b,
    aText: a === undefined ? '—' : formatMeasure(unit, a),
    bText: b === undefined ? '—' : formatMeasure(unit, b),
    diffText: both ? formatDiff(unit, b - a) : '',
    relText: rel === undefined ? '' : `${rel < 0 ? MINUS : '+'}${Math.abs(rel).toFixed(1)} %`,
  };
}

/** The kinds compared: all but `other`, which only foreign traces have. */
const KINDS: readonly OpKind[] = OP_KINDS.filter((k) => k !== 'other');

/** A headline measure (core/export/summary.ts) of both traces, under its short name. */
function measureRow(id: MeasureId, a: Stats, b: Stats): CompareRow {
  const m: Measure = MEASURES[id];
  return compareRow(m.name, m.unit, m.value(a), m.value(b));
}

export function compareStats(a: Stats, b: Stats): CompareRow[] {
  return [
    ...(['span', 'sum-of-parts', 'parallelism', 'parallelism-with-waits'] as const).map((id) => measureRow(id, a, b)),
    // Revision 2's GPU concurrency, where either trace has two or more GPU lanes at work.
    ...(measureShown('gpu-concurrency', a) || measureShown('gpu-concurrency', b) ? [measureRow('gpu-concurrency', a, b)] : []),
    ...KINDS.map((k) => compareRow(`${kindLabel(k)} busy`, 'ms', a[k].busyMs, b[k].busyMs)),
    ...(['compute-transfer', 'transfer-hidden', 'critical-path'] as const).map((id) => measureRow(id, a, b)),
  ];
}

export interface PhaseCompareRows {
  /** The together phase both comparisons share (or that one side lacks). */
  readonly together: string;
  readonly rows: readonly CompareRow[];
}

/** A speedup row whose sides read as the reports print them: with the 95 % interval, or "(one run, no interval)". */
function withInterval(row: CompareRow, aText: string | undefined, bText: string | undefined): CompareRow {
  return { ...row, ...(aText !== undefined ? { aText } : {}), ...(bText !== undefined ? { bText } : {}) };
}

/** Per phase comparison (matched by the together phase): Σ separate, together, speedup (with its interval). */
export function comparePhases(a: Stats, b: Stats): PhaseCompareRows[] {
  const names = [...new Set([...a.phaseComparisons.map((c) => c.together), ...b.phaseComparisons.map((c) => c.together)])];
  return names.map((together) => {
    const ca = a.phaseComparisons.find((c) => c.together === together);
    const cb = b.phaseComparisons.find((c) => c.together === together);
    return {
      together,
      rows: [
        compareRow('Σ separate', 'ms', ca?.sumOfSeparateMs, cb?.sumOfSeparateMs),
        compareRow('together', 'ms', ca?.togetherMs, cb?.togetherMs),
        withInterval(compareRow('Speedup', 'ratio', ca?.speedup, cb?.speedup), ca && comparisonSpeedup(ca, a), cb && comparisonSpeedup(cb, b)),
      ],
    };
  });
}
