/**
 * What the overlap panel shows, as data: the busy-by-kind rows, the lane rows and the ECharts
 * options of its bar charts. Pure functions of Stats (plus a palette for the canvas), so they
 * are tested without a canvas, and every figure is formatted exactly as the reports format it.
 */
import type { LaneStats, PhaseComparisonStats, Stats } from '@core/analysis/stats-types';
import { formatCount, formatFraction, formatMs } from '@core/export/report-format';
import { comparisonSpeedup } from '@core/export/report-tables';
import { busyRows as reportBusyRows, type BusyRow } from '@core/export/summary';
import { OP_KINDS } from '@core/model';
import { laneKindColorOf, laneKindLabel } from '@core/vocabulary/lane-kinds';
import type { ChartPalette } from './chart-palette';
import type { ChartOption } from './echarts-setup';
import { tooltipContent } from './tooltip-content';

export type { BusyRow };

/** The report's busy rows (core/export/summary.ts); `other` only when the trace has such ops. */
export function busyRows(stats: Stats): BusyRow[] {
  return reportBusyRows(
    stats,
    OP_KINDS.filter((k) => k !== 'other' || stats.other.ops > 0),
  );
}

function rowColor(key: BusyRow['key'], p: ChartPalette): string {
  return key === 'overlap' ? p.overlap : p.kinds[key];
}

const AXIS_LABEL_WIDTH = 170;

/** One horizontal bar per busy row against the span (the x axis ends at the span). */
export function busyBarOption(stats: Stats, p: ChartPalette): ChartOption {
  const rows = busyRows(stats);
  return {
    animation: false,
    grid: { left: 8, right: 72, top: 4, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const i = Array.isArray(params) ? (params[0]?.dataIndex ?? 0) : params.dataIndex;
        const row = rows[i];
        return row === undefined ? '' : tooltipContent(row.label, [row.detail]);
      },
    },
    xAxis: { type: 'value', min: 0, max: stats.spanMs > 0 ? stats.spanMs : 1, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { color: p.fg, width: AXIS_LABEL_WIDTH, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barWidth: 12,
        showBackground: true,
        backgroundStyle: { color: p.track },
        data: rows.map((r) => ({ value: r.ms, itemStyle: { color: rowColor(r.key, p) } })),
        label: { show: true, position: 'right', color: p.muted, formatter: (x) => formatMs(Number(x.value)) },
      },
    ],
  };
}

export interface LaneRow {
  readonly id: string;
  readonly name: string;
  readonly kindLabel: string;
  readonly ops: string;
  readonly busy: string;
  readonly idle: string;
  readonly utilization: string;
  /** Bar widths in %, busy then idle; they add up to 100. */
  readonly busyPct: number;
  readonly idlePct: number;
  readonly color: string;
}

/** The lane table: utilization = busy / span, idle = span − busy (docs/metrics.md). */
export function laneRows(lanes: readonly LaneStats[], p: ChartPalette): LaneRow[] {
  return lanes.map((l) => {
    const busyPct = clampPct(100 * l.utilization);
    return {
      id: l.id,
      name: l.name,
      kindLabel: laneKindLabel(l.kind),
      ops: formatCount(l.ops),
      busy: formatMs(l.busyMs),
      idle: formatMs(l.idleMs),
      utilization: formatFraction(l.utilization),
      busyPct,
      idlePct: 100 - busyPct,
      color: p.kinds[laneKindColorOf(l.kind)],
    };
  });
}

/** A bar width: stats are finite, but a ratio can pass 1 by rounding. */
export function clampPct(x: number): number {
  return Number.isFinite(x) ? Math.min(100, Math.max(0, x)) : 0;
}

export interface ComparisonBar {
  readonly label: string;
  /** The phase's wall time: the median over its rounds. */
  readonly ms: number;
  readonly role: 'separate' | 'sum' | 'together';
  /** Every round's wall time of the phase, in round order (none for the Σ row). */
  readonly runsMs: readonly number[];
}

/** The bars of one phase comparison: each separate phase, their sum, the together phase. */
export function comparisonBars(c: PhaseComparisonStats, stats: Stats): ComparisonBar[] {
  const byName = new Map(stats.phases.map((ph) => [ph.name, ph]));
  return [
    ...c.separate.map((name): ComparisonBar => ({ label: name, ms: byName.get(name)?.wallMs ?? 0, role: 'separate', runsMs: byName.get(name)?.runsMs ?? [] })),
    { label: 'Σ separate', ms: c.sumOfSeparateMs, role: 'sum', runsMs: [] },
    { label: `${c.together} (together)`, ms: c.togetherMs, role: 'together', runsMs: byName.get(c.together)?.runsMs ?? [] },
  ];
}

/**
 * "Speedup 1.50× [1.40, 1.60] = the median over 3 rounds of Σ separate / together …", the report's
 * wording and interval (core/export/report-tables.ts); one run: "Speedup 1.50× (one run, no interval) = Σ separate 48.0 ms / together 32.0 ms …".
 */
export function speedupSentence(c: PhaseComparisonStats, stats: Stats): string {
  const verdict =
    c.speedup > 1 ? 'running them together was faster' : c.speedup > 0 ? 'running them together was not faster' : 'the together phase has no length';
  const speedup = comparisonSpeedup(c, stats);
  return stats.repeats >= 2 && c.ratios.length >= 2
    ? `Speedup ${speedup} = the median over ${c.ratios.length} rounds of Σ separate / together, with its 95 % interval: ${verdict}.`
    : `Speedup ${speedup} = Σ separate ${formatMs(c.sumOfSeparateMs)} / together ${formatMs(c.togetherMs)}: ${verdict}.`;
}

/**
 * Each separate phase on its own row, the same phases stacked on the Σ row (so the sum shows its
 * parts), and the together phase: one scale, so the bars compare directly.
 */
export function phaseComparisonOption(c: PhaseComparisonStats, stats: Stats, p: ChartPalette): ChartOption {
  const bars = comparisonBars(c, stats);
  const sumRow = c.separate.length;
  const togetherRow = sumRow + 1;
  const color = (i: number): string => p.separate[i % p.separate.length] ?? p.muted;
  // Over rounds the dots would sit on the value labels: the figures under the chart give the numbers then.
  const label = { show: stats.repeats < 2, position: 'right' as const, color: p.muted, formatter: (x: { value: unknown }) => formatMs(Number(x.value)) };
  const parts = c.separate.map((name, i) => {
    const ms = bars[i]?.ms ?? 0;
    const data: (number | null)[] = bars.map(() => null);
    data[i] = ms;
    data[sumRow] = ms;
    return {
      type: 'bar' as const,
      name,
      stack: 'phases',
      barWidth: 12,
      itemStyle: { color: color(i) },
      data,
      // Only the last part of the stack labels the Σ row, with the sum itself.
      label: {
        ...label,
        formatter: (x: { dataIndex: number; value: unknown }) =>
          x.dataIndex === sumRow ? (i === c.separate.length - 1 ? formatMs(c.sumOfSeparateMs) : '') : formatMs(Number(x.value)),
      },
    };
  });
  const together: (number | null)[] = bars.map(() => null);
  together[togetherRow] = c.togetherMs;
  return {
    animation: false,
    grid: { left: 8, right: 72, top: 4, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const one = Array.isArray(params) ? params[0] : params;
        if (one === undefined) return '';
        const row = bars[one.dataIndex];
        if (row === undefined) return '';
        if (row.role === 'sum') return tooltipContent('Σ separate', [formatMs(c.sumOfSeparateMs), `${one.seriesName ?? ''}: ${formatMs(Number(one.value))}`]);
        return tooltipContent(row.label, [formatMs(row.ms)]);
      },
    },
    xAxis: { type: 'value', min: 0, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.label),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { color: p.fg, width: AXIS_LABEL_WIDTH, overflow: 'truncate' },
    },
    series: [
      ...parts,
      { type: 'bar', name: c.together, stack: 'phases', barWidth: 12, itemStyle: { color: p.together }, data: together, label },
      // Over rounds: every run of each phase as a dot on its bar (the bar is the median), so the spread shows.
      ...(stats.repeats >= 2 ? [runDots(bars, p)] : []),
    ],
  };
}

/** The name of the dot-strip series (its tooltip names the round). */
export const RUNS_SERIES = 'runs';

/** A scatter of each phase's runs at its row: [ms, row]; the tooltip says which round. */
function runDots(bars: readonly ComparisonBar[], p: ChartPalette) {
  const data = bars.flatMap((b, row) => b.runsMs.map((ms, i) => ({ value: [ms, row], name: `${b.label}: round ${i + 1}` })));
  return {
    type: 'scatter' as const,
    name: RUNS_SERIES,
    symbolSize: 6,
    z: 3,
    itemStyle: { color: p.fg, opacity: 0.75, borderColor: p.track, borderWidth: 1 },
    data,
    tooltip: { formatter: (x: { name: string; value: unknown }) => tooltipContent(x.name, [formatMs(Number((x.value as number[])[0]))]) },
  };
}
