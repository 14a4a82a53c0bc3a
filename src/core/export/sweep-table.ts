/**
 * A parameter sweep as a table of text cells, for every report format (HTML, Markdown, the CLI's
 * text): one row per swept value, the baseline's wall, then each arrangement's wall and speedup
 * (over rounds: the median walls, and the median speedup with its 95 % interval).
 * A value an arrangement lacks (a cancelled run) shows '–'.
 */
import type { SweepStats } from '../analysis/stats-types.js';
import { formatInterval, formatMs, formatRatio } from './report-format.js';

export interface SweepTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The swept values that have a point in some series, ascending. */
export function sweepValues(s: SweepStats): number[] {
  return [...new Set(s.series.flatMap((x) => x.points.map((p) => p.value)))].sort((a, b) => a - b);
}

/**
 * Whether a sweep's value axis is logarithmic (base 2): positive values spanning 8× or more, as a
 * size sweep in powers of two does. The report's SVG and the app's chart both ask this.
 */
export function sweepLogAxis(s: SweepStats): boolean {
  const values = sweepValues(s);
  const lo = values[0];
  const hi = values[values.length - 1];
  return lo !== undefined && hi !== undefined && lo > 0 && hi / lo >= 8;
}

export function sweepTable(s: SweepStats): SweepTable {
  const values = sweepValues(s);
  const head = [s.parameter, `${s.baseline} wall`, ...s.series.flatMap((x) => [`${x.arrangement} wall`, `${x.arrangement} speedup`])];
  const rows = values.map((v) => {
    const baseline = s.series.map((x) => x.points.find((p) => p.value === v)).find((p) => p !== undefined)!.baselineMs;
    return [
      String(v),
      formatMs(baseline),
      ...s.series.flatMap((x) => {
        const p = x.points.find((q) => q.value === v);
        // Over rounds, the median speedup and its 95 % interval; a point without spread (one round) just the ratio.
        const ci = p === undefined || p.ci95[0] === p.ci95[1] ? '' : ` ${formatInterval(p.ci95)}`;
        return p === undefined ? ['–', '–'] : [formatMs(p.wallMs), `${formatRatio(p.speedup)}${ci}`];
      }),
    ];
  });
  return { head, rows };
}
