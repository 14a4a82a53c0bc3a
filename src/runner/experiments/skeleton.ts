/**
 * The one shape every built-in experiment has, so each one writes only what is its own. The start:
 * the parameters checked, the adapters selected, the recorder, the devices opened and their topology
 * in words, the main-thread lane and one queue lane per device, progress from 'set-up'. The end: the
 * run closed, the closing calibration, the recorder's trace with the experiment's header, any
 * additions the experiment makes to the finished trace, then the verdicts judged from it, round by
 * round (judge-rounds.ts). The body
 * in between sets up its buffers, calls `begin()` (opening calibration, run start) and times its phases.
 */
import { selectAdapters, type AdapterEntry, type OpenedDevice } from '../dawn.js';
import { openDevices, spreadOver } from '../devices.js';
import { RecorderError } from '../errors.js';
import { Recorder, type GpuQueue } from '../recorder.js';
import type { ArgValue, Trace, TraceMeta } from '../../core/model.js';
import { MAX_REPEAT, type ExperimentDescription } from './catalog.js';
import { judgeRounds, type JudgeOne } from './judge-rounds.js';
import { experimentHeader, withVerdicts, type ExperimentContext } from './types.js';
import { softwareWarning, type WorkEstimate } from './software-warning.js';
import { pollNotes } from '../polite-poll.js';

export function throwIfCancelled(ctx: Pick<ExperimentContext, 'signal'>): void {
  if (ctx.signal?.aborted) throw new RecorderError('cancelled', 'recording cancelled');
}

export function checkParams(size: number, reps: number, repeat = 1): void {
  if (!Number.isSafeInteger(size) || size < 1 || size > 65536) throw new RecorderError('bad-parameter', `--size must be an integer in 1..65536, got ${size}`);
  if (!Number.isSafeInteger(reps) || reps < 1 || reps > 100000) throw new RecorderError('bad-parameter', `--reps must be an integer in 1..100000, got ${reps}`);
  checkRepeat(repeat);
}

export function checkRepeat(repeat: number): void {
  if (!Number.isSafeInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT)
    throw new RecorderError('bad-parameter', `--repeat must be an integer in 1..${MAX_REPEAT}, got ${repeat}`);
}

/**
 * Runs `body` once per round, 1..`repeat`, with the recorder tagging the phases timed inside with
 * that round (none when `repeat` is 1, as a phase that ran once has no round: docs/metrics.md).
 * The rounds interleave the phases (ABC ABC …): drift over the run (clocks, heat, other load)
 * lands on every phase alike instead of on the last one.
 */
export async function rounds(rec: Recorder, repeat: number, body: (round: number) => Promise<void>, onRound?: (round: number) => void): Promise<void> {
  try {
    for (let r = 1; r <= repeat; r++) {
      rec.setRound(repeat > 1 ? r : undefined);
      onRound?.(r);
      await body(r);
    }
  } finally {
    rec.setRound(undefined);
  }
}

/** What an experiment asks of the shared start. */
export interface Shape {
  /** Devices to open, labelled 'gpu1', 'gpu2', …; their queues are 'GPU1: <adapter> (<backend>)', …. */
  readonly devices: number;
  /** The least --reps the experiment can run with, and why (checked before any adapter is touched). */
  readonly minReps?: { readonly reps: number; readonly why: string };
  /** Which of the selected adapters to spread the devices over (all, unless an experiment wants fewer). */
  readonly adapters?: (entries: AdapterEntry[]) => AdapterEntry[];
  /** The recording's matmul FLOP, roughly: decides the warning before a long run on a software adapter (software-warning.ts). */
  readonly work: WorkEstimate;
  /** Progress units of the whole recording, run with `repeat` rounds. */
  readonly total: (ctx: ExperimentContext, repeat: number) => number;
}

/** What the body of an experiment works with. */
export interface Bench {
  readonly ctx: ExperimentContext;
  readonly rec: Recorder;
  /** The main thread's lane. */
  readonly main: string;
  readonly devices: readonly OpenedDevice[];
  readonly queues: readonly GpuQueue[];
  readonly topology: string;
  /** Adds `units` done in `phase` and reports it. */
  progress(phase: string, units?: number): void;
  /** Reports `done` units (absolute) in `phase`. */
  progressTo(phase: string, done: number): void;
  readonly total: number;
  /** The rounds of the timed phases (`--repeat K`, or the experiment's default). */
  readonly repeat: number;
  /**
   * Runs `body(round)` for each round 1..repeat, the recorder's phases tagged with it: the timed
   * phases go inside, in the order of one round; the warm-up before, once. Correctness checks run
   * in round 1 only (`round === 1`): the results are the same work again.
   */
  rounds(body: (round: number) => Promise<void>): Promise<void>;
  /** Throws the recording's cancellation, if it was cancelled. */
  cancelled(): void;
  /** The opening calibration and the start of the run: after set-up, before the warm-up. */
  begin(): Promise<void>;
}

/** What the body hands back: the trace header's content, and what to add to the trace and judge. */
export interface Finish {
  readonly checks: TraceMeta['checks'];
  readonly notes: readonly string[];
  readonly comparisons?: TraceMeta['comparisons'];
  readonly sweeps?: TraceMeta['sweeps'];
  /** Parameters the experiment derived, into the header's `params`. */
  readonly derived?: Record<string, ArgValue>;
  /** The topology as the experiment words it (default: the devices' topology). */
  readonly topology?: string;
  /** Additions to the finished trace before it is judged (ops timed elsewhere, notes read from the trace). */
  readonly finish?: (trace: Trace, rec: Recorder) => Trace;
  /** The findings of one run (one round of a repeated recording); `judgeRounds` makes them verdicts. */
  readonly judge: JudgeOne;
}

export async function runExperiment(e: ExperimentDescription, ctx: ExperimentContext, shape: Shape, body: (b: Bench) => Promise<Finish>): Promise<Trace> {
  const { size, reps } = ctx.params;
  const repeat = ctx.params.repeat ?? e.defaults.repeat;
  checkParams(size, reps, repeat);
  if (shape.minReps && reps < shape.minReps.reps)
    throw new RecorderError('bad-parameter', `${e.id} needs --reps of at least ${shape.minReps.reps} (${shape.minReps.why}), got ${reps}`);
  const selected = await selectAdapters(ctx.params.adapter);
  const entries = shape.adapters ? shape.adapters(selected) : selected;
  const rec = new Recorder(ctx.recorder);
  try {
    const labels = Array.from({ length: shape.devices }, (_, i) => `gpu${i + 1}`);
    const spread = spreadOver(entries, shape.devices);
    const { devices, topology } = await openDevices(
      labels.map((label, i) => ({ label, entry: spread[i]! })),
      'spread',
    );
    const main = rec.cpuLane('main thread');
    const queues = devices.map((d, i) => rec.addQueue(d, `GPU${i + 1}: ${d.info.name} (${d.info.backend})`));
    const total = shape.total(ctx, repeat);
    let done = 0;
    let round: number | undefined;
    // The round is named once there are several (one round of one is no news).
    const report = (phase: string) => ctx.onProgress({ phase, done, total, ...(round !== undefined && repeat > 1 ? { round, rounds: repeat } : {}) });
    const bench: Bench = {
      ctx,
      rec,
      main,
      devices,
      queues,
      topology,
      total,
      repeat,
      rounds: (body) => rounds(rec, repeat, body, (r) => (round = r)),
      progress: (phase, units = 1) => {
        done += units;
        report(phase);
      },
      progressTo: (phase, d) => {
        done = d;
        report(phase);
      },
      cancelled: () => throwIfCancelled(ctx),
      begin: async () => {
        // Before anything is timed, once the set-up has passed its checks (a matrix too large is an
        // error, not a long run): a chapter-size run on a software adapter would take hours; say so.
        let warning: string | undefined;
        for (const d of devices) warning ??= softwareWarning(e.id, d.info, { size, reps, repeat }, shape.work);
        if (warning !== undefined) ctx.onProgress({ phase: 'set-up', done, total, warning });
        await rec.calibrate('start');
        rec.beginRun();
      },
    };
    ctx.onProgress({ phase: 'set-up', done: 0, total });
    const f = await body(bench);
    rec.endRun();
    await rec.calibrate('end');
    const recorded = await rec.finish({
      experiment: experimentHeader(e, ctx.params, f.derived),
      topology: f.topology ?? topology,
      checks: [...f.checks],
      verdicts: [],
      ...(f.comparisons ? { comparisons: f.comparisons } : {}),
      ...(f.sweeps ? { sweeps: f.sweeps } : {}),
      notes: [...f.notes, ...pollNotes()],
    });
    const trace = f.finish ? f.finish(recorded, rec) : recorded;
    return withVerdicts(trace, judgeRounds(trace, f.judge));
  } finally {
    rec.destroy();
  }
}
