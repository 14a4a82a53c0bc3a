/**
 * A parameter sweep (stats.sweeps) as one static SVG line chart for the HTML/PDF report: speedup
 * over the baseline against the swept value, one line per arrangement, a reference line at 1×
 * (no gain) and, when the experiment gives one, a dashed line at the threshold a speedup must
 * exceed to count as paying. Each point has a tooltip with the two walls it comes from.
 *
 * The x axis is logarithmic (base 2) when the values are positive and span 8× or more, as a size
 * sweep in powers of two does; otherwise linear. Every string from the trace goes through
 * escapeHtml: trace files are untrusted input.
 */
import type { SweepStats } from '../analysis/stats-types.js';
import { escapeHtml as h } from './escape.js';
import { formatMs, formatRatio } from './report-format.js';
import { sweepLogAxis, sweepValues } from './sweep-table.js';
import { speedupStep } from '../timeline/ticks.js';

export interface SweepSvgOptions {
  readonly width: number;
  readonly height?: number;
  /** Leave out xmlns for an <svg> inlined in HTML (a self-contained report holds no URL). */
  readonly inline?: boolean;
}

/** Okabe–Ito colours not used for op kinds, told apart under colour-vision deficiencies. */
export const SWEEP_COLORS = ['#CC79A7', '#009E73', '#D55E00', '#56B4E9', '#F0E442', '#000000'] as const;

const PAD = { left: 52, right: 16, top: 14, bottom: 44 } as const;

/** Axis ticks for a speedup range [0, max]: 0.25, 0.5, 1, 2 … steps, at most six intervals. */
function yTicks(max: number): number[] {
  const step = speedupStep(max, 6) ?? Math.ceil(max / 5);
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(Number(v.toFixed(6)));
  return out;
}

export function sweepChartSvg(sweep: SweepStats, opts: SweepSvgOptions): string {
  const width = Math.max(240, opts.width);
  const height = opts.height ?? 260;
  const values = sweepValues(sweep);
  const ns = opts.inline ? '' : ' xmlns="http://www.w3.org/2000/svg"';
  const label = `${sweep.title}: speedup over ${sweep.baseline} against ${sweep.parameter}`;
  if (values.length === 0) {
    return `<svg${ns} class="sweep-chart" role="img" aria-label="${h(label)}" width="${width}" height="40" viewBox="0 0 ${width} 40"><text x="8" y="24" class="muted">No complete point to draw.</text></svg>`;
  }
  const lo = values[0]!;
  const hi = values[values.length - 1]!;
  const log = sweepLogAxis(sweep);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const xOf = (v: number): number => {
    if (hi === lo) return PAD.left + plotW / 2;
    const t = log ? Math.log2(v / lo) / Math.log2(hi / lo) : (v - lo) / (hi - lo);
    return PAD.left + t * plotW;
  };
  const speedups = sweep.series.flatMap((s) => s.points.map((p) => p.speedup));
  const yMax = Math.max(1.2, sweep.threshold ?? 0, ...speedups) * 1.08;
  const ticks = yTicks(yMax);
  const top = Math.max(yMax, ticks[ticks.length - 1]!);
  const yOf = (v: number): number => PAD.top + plotH * (1 - v / top);
  const f = (x: number): string => x.toFixed(1);

  const parts: string[] = [];
  // Grid and y axis.
  for (const t of ticks) {
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${f(yOf(t))}" y2="${f(yOf(t))}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${f(yOf(t) + 4)}" text-anchor="end" class="tick">${formatRatio(t)}</text>`);
  }
  // x ticks at each measured value.
  for (const v of values) {
    parts.push(`<line x1="${f(xOf(v))}" x2="${f(xOf(v))}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH + 4}" class="axis"/>`);
    parts.push(`<text x="${f(xOf(v))}" y="${PAD.top + plotH + 16}" text-anchor="middle" class="tick">${h(String(v))}</text>`);
  }
  parts.push(
    `<text x="${PAD.left + plotW / 2}" y="${height - 8}" text-anchor="middle" class="axis-label">${h(sweep.parameter)}${log ? ' (log scale)' : ''}</text>`,
  );
  parts.push(`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}" class="axis"/>`);
  parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" class="axis"/>`);
  // 1× = no gain; the threshold, when given and not 1.
  parts.push(
    `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${f(yOf(1))}" y2="${f(yOf(1))}" class="ref"><title>1×: as fast as ${h(sweep.baseline)}</title></line>`,
  );
  if (sweep.threshold !== undefined && Math.abs(sweep.threshold - 1) > 1e-9) {
    parts.push(
      `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${f(yOf(sweep.threshold))}" y2="${f(yOf(sweep.threshold))}" class="threshold"><title>pays above ${formatRatio(sweep.threshold)}</title></line>`,
    );
  }
  // One line per arrangement, a dot per point with its numbers.
  sweep.series.forEach((s, i) => {
    const color = SWEEP_COLORS[i % SWEEP_COLORS.length]!;
    if (s.points.length > 1) {
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${s.points.map((p) => `${f(xOf(p.value))},${f(yOf(p.speedup))}`).join(' ')}"/>`,
      );
    }
    for (const p of s.points) {
      const tip = `${s.arrangement} at ${sweep.parameter} = ${p.value}: ${formatRatio(p.speedup)} (${sweep.baseline} ${formatMs(p.baselineMs)} ÷ ${formatMs(p.wallMs)})`;
      parts.push(`<circle cx="${f(xOf(p.value))}" cy="${f(yOf(p.speedup))}" r="3.5" fill="${color}"><title>${h(tip)}</title></circle>`);
    }
  });
  const legend = sweep.series
    .map(
      (s, i) => `<span class="legend-item"><span class="swatch" style="background:${SWEEP_COLORS[i % SWEEP_COLORS.length]}"></span>${h(s.arrangement)}</span>`,
    )
    .join(' ');
  const svg =
    `<svg${ns} class="sweep-chart" role="img" aria-label="${h(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    parts.join('') +
    '</svg>';
  return `${svg}<div class="legend">${legend} <span class="muted">— speedup = ${h(sweep.baseline)} wall ÷ the arrangement’s wall; solid grey line 1×${
    sweep.threshold !== undefined && Math.abs(sweep.threshold - 1) > 1e-9 ? `, dashed ${formatRatio(sweep.threshold)} (pays above)` : ''
  }</span></div>`;
}
