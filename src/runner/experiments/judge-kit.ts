/**
 * The judging kit every built-in judge (and the user-experiment judge) reads a finished trace
 * with: phases by name, the ops of a phase, wall and busy times, ratios and percentages with one
 * rounding rule, the "holds above" thresholds and their measures, and the findings the judges
 * share (total vs sum of the parts, two busy sets at once). A judge returns one run's findings;
 * `judgeRounds` (judge-rounds.ts, re-exported here) makes them verdicts. Pure: it imports only
 * core, so every judge built on it is a function of a Trace, unit-testable without Dawn or Vulkan.
 */
import { clip, intersect, totalLength, union, type Interval } from '../../core/analysis/intervals.js';
import type { Op, Phase, Trace } from '../../core/model.js';
import type { Finding, FindingMeasure } from './judge-rounds.js';

export { judgeRounds, type Finding, type FindingMeasure, type JudgeOne, type Polarity } from './judge-rounds.js';

// ---- thresholds ------------------------------------------------------------------------------

/** Below this speedup a "together" phase is not called faster: run-to-run noise of wall times. */
export const SPEEDUP_NOISE = 0.05;
/** A speedup pays (a claim of "faster" holds) above this. */
export const PAYS = 1 + SPEEDUP_NOISE;
/** Two busy sets "ran at the same time" when their overlap is at least this share of the shorter. */
export const OVERLAP_SHARE = 0.1;

/** Whether a speedup is more than run-to-run noise. */
export function pays(speedup: number): boolean {
  return speedup > PAYS;
}

// ---- numbers and their printed form ------------------------------------------------------------

/** a ÷ b, with a zero (or tiny) divisor taken as 1e-9 so the ratio stays finite. */
export function ratio(a: number, b: number): number {
  return a / Math.max(b, 1e-9);
}

/** part as a percentage of whole; 0 when whole is not positive. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

/** The one printed form of a percentage: whole percent ('42%'); '0%' when whole is not positive. */
export function pct(part: number, whole: number): string {
  return `${percent(part, whole).toFixed(0)}%`;
}

/** A ratio as printed: '2.50×'. */
export function times(x: number): string {
  return `${x.toFixed(2)}×`;
}

/** Milliseconds as printed: 4 significant digits or so, more decimals for shorter times. */
export function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

/** '(holds above 1.05×)': the speedup threshold as the evidence states it. */
export const HOLDS_ABOVE = times(PAYS);

// ---- phases and their ops ----------------------------------------------------------------------

/** The phase named `name`; a trace without it is an error that names it. */
export function phaseNamed(trace: Trace, name: string): Phase {
  const p = trace.phases.find((x) => x.name === name);
  if (!p) throw new Error(`the trace has no phase '${name}'`);
  return p;
}

/** A phase's (or any window's) wall time in ms. */
export function wallMs(p: Interval): number {
  return (p.end - p.start) / 1e6;
}

/**
 * An op belongs to the phase its midpoint lies in: robust to the calibration's µs-scale error at
 * the edges (an op may seem to start just before the phase that issued it).
 */
export function midpointIn(o: Op, p: Interval): boolean {
  const mid = o.start + o.dur / 2;
  return mid >= p.start && mid <= p.end;
}

/** The ops of a phase (by the midpoint rule) that satisfy `pred`. */
export function opsIn(trace: Trace, p: Interval, pred: (o: Op) => boolean = () => true): Op[] {
  return trace.ops.filter((o) => pred(o) && midpointIn(o, p));
}

/** The compute ops of a phase (by the midpoint rule). */
export function computeIn(trace: Trace, p: Interval): Op[] {
  return opsIn(trace, p, (o) => o.kind === 'compute');
}

/** Whether any adapter of the trace is a software renderer (fallback, or architecture 'software'). */
export function softwareAdapter(trace: Trace): NonNullable<Trace['meta']>['adapters'][number] | undefined {
  return (trace.meta?.adapters ?? []).find((a) => a.isFallback === true || a.architecture === 'software');
}

// ---- busy time ---------------------------------------------------------------------------------

/** The ops' intervals as a sorted disjoint union. */
export function intervals(ops: readonly Op[]): Interval[] {
  return union(ops.map((o) => ({ start: o.start, end: o.start + o.dur })));
}

/** Busy intervals of ops inside a window, as a sorted disjoint union. */
export function busyIn(ops: readonly Op[], window: Interval): Interval[] {
  return clip(intervals(ops), window);
}

export function overlapMs(a: readonly Interval[], b: readonly Interval[]): number {
  return totalLength(intersect(a, b)) / 1e6;
}

export function busyMs(a: readonly Interval[]): number {
  return totalLength(a) / 1e6;
}

/** Σ op durations in ms. */
export function sumMs(ops: readonly Op[]): number {
  return ops.reduce((s, o) => s + o.dur, 0) / 1e6;
}

export function meanDurMs(ops: readonly Op[]): number {
  return ops.length === 0 ? 0 : sumMs(ops) / ops.length;
}

// ---- the verdicts the judges share -------------------------------------------------------------

/** Two busy sets against each other: both at once, and whether that is enough to say they ran at the same time. */
export interface Overlap {
  readonly bothMs: number;
  readonly aMs: number;
  readonly bMs: number;
  readonly shorterMs: number;
  /** bothMs as a % of the shorter one's busy time (0 when it was never busy). */
  readonly pctOfShorter: number;
  /** At least OVERLAP_SHARE of the shorter, and more than nothing. */
  readonly overlapped: boolean;
}

/** The threshold verdict the judges share: did two busy sets run at the same time (≥ 10% of the shorter)? */
export function overlapOf(a: readonly Interval[], b: readonly Interval[]): Overlap {
  const bothMs = overlapMs(a, b);
  const [aMs, bMs] = [busyMs(a), busyMs(b)];
  const shorterMs = Math.min(aMs, bMs);
  return { bothMs, aMs, bMs, shorterMs, pctOfShorter: percent(bothMs, shorterMs), overlapped: shorterMs > 0 && bothMs >= OVERLAP_SHARE * shorterMs };
}

/** The ops' per-lane busy intervals of the first two lanes that have any, overlapped; none with fewer than two lanes. */
export function laneOverlap(ops: readonly Op[], lanes: readonly string[] = [...new Set(ops.map((o) => o.laneId))]): Overlap | undefined {
  if (lanes.length < 2) return undefined;
  return overlapOf(intervals(ops.filter((o) => o.laneId === lanes[0])), intervals(ops.filter((o) => o.laneId === lanes[1])));
}

export interface PhaseTime {
  readonly name: string;
  readonly wallMs: number;
  /** The wall in ns, as the phase comparison's speedup divides it (src/core/analysis/phases.ts). */
  readonly wallNs: number;
}

export interface PhaseTimes {
  readonly separate: readonly PhaseTime[];
  readonly together: PhaseTime;
}

/** A phase as PhaseTimes want it. */
export function phaseTime(p: Phase): PhaseTime {
  const wallNs = Math.max(0, p.end - p.start);
  return { name: p.name, wallMs: wallNs / 1e6, wallNs };
}

/**
 * Σ separate walls ÷ the together wall (0 when together took no time), divided in ns exactly as the
 * stats' phase comparison divides them: a round's speedup here is the very ratio whose interval the
 * comparison's `ci95` is, so a verdict's interval and the comparison's are the same.
 */
export function speedupOf(t: PhaseTimes): number {
  let sum = 0;
  for (const p of t.separate) sum += p.wallNs;
  return t.together.wallNs > 0 ? sum / t.together.wallNs : 0;
}

/** A speedup measure: holds above PAYS. */
export function speedupMeasure(value: number, name = 'speedup'): FindingMeasure {
  return { name, unit: 'ratio', value, threshold: PAYS, holdsWhen: 'above' };
}

/** An overlap measure: both at once as a % of the shorter busy set, holds at OVERLAP_SHARE (10%) or more. */
export function overlapMeasure(pctOfShorter: number, name = 'overlap of the shorter'): FindingMeasure {
  return { name, unit: 'percent', value: pctOfShorter, threshold: 100 * OVERLAP_SHARE, holdsWhen: 'at-least' };
}

/** Whether the trace's GPU queues share one adapter: fewer adapters than GPU lanes, or the topology says so. */
export function sharedAdapter(trace: Trace): boolean {
  const gpuLanes = trace.lanes.filter((l) => l.kind === 'gpu').length;
  const adapters = trace.meta?.adapters.length ?? 0;
  return (gpuLanes >= 2 && adapters < gpuLanes) || /ONE adapter/.test(trace.meta?.topology ?? '');
}

/** The chapter's claim — the total is less than the sum of the parts — with `why` appended to the evidence. */
export function totalVsSumFinding(t: PhaseTimes, why: string): Finding {
  const sum = t.separate.reduce((s, p) => s + p.wallMs, 0);
  const speedup = speedupOf(t);
  const parts = t.separate.map((p) => `'${p.name}' ${fmtMs(p.wallMs)} ms`).join(' + ');
  return {
    claim: `'${t.together.name}' takes less than the sum of ${t.separate.map((p) => `'${p.name}'`).join(' and ')}`,
    holds: pays(speedup),
    polarity: 'good',
    measure: speedupMeasure(speedup),
    evidence: `${parts} = ${fmtMs(sum)} ms; '${t.together.name}' ${fmtMs(t.together.wallMs)} ms; speedup ${times(speedup)}.` + (why ? ` ${why}` : ''),
  };
}
