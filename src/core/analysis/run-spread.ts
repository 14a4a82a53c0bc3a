/**
 * The answers of a profiled program (`parascope profile`) spread across its runs (`--repeat K`,
 * docs/metrics.md `runSpread`): per run its wall time, GPU busy time, host wait time and, where
 * the run has data dependencies, the data bound and potential speedup of `slack` — then, per
 * answer, the median over the runs and its seeded 95 % bootstrap interval (bootstrap.ts, the same
 * resamples and seed as `repeats`). A single run has its one value and no interval.
 *
 * A run is a phase: the profiler writes each run of the series as a phase `run` with `round` k
 * (a single run as one phase `program`, no round). A run's figures are those of the trace clipped
 * to its phase (window.ts), so they mean exactly what a selection of that range means, and the
 * runs never mix: K runs' data bound is not one long run's.
 * Cost: one clip per run, O(K · (n + E)).
 */
import type { Phase, Trace } from '../model.js';
import { bootstrapMedianCi95, median } from './bootstrap.js';
import { indexDeps } from './dep-index.js';
import { totalLength, union, type Interval } from './intervals.js';
import { laneOrder } from './lane-order.js';
import { slack } from './slack.js';
import { indexTrace } from './trace-index.js';
import { clipTrace } from './window.js';

/** `meta.experiment.id` of a trace written by `parascope profile`. */
export const PROFILE_EXPERIMENT_ID = 'profile';
/** The phase of each run of `parascope profile --repeat K` (K ≥ 2), with `round` = k. */
export const PROFILE_RUN_PHASE = 'run';
/** The one phase of a program profiled once. */
export const PROFILE_SINGLE_PHASE = 'program';

/** One run's answers, ns. The slack figures are absent for a run without data dependencies. */
export interface RunAnswersNs {
  /** 1-based, in the order the runs ran. */
  readonly run: number;
  readonly wallNs: number;
  /** The union of the GPU lanes' work (every op but `sync`) within the run. */
  readonly gpuBusyNs: number;
  /** The union of the CPU lanes' `sync` ops (mapAsync, onSubmittedWorkDone) within the run. */
  readonly hostWaitNs: number;
  readonly dataBoundNs?: number;
  readonly potentialSpeedup?: number;
  readonly independentSerialized?: number;
}

/** One answer over the runs: its values in run order, their median and the median's 95 % interval ([v, v] for one value). */
export interface SpreadNs {
  readonly values: readonly number[];
  readonly median: number;
  readonly ci95: readonly [number, number];
}

export interface RunSpreadResult {
  readonly runs: readonly RunAnswersNs[];
  readonly wallNs: SpreadNs;
  readonly gpuBusyNs: SpreadNs;
  readonly hostWaitNs: SpreadNs;
  /** Over the runs that have data dependencies; absent when none has. */
  readonly dataBoundNs?: SpreadNs;
  readonly potentialSpeedup?: SpreadNs;
  readonly independentSerialized?: SpreadNs;
}

/** The runs of a profiled program, in run order: its `run` phases by round, else its one `program` phase; none for other traces. */
export function profileRunPhases(trace: Trace): Phase[] {
  if (trace.meta?.experiment.id !== PROFILE_EXPERIMENT_ID) return [];
  const runs = trace.phases
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.name === PROFILE_RUN_PHASE)
    .sort((a, b) => (a.p.round ?? a.i + 1) - (b.p.round ?? b.i + 1) || a.i - b.i)
    .map(({ p }) => p);
  if (runs.length > 0) return runs;
  return trace.phases.filter((p) => p.name === PROFILE_SINGLE_PHASE).slice(0, 1);
}

function unionOf(ops: readonly Interval[]): number {
  return totalLength(union(ops));
}

/** One run's answers: the trace clipped to the run's phase. */
export function runAnswers(trace: Trace, phase: Phase, run: number): RunAnswersNs {
  const t = clipTrace(trace, { start: phase.start, end: phase.end });
  const gpu = new Set(t.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id));
  const gpuWork: Interval[] = [];
  const waits: Interval[] = [];
  for (const o of t.ops) {
    const iv = { start: o.start, end: o.start + o.dur };
    if (gpu.has(o.laneId)) {
      if (o.kind !== 'sync') gpuWork.push(iv);
    } else if (o.kind === 'sync') waits.push(iv);
  }
  const index = indexTrace(t);
  const sl = slack(t, index, laneOrder(index), indexDeps(t));
  return {
    run,
    wallNs: Math.max(0, phase.end - phase.start),
    gpuBusyNs: unionOf(gpuWork),
    hostWaitNs: unionOf(waits),
    ...(sl ? { dataBoundNs: sl.dataBoundNs, potentialSpeedup: sl.potentialSpeedup, independentSerialized: sl.independentSerialized } : {}),
  };
}

export function spreadOf(values: readonly number[]): SpreadNs {
  return { values, median: median(values), ci95: bootstrapMedianCi95(values) };
}

/** The answers of each run and their spread; undefined for a trace that is not a profiled program's (or has no run). */
export function runSpread(trace: Trace): RunSpreadResult | undefined {
  const phases = profileRunPhases(trace);
  if (phases.length === 0) return undefined;
  const runs = phases.map((p, i) => runAnswers(trace, p, i + 1));
  const some = (pick: (r: RunAnswersNs) => number | undefined): SpreadNs | undefined => {
    const xs = runs.flatMap((r) => {
      const x = pick(r);
      return x === undefined ? [] : [x];
    });
    return xs.length > 0 ? spreadOf(xs) : undefined;
  };
  const dataBoundNs = some((r) => r.dataBoundNs);
  const potentialSpeedup = some((r) => r.potentialSpeedup);
  const independentSerialized = some((r) => r.independentSerialized);
  return {
    runs,
    wallNs: spreadOf(runs.map((r) => r.wallNs)),
    gpuBusyNs: spreadOf(runs.map((r) => r.gpuBusyNs)),
    hostWaitNs: spreadOf(runs.map((r) => r.hostWaitNs)),
    ...(dataBoundNs ? { dataBoundNs } : {}),
    ...(potentialSpeedup ? { potentialSpeedup } : {}),
    ...(independentSerialized ? { independentSerialized } : {}),
  };
}
