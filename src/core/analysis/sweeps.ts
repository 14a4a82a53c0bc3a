/**
 * Parameter sweeps (TraceMeta.sweeps): for each arrangement and each swept value, the speedup
 * over the baseline arrangement at that value = wall(baseline phase) / wall(arrangement's phase),
 * from the phases' own timestamps. A value whose phases are missing (a cancelled run) or have no
 * length is left out rather than drawn with a made-up number.
 */
import type { Trace } from '../model.js';
import type { PhaseWall } from './phases.js';

export interface SweepPointNs {
  readonly value: number;
  readonly baselineNs: number;
  readonly wallNs: number;
  /** baseline / wall. */
  readonly speedup: number;
}

export interface SweepSeriesNs {
  readonly arrangement: string;
  /** In the order of the sweep's points. */
  readonly points: readonly SweepPointNs[];
}

export interface SweepResultNs {
  readonly title: string;
  readonly parameter: string;
  readonly baseline: string;
  readonly threshold?: number;
  readonly series: readonly SweepSeriesNs[];
}

export function sweepStats(trace: Trace, phases: readonly PhaseWall[]): SweepResultNs[] {
  // Phases are named once each; should a name repeat, the first counts (as in phase comparisons).
  const wall = new Map<string, number>();
  for (const p of phases) if (!wall.has(p.name)) wall.set(p.name, p.wallNs);
  return (trace.meta?.sweeps ?? []).map((s) => ({
    title: s.title,
    parameter: s.parameter,
    baseline: s.baseline,
    ...(s.threshold !== undefined ? { threshold: s.threshold } : {}),
    series: s.arrangements.map((arrangement) => {
      const points: SweepPointNs[] = [];
      for (const p of s.points) {
        const basePhase = p.phases[s.baseline];
        const phase = p.phases[arrangement];
        const baselineNs = basePhase === undefined ? undefined : wall.get(basePhase);
        const wallNs = phase === undefined ? undefined : wall.get(phase);
        if (baselineNs === undefined || wallNs === undefined || !(baselineNs > 0) || !(wallNs > 0)) continue;
        points.push({ value: p.value, baselineNs, wallNs, speedup: baselineNs / wallNs });
      }
      return { arrangement, points };
    }),
  }));
}
