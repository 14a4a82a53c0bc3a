// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Stats } from '@core/analysis/stats-types';
import { fixtureStats } from '@core/testing/report-fixture';
import { formatMs, formatRatio } from '@core/export/report-format';
import { compareRow, comparePhases, compareStats, formatDiff } from './compare';

describe('compareStats', () => {
  it('puts A, B and B − A side by side, formatted as the reports format them', () => {
    const a = fixtureStats();
    const b: Stats = { ...a, spanMs: 60, parallelism: 2.5, work: { sumOfPartsMs: 90, parallelism: 1.5 }, compute: { ops: 2, busyMs: 70 } };
    const rows = compareStats(a, b);
    const span = rows.find((r) => r.label === 'Span')!;
    expect([span.aText, span.bText, span.diffText, span.relText]).toEqual([formatMs(72), formatMs(60), `−${formatMs(12)}`, '−16.7 %']);
    // The headline is work parallelism (97 / 72 = 1.35× against 1.50×); revision 1's follows it.
    const par = rows.find((r) => r.label === 'Parallelism (work)')!;
    expect([par.aText, par.bText, par.diffText]).toEqual([formatRatio(97 / 72), formatRatio(1.5), '+0.15×']);
    const waits = rows.find((r) => r.label === 'Parallelism with waits')!;
    expect([waits.aText, waits.bText, waits.diffText]).toEqual([formatRatio(2.25), formatRatio(2.5), '+0.25×']);
    expect(rows.find((r) => r.label === 'GPU lanes at work together')!.aText).toBe(formatMs(30));
    expect(rows.find((r) => r.label === 'compute busy')!.diffText).toBe(`+${formatMs(10)}`);
    expect(rows.find((r) => r.label === 'transfer hidden under compute')!.diffText).toBe('0.0 pp');
  });

  it('matches phase comparisons by their together phase, and shows a missing side as —', () => {
    const a = fixtureStats();
    const b: Stats = {
      ...a,
      phaseComparisons: [{ separate: ['x'], together: 'other', sumOfSeparateMs: 10, togetherMs: 5, speedup: 2, ci95: [2, 2], ratios: [2] }],
    };
    const groups = comparePhases(a, b);
    expect(groups.map((g) => g.together)).toEqual(['together', 'other']);
    const speedup = groups[0]!.rows.find((r) => r.label === 'Speedup')!;
    // A's fixture ran in three rounds: its speedup with the interval, as its report prints it.
    expect([speedup.aText, speedup.bText, speedup.diffText]).toEqual([`${formatRatio(1.5)} [1.40, 1.60]`, '—', '']);
    const other = groups[1]!.rows.find((r) => r.label === 'Speedup')!;
    expect(other.bText).toBe(`${formatRatio(2)} (one run, no interval)`);
  });
});

describe('formatDiff', () => {
  it('signs differences with a true minus sign', () => {
    expect(formatDiff('ms', -1.5)).toBe(`−${formatMs(1.5)}`);
    expect(formatDiff('ms', 0.002)).toBe('+2.00 µs');
    expect(formatDiff('pct', 4)).toBe('+4.0 pp');
    expect(compareRow('x', 'ms', 0, 5).relText).toBe('');
  });
});
