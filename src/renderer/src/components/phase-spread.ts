/**
 * A phase's runs over its rounds as a dot strip (the app's phase table): each run a dot, the
 * median a tick, the least to the greatest a line, on a scale shared by every phase of the table
 * (0 to the longest run of any phase), so strips compare across rows. Pure: positions in px.
 */
import type { PhaseStats } from '@core/analysis/stats-types';

export interface SpreadStrip {
  /** x of each run, in round order. */
  readonly dots: readonly number[];
  readonly medianX: number;
  readonly minX: number;
  readonly maxX: number;
}

/** The scale's end: the longest run of any phase (1 when there is none, so nothing divides by 0). */
export function spreadScaleMs(phases: readonly PhaseStats[]): number {
  let max = 0;
  for (const p of phases) for (const r of p.runsMs) max = Math.max(max, r);
  return max > 0 ? max : 1;
}

/** The strip of `p` across `width` px with `pad` px at each end, for a scale of 0..`scaleMs`. */
export function spreadStrip(p: PhaseStats, scaleMs: number, width: number, pad = 4): SpreadStrip {
  const x = (ms: number) => pad + ((width - 2 * pad) * Math.min(Math.max(ms, 0), scaleMs)) / scaleMs;
  return { dots: p.runsMs.map(x), medianX: x(p.wallMs), minX: x(p.minMs), maxX: x(p.maxMs) };
}
