/**
 * Phase wall times and the phase comparisons that answer an experiment's question
 * (docs/metrics.md: speedup = Σ wall(separate phases) / wall(the phase running them together)),
 * over repeated rounds (docs/metrics.md, revision 2, `repeats`): a phase name that ran K times has
 * K runs; its wall time is their median, and a comparison's speedup is the median of its K
 * per-round ratios, with a seeded bootstrap interval of that median.
 */
import type { Phase, Trace } from '../model.js';
import { bootstrapMedianCi95, median } from './bootstrap.js';

/** One run of a phase: its round (1-based) and wall time. */
export interface PhaseRun {
  readonly round: number;
  readonly wallNs: number;
}

export interface PhaseWall {
  readonly name: string;
  /** The median of the runs' wall times (the one run's, for a phase that ran once). */
  readonly wallNs: number;
  readonly minNs: number;
  readonly maxNs: number;
  /** Every run's wall time, in round order. */
  readonly runsNs: readonly number[];
}

export interface PhaseComparisonNs {
  readonly separate: readonly string[];
  readonly together: string;
  /** Σ of the separate phases' (median) wall times. */
  readonly sumOfSeparateNs: number;
  /** The together phase's (median) wall time. */
  readonly togetherNs: number;
  /** The median of `ratios`; 0 when there is none (the together phase has no length). */
  readonly speedup: number;
  /** Per round, in round order: Σ separate walls of the round / the together wall of the round (rounds where together has length). */
  readonly ratios: readonly number[];
  /** The 95 % percentile-bootstrap interval of the median of `ratios`; [speedup, speedup] for one round. */
  readonly ci95: readonly [number, number];
}

export interface PhaseResult {
  readonly phases: readonly PhaseWall[];
  readonly comparisons: readonly PhaseComparisonNs[];
  /** Rounds: the most runs any phase name has (1 when every phase ran once, 0 without phases). */
  readonly repeats: number;
}

/**
 * The runs of each phase name, names in order of first appearance, runs in round order. A phase
 * without a `round` (one that ran once, or a trace from before revision 2 that repeated a name) is
 * numbered by its place among the phases of its name, so the n-th run is round n.
 */
export function phaseRuns(phases: readonly Phase[]): Map<string, PhaseRun[]> {
  const runs = new Map<string, PhaseRun[]>();
  for (const p of phases) {
    let list = runs.get(p.name);
    if (!list) runs.set(p.name, (list = []));
    // A phase that ends before it starts (a broken foreign trace) has no length rather than a negative one.
    list.push({ round: p.round ?? list.length + 1, wallNs: Math.max(0, p.end - p.start) });
  }
  for (const list of runs.values()) list.sort((a, b) => a.round - b.round);
  return runs;
}

function wallOf(name: string, runs: readonly PhaseRun[]): PhaseWall {
  const walls = runs.map((r) => r.wallNs);
  let min = Infinity;
  let max = -Infinity;
  for (const w of walls) {
    if (w < min) min = w;
    if (w > max) max = w;
  }
  return { name, wallNs: median(walls), minNs: min, maxNs: max, runsNs: walls };
}

/** Each round's wall of the phase, by round. */
function byRound(runs: readonly PhaseRun[]): Map<number, number> {
  const m = new Map<number, number>();
  // Should a round repeat within one name (a hand-made trace), its first run counts.
  for (const r of runs) if (!m.has(r.round)) m.set(r.round, r.wallNs);
  return m;
}

/**
 * The per-round ratios of `num(round)` / `den(round)` over the rounds that every phase involved
 * has, in round order; a round whose denominator has no length is left out (no made-up ratio).
 */
export function perRoundRatios(rounds: readonly number[], num: (round: number) => number | undefined, den: (round: number) => number | undefined): number[] {
  const ratios: number[] = [];
  for (const r of rounds) {
    const a = num(r);
    const b = den(r);
    if (a === undefined || b === undefined || !(b > 0)) continue;
    ratios.push(a / b);
  }
  return ratios;
}

export function phaseStats(trace: Trace): PhaseResult {
  const runs = phaseRuns(trace.phases);
  const phases = [...runs.entries()].map(([name, r]) => wallOf(name, r));
  const wallByName = new Map(phases.map((p) => [p.name, p]));
  const rounds = new Map([...runs.entries()].map(([name, r]) => [name, byRound(r)]));
  let repeats = 0;
  for (const r of runs.values()) repeats = Math.max(repeats, r.length);

  const comparisons: PhaseComparisonNs[] = [];
  for (const c of trace.meta?.comparisons ?? []) {
    const together = wallByName.get(c.together);
    const separate = c.separate.map((name) => wallByName.get(name));
    // A comparison with a missing phase (e.g. an experiment that was cancelled part way) is skipped
    // rather than reported with a made-up number.
    if (together === undefined || separate.some((w) => w === undefined)) continue;
    let sum = 0;
    for (const w of separate) sum += w?.wallNs ?? 0;
    const t = rounds.get(c.together)!;
    const s = c.separate.map((name) => rounds.get(name)!);
    const ratios = perRoundRatios(
      [...t.keys()].sort((a, b) => a - b),
      (r) => {
        let x = 0;
        for (const m of s) {
          const w = m.get(r);
          if (w === undefined) return undefined;
          x += w;
        }
        return x;
      },
      (r) => t.get(r),
    );
    const speedup = ratios.length > 0 ? median(ratios) : 0;
    comparisons.push({
      separate: [...c.separate],
      together: c.together,
      sumOfSeparateNs: sum,
      togetherNs: together.wallNs,
      speedup,
      ratios,
      ci95: ratios.length > 0 ? bootstrapMedianCi95(ratios) : [0, 0],
    });
  }
  return { phases, comparisons, repeats };
}
