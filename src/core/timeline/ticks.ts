/**
 * Axis ticks, one rule for every axis Parascope draws: the time axis of the report's SVG timeline
 * and of the app's canvas timeline (1/2/5 × 10^k ns, labelled in the unit the step reads best in),
 * and the speedup axis of the sweep charts (the report's SVG and the app's ECharts).
 */

/** The smallest 1, 2 or 5 × 10^k that is at least `raw` (> 0). */
export function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

export interface Ticks {
  /** ns between ticks. */
  readonly step: number;
  /** ns per label unit. */
  readonly unit: number;
  readonly unitName: string;
  /** Decimals the labels need. */
  readonly decimals: number;
}

const TIME_UNITS: readonly (readonly [number, string])[] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/** A 1/2/5 × 10^k step (at least 1 ns) giving about `target` ticks over `span` ns, and the unit its labels read best in. */
export function niceTicks(span: number, target: number): Ticks {
  const step = Math.max(1, niceStep(Math.max(span, 1) / Math.max(1, target)));
  // The largest unit in which the step is at least 0.1 (so labels need at most one decimal).
  const [unit, unitName] = TIME_UNITS.find(([u]) => step >= u / 10) ?? [1, 'ns'];
  const decimals = Math.max(0, Math.ceil(-Math.log10(step / unit) - 1e-9));
  return { step, unit, unitName, decimals };
}

/** How a tick at `t` ns is labelled: "1.5 ms". */
export function tickLabel(t: number, ticks: Ticks): string {
  return `${(t / ticks.unit).toFixed(ticks.decimals)} ${ticks.unitName}`;
}

/** Ticks drawn at most on one axis, whatever the view (a guard against a degenerate step). */
const MAX_TICKS = 1000;

/** The multiples of `step` in [start, end], ns. Multiplied, not accumulated: repeated addition drifts at fine steps far from zero. */
export function tickTimes(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  const last = Math.floor(end / step);
  for (let k = Math.ceil(start / step); k <= last && out.length < MAX_TICKS; k++) out.push(k * step);
  return out;
}

/** Finest step of a speedup axis: a quarter is as fine as a speedup is read. */
const SPEEDUP_MIN_STEP = 0.25;
/** Coarsest step the speedup rule gives; above it each chart has its own (they have never differed below). */
const SPEEDUP_MAX_STEP = 100;

/**
 * The step of a speedup axis [0, max] with at most `maxTicks` intervals: 0.25, 0.5, 1, 2, 5, 10 …
 * 100; undefined when even 100 gives more.
 */
export function speedupStep(max: number, maxTicks: number): number | undefined {
  const raw = max / maxTicks;
  if (raw > SPEEDUP_MAX_STEP) return undefined;
  return raw <= SPEEDUP_MIN_STEP ? SPEEDUP_MIN_STEP : niceStep(raw);
}
