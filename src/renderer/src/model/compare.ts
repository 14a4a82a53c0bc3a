/**
 * Two traces' numbers side by side, with the difference B − A. Rows are the headline figures of
 * METRICS.md; phase comparisons are matched by their together phase (the same experiment run
 * twice has the same phase names). Formatting is the reports', so a figure here reads the same
 * as in either trace's report.
 */
import type { Stats } from '@core/analysis/stats-types';
import { formatMs, formatPct, formatRatio } from '@core/export/report-format';
import { kindLabel } from '@core/vocabulary/op-kinds';
import { OP_KINDS, type OpKind } from '@core/model';

export type CompareUnit = 'ms' | 'ratio' | 'pct';

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

function format(unit: CompareUnit, x: number): string {
  return unit === 'ms' ? formatMs(x) : unit === 'ratio' ? formatRatio(x) : formatPct(x);
}

/** A signed difference: "+1.20 ms", "−0.35×", "+4.0 pp" (percentage points), "0" unchanged. */
export function formatDiff(unit: CompareUnit, d: number): string {
  if (d === 0) return unit === 'pct' ? '0.0 pp' : unit === 'ratio' ? formatRatio(0) : formatMs(0);
  const sign = d < 0 ? MINUS : '+';
  const a = Math.abs(d);
  return unit === 'pct' ? `${sign}${a.toFixed(1)} pp` : `${sign}${format(unit, a)}`;
}

export function compareRow(label: string, unit: CompareUnit, a: number | undefined, b: number | undefined): CompareRow {
  const both = a !== undefined && b !== undefined;
  const rel = both && unit !== 'pct' && a !== 0 ? (100 * (b - a)) / Math.abs(a) : undefined;
  return {
    label,
    unit,
    a,
    b,
    aText: a === undefined ? '—' : format(unit, a),
    bText: b === undefined ? '—' : format(unit, b),
    diffText: both ? formatDiff(unit, b - a) : '',
    relText: rel === undefined ? '' : `${rel < 0 ? MINUS : '+'}${Math.abs(rel).toFixed(1)} %`,
  };
}

/** The kinds compared: all but `other`, which only foreign traces have. */
const KINDS: readonly OpKind[] = OP_KINDS.filter((k) => k !== 'other');

export function compareStats(a: Stats, b: Stats): CompareRow[] {
  return [
    compareRow('Span', 'ms', a.spanMs, b.spanMs),
    compareRow('Sum of parts', 'ms', a.sumOfPartsMs, b.sumOfPartsMs),
    compareRow('Parallelism', 'ratio', a.parallelism, b.parallelism),
    ...KINDS.map((k) => compareRow(`${kindLabel(k)} busy`, 'ms', a[k].busyMs, b[k].busyMs)),
    compareRow('compute ∩ transfer', 'ms', a.overlap.computeTransferMs, b.overlap.computeTransferMs),
    compareRow('transfer hidden under compute', 'pct', a.overlap.pctOfTransfer, b.overlap.pctOfTransfer),
    compareRow('Critical path', 'ms', a.criticalPath.lengthMs, b.criticalPath.lengthMs),
  ];
}

export interface PhaseCompareRows {
  /** The together phase both comparisons share (or that one side lacks). */
  readonly together: string;
  readonly rows: readonly CompareRow[];
}

/** Per phase comparison (matched by the together phase): Σ separate, together, speedup. */
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
        compareRow('Speedup', 'ratio', ca?.speedup, cb?.speedup),
      ],
    };
  });
}
