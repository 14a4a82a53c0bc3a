/**
 * Parameter sweeps (TraceMeta.sweeps): for each arrangement and each swept value, the speedup
 * over the baseline arrangement at that value = wall(baseline phase) / wall(arrangement's phase),
 * from the phases' own timestamps. Over repeated rounds (docs/metrics.md `repeats`) the walls are
 * the phases' medians and the speedup is the median of the per-round ratios, with its seeded
 * bootstrap interval, as for phase comparisons. A value whose phases are missing (a cancelled run)
 * or have no length is left out rather than drawn with a made-up number.
 */
import type { Trace } from '../model.js';
import { bootstrapMedianCi95, median } from './bootstrap.js';
import { perRoundRatios, phaseRuns, type PhaseWall } from './phases.js';

export interface SweepPointNs {
  readonly value: number;
  readonly baselineNs: number;
  readonly wallNs: number;
  /** The median of the per-round ratios baseline / wall (baseline / wall for one round). */
  readonly speedup: number;
  /** The 95 % bootstrap interval of that median; [speedup, speedup] for one round. */
  readonly ci95: readonly [number, number];
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
  const wall = new Map<string, number>();
  for (const p of phases) wall.set(p.name, p.wallNs);
  // Each phase's wall by round, to pair the baseline's round r with the arrangement's round r.
  const rounds = new Map<string, Map<number, number>>();
  for (const [name, runs] of phaseRuns(trace.phases)) {
    const m = new Map<number, number>();
    for (const r of runs) if (!m.has(r.round)) m.set(r.round, r.wallNs);
    rounds.set(name, m);
  }
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
        const b = rounds.get(basePhase!)!;
        const a = rounds.get(phase!)!;
        const ratios = perRoundRatios(
          [...a.keys()].sort((x, y) => x - y),
          (r) => {
            const x = b.get(r);
            return x !== undefined && x > 0 ? x : undefined;
          },
          (r) => a.get(r),
        );
        if (ratios.length === 0) continue;
        points.push({ value: p.value, baselineNs, wallNs, speedup: median(ratios), ci95: bootstrapMedianCi95(ratios) });
      }
      return { arrangement, points };
    }),
  }));
}
