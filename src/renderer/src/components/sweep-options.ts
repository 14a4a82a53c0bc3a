/**
 * A parameter sweep (stats.sweeps) as an ECharts line chart: speedup over the baseline against the
 * swept value, a line per arrangement, a solid reference line at 1× and a dashed one at the
 * experiment's threshold. The same picture as the HTML report's SVG (core/export/svg-sweep-chart.ts):
 * log₂ x axis when the values span 8× or more, the same colours, the same tooltip words.
 */
import type { SweepStats } from '@core/analysis/stats-types';
import { formatMs, formatRatio } from '@core/export/report-format';
import { SWEEP_COLORS } from '@core/export/svg-sweep-chart';
import { sweepLogAxis, sweepValues } from '@core/export/sweep-table';
import { speedupStep } from '@core/timeline/ticks';
import type { ChartPalette } from './chart-palette';
import type { ChartOption } from './echarts-setup';
import { tooltipContent } from './tooltip-content';

export function sweepColor(i: number): string {
  return SWEEP_COLORS[i % SWEEP_COLORS.length]!;
}

/** The y axis's top: a round multiple of a round step (0.25, 0.5, 1, 2, 5, …), so its ticks are round too. */
export function niceMax(v: number): number {
  const step = speedupStep(v, 8) ?? Math.pow(10, Math.ceil(Math.log10(v / 8)));
  return Math.ceil(v / step) * step;
}

export function sweepOption(s: SweepStats, p: ChartPalette): ChartOption {
  const log = sweepLogAxis(s);
  const values = sweepValues(s);
  const speedups = s.series.flatMap((x) => x.points.map((q) => q.speedup));
  const marks: { yAxis: number; name: string; lineStyle: { color: string; type: 'solid' | 'dashed'; width: number } }[] = [
    { yAxis: 1, name: `1×: as fast as ${s.baseline}`, lineStyle: { color: p.muted, type: 'solid', width: 1.5 } },
  ];
  if (s.threshold !== undefined && Math.abs(s.threshold - 1) > 1e-9) {
    marks.push({ yAxis: s.threshold, name: `pays above ${formatRatio(s.threshold)}`, lineStyle: { color: p.muted, type: 'dashed', width: 1 } });
  }
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 10, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const one = Array.isArray(params) ? params[0] : params;
        if (one === undefined || one.componentType !== 'series') return '';
        const series = s.series[one.seriesIndex ?? -1];
        const point = series?.points[one.dataIndex];
        if (series === undefined || point === undefined) return '';
        return tooltipContent(`${series.arrangement} at ${s.parameter} = ${point.value}`, [
          `speedup ${formatRatio(point.speedup)}`,
          `${s.baseline} ${formatMs(point.baselineMs)} ÷ ${formatMs(point.wallMs)}`,
        ]);
      },
    },
    xAxis: {
      type: log ? 'log' : 'value',
      ...(log ? { logBase: 2 } : {}),
      // A sweep has at least one value; an empty one lets ECharts choose.
      ...(values.length > 0 ? { min: values[0] as number, max: values[values.length - 1] as number } : {}),
      name: `${s.parameter}${log ? ' (log scale)' : ''}`,
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { color: p.muted },
      axisLabel: { color: p.muted },
      axisLine: { lineStyle: { color: p.muted } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: niceMax(Math.max(1.2, s.threshold ?? 0, ...speedups) * 1.08),
      axisLabel: { color: p.muted, formatter: (v: number) => formatRatio(v) },
      splitLine: { lineStyle: { color: p.grid } },
    },
    series: s.series.map((x, i) => ({
      type: 'line' as const,
      name: x.arrangement,
      data: x.points.map((q) => [q.value, q.speedup]),
      symbol: 'circle',
      symbolSize: 7,
      itemStyle: { color: sweepColor(i) },
      lineStyle: { color: sweepColor(i), width: 2 },
      ...(i === 0 ? { markLine: { silent: true, symbol: 'none', label: { show: false }, data: marks } } : {}),
    })),
  };
}
