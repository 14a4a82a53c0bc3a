/**
 * The chapter's claim — the total is less than the sum of the parts — judged from phase wall
 * times, with the GPU timestamps saying whether the work really overlapped and, when it did not
 * pay, why.
 */
import type { Op, Verdict } from '../../core/model.js';
import { intersect, totalLength, union, clip, type Interval } from '../../core/analysis/intervals.js';

/** Below this speedup a "together" phase is not called faster: run-to-run noise of wall times. */
export const SPEEDUP_NOISE = 0.05;

export interface PhaseTimes {
  readonly separate: readonly { name: string; wallMs: number }[];
  readonly together: { name: string; wallMs: number };
}

export function speedupOf(t: PhaseTimes): number {
  const sum = t.separate.reduce((s, p) => s + p.wallMs, 0);
  return t.together.wallMs > 0 ? sum / t.together.wallMs : 0;
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

export function totalVsSumVerdict(t: PhaseTimes, why: string): Verdict {
  const sum = t.separate.reduce((s, p) => s + p.wallMs, 0);
  const speedup = speedupOf(t);
  const holds = speedup > 1 + SPEEDUP_NOISE;
  const parts = t.separate.map((p) => `'${p.name}' ${fmtMs(p.wallMs)} ms`).join(' + ');
  return {
    claim: `'${t.together.name}' takes less than the sum of ${t.separate.map((p) => `'${p.name}'`).join(' and ')}`,
    holds,
    evidence:
      `${parts} = ${fmtMs(sum)} ms; '${t.together.name}' ${fmtMs(t.together.wallMs)} ms; speedup ${speedup.toFixed(2)}× ` +
      `(holds above ${(1 + SPEEDUP_NOISE).toFixed(2)}×).` +
      (why ? ` ${why}` : ''),
  };
}

/** Busy intervals of ops inside a window, as a sorted disjoint union. */
export function busyIn(ops: readonly Op[], window: Interval): Interval[] {
  return clip(union(ops.map((o) => ({ start: o.start, end: o.start + o.dur }))), window);
}

export function overlapMs(a: readonly Interval[], b: readonly Interval[]): number {
  return totalLength(intersect(a, b)) / 1e6;
}

export function busyMs(a: readonly Interval[]): number {
  return totalLength(a) / 1e6;
}

export function meanDurMs(ops: readonly Op[]): number {
  return ops.length === 0 ? 0 : ops.reduce((s, o) => s + o.dur, 0) / ops.length / 1e6;
}
