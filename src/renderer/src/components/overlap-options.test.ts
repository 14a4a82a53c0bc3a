// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Stats } from '@core/analysis/stats-types';
import { EVIL_SCRIPT, fixtureStats } from '@core/testing/report-fixture';
import { formatMs } from '@core/export/report-format';
import { KIND_COLORS } from '@core/vocabulary/op-kinds';
import { DEFAULT_PALETTE } from './chart-palette';
import { busyBarOption, busyRows, clampPct, comparisonBars, laneRows, phaseComparisonOption, speedupSentence } from './overlap-options';

type Formatter = (params: unknown) => unknown;
interface Series {
  type?: string;
  name?: string;
  stack?: string;
  data: unknown[];
  label: { formatter: Formatter };
}

function tooltipOf(option: ReturnType<typeof busyBarOption>): Formatter {
  return (option.tooltip as { formatter: Formatter }).formatter;
}

describe('busyRows', () => {
  it('has compute, transfer, cpu, sync (other only when present) and the overlap, worded as the report', () => {
    const stats = fixtureStats();
    const rows = busyRows(stats);
    expect(rows.map((r) => r.key)).toEqual(['compute', 'transfer', 'cpu', 'sync', 'other', 'overlap']);
    expect(rows[1]).toEqual({ key: 'transfer', label: 'transfer busy', ms: 30, detail: `${formatMs(30)} · 41.7 % of span · 1 ops` });
    const noOther: Stats = { ...stats, other: { ops: 0, busyMs: 0 } };
    expect(busyRows(noOther).map((r) => r.key)).toEqual(['compute', 'transfer', 'cpu', 'sync', 'overlap']);
  });
});

describe('busyBarOption', () => {
  it('draws one bar per row on an axis that ends at the span, in the kind colours', () => {
    const stats = fixtureStats();
    const option = busyBarOption(stats, DEFAULT_PALETTE);
    expect(option.xAxis).toMatchObject({ min: 0, max: 72 });
    const series = (option.series as Series[])[0]!;
    expect(series.data).toEqual([
      { value: 60, itemStyle: { color: KIND_COLORS.compute } },
      { value: 30, itemStyle: { color: KIND_COLORS.transfer } },
      { value: 5, itemStyle: { color: KIND_COLORS.cpu } },
      { value: 65, itemStyle: { color: KIND_COLORS.sync } },
      { value: 2, itemStyle: { color: KIND_COLORS.other } },
      { value: 30, itemStyle: { color: DEFAULT_PALETTE.overlap } },
    ]);
    expect(series.label.formatter({ value: 60 })).toBe(formatMs(60));
  });

  it('builds its tooltip from text nodes', () => {
    const tip = tooltipOf(busyBarOption(fixtureStats(), DEFAULT_PALETTE))({ dataIndex: 0 }) as HTMLElement;
    expect(tip).toBeInstanceOf(HTMLElement);
    expect(tip.textContent).toContain('compute busy');
  });
});

describe('phaseComparisonOption', () => {
  it('has a bar per separate phase (its median), the stacked sum and the together phase, and a dot per run', () => {
    const stats = fixtureStats(); // three rounds: 'alone <i>' 38, 40, 45; 'together' 33, 32, 30
    const c = stats.phaseComparisons[0]!;
    expect(comparisonBars(c, stats)).toEqual([
      { label: 'alone <i>', ms: 40, role: 'separate', runsMs: [38, 40, 45] },
      { label: 'together', ms: 32, role: 'separate', runsMs: [33, 32, 30] },
      { label: 'Σ separate', ms: 48, role: 'sum', runsMs: [] },
      { label: 'together (together)', ms: 32, role: 'together', runsMs: [33, 32, 30] },
    ]);
    const option = phaseComparisonOption(c, stats, DEFAULT_PALETTE);
    const series = option.series as Series[];
    const bars = series.filter((s) => s.type === 'bar');
    expect(bars.map((s) => s.data)).toEqual([
      [40, null, 40, null],
      [null, 32, 32, null],
      [null, null, null, 32],
    ]);
    expect(bars.every((s) => s.stack === 'phases')).toBe(true);
    // The Σ row is labelled once, with the sum from Stats.
    expect(bars[0]!.label.formatter({ dataIndex: 2, value: 40 })).toBe('');
    expect(bars[1]!.label.formatter({ dataIndex: 2, value: 32 })).toBe(formatMs(48));
    // Over rounds the bars carry no value labels (the dots would cover them; the figures list gives the numbers).
    expect(bars.every((s) => (s as unknown as { label: { show: boolean } }).label.show === false)).toBe(true);
    // The dot strip: [ms, row] for each run, rows 0, 1 and 3 (the Σ row has none).
    const dots = series.find((s) => s.type === 'scatter')!;
    expect((dots.data as { value: number[] }[]).map((d) => d.value)).toEqual([
      [38, 0],
      [40, 0],
      [45, 0],
      [33, 1],
      [32, 1],
      [30, 1],
      [33, 3],
      [32, 3],
      [30, 3],
    ]);
  });

  it('states the speedup with its interval over rounds, and says when there is one run', () => {
    const stats = fixtureStats();
    const c = stats.phaseComparisons[0]!;
    expect(speedupSentence(c, stats)).toBe(
      'Speedup 1.50× [1.40, 1.60] = the median over 3 rounds of Σ separate / together, with its 95 % interval: running them together was faster.',
    );
    const one = { ...stats, repeats: 1 };
    const single = { ...c, ratios: [1.5], ci95: [1.5, 1.5] as const };
    expect(speedupSentence(single, one)).toBe(
      `Speedup 1.50× (one run, no interval) = Σ separate ${formatMs(48)} / together ${formatMs(32)}: running them together was faster.`,
    );
    // One round: no dots, and the bars are labelled with their values.
    const oneSeries = phaseComparisonOption(single, one, DEFAULT_PALETTE).series as Series[];
    expect(oneSeries.some((s) => s.type === 'scatter')).toBe(false);
    expect(oneSeries.every((s) => (s as unknown as { label: { show: boolean } }).label.show)).toBe(true);
  });

  it('keeps a phase name with markup as text in its tooltip', () => {
    const stats = fixtureStats();
    const c = { ...stats.phaseComparisons[0]!, separate: [EVIL_SCRIPT] };
    const withEvil: Stats = { ...stats, phases: [{ name: EVIL_SCRIPT, wallMs: 7, minMs: 7, maxMs: 7, runsMs: [7] }], phaseComparisons: [c] };
    const tip = tooltipOf(phaseComparisonOption(c, withEvil, DEFAULT_PALETTE))({ dataIndex: 0, value: 7, seriesName: EVIL_SCRIPT }) as HTMLElement;
    expect(tip.textContent).toContain(EVIL_SCRIPT);
    expect(tip.querySelector('script')).toBeNull();
    expect(tip.innerHTML).toContain('&lt;script&gt;');
  });
});

describe('laneRows', () => {
  it('splits each lane bar into busy and idle, clamped to 100 %', () => {
    const rows = laneRows(fixtureStats().lanes, DEFAULT_PALETTE);
    expect(rows[0]).toMatchObject({ name: 'gpu1 queue', busy: formatMs(60), idle: formatMs(12), utilization: '83.3 %' });
    expect(rows[0]!.busyPct + rows[0]!.idlePct).toBe(100);
    expect(clampPct(100.0000001)).toBe(100);
    expect(clampPct(Number.NaN)).toBe(0);
  });
});
