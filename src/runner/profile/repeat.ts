/**
 * `parascope profile --repeat K`: the program run K times, one run after the other, each a fresh
 * process with the same command (launch.ts: same argv, working directory, environment and
 * stdio), and the runs assembled into one trace (assemble.ts). The first run that fails — a
 * non-zero exit, a signal, `--timeout` (per run), Ctrl-C — stops the series: what ran, that run
 * included, is still assembled and marked incomplete with the reason. Exported for every host
 * (the CLI now, the app's "Profile a program" later), so the loop is written once.
 */
import { MAX_REPEAT } from '../../shared/api.js';
import type { Trace } from '../../core/model.js';
import { assembleProfileRuns, type ProfileSummary } from './assemble.js';
import { runProfiled, type ProfileLaunch, type ProfileRun } from './launch.js';

export interface ProfileRunsOptions extends ProfileLaunch {
  /** K: how many runs (1..MAX_REPEAT). */
  readonly repeat: number;
  /** The command as the trace names it, when it differs from the one run (the app runs a bare `node` on its own Node.js). */
  readonly shownCommand?: readonly string[];
  /** Called as run k of K starts (1-based). */
  readonly onRun?: (run: number, of: number) => void;
}

export interface ProfileSeries {
  /** The runs made, in order; the last one is the one that stopped the series when one did. */
  readonly runs: readonly ProfileRun[];
  /** The run (1-based) whose failure stopped the series. */
  readonly failedRun?: number;
  /** Why the series stopped between runs, when no run's own end says it (Ctrl-C, a cancel, a run that could not start). */
  readonly stopped?: string;
  readonly stoppedBy?: 'interrupt' | 'cancel' | 'start';
  /** Why a run after the first could not be started (the first's error is thrown: nothing ran). */
  readonly startError?: Error;
  /** The trace of the runs; absent when no run created a WebGPU device. */
  readonly assembled?: { readonly trace: Trace; readonly summary: ProfileSummary };
}

/** The one line for a series in which no run created a WebGPU device (the CLI prints it; the app shows it as the run's error). */
export function noGpuWorkLine(command: readonly string[], runs: readonly Pick<ProfileRun, 'exitCode' | 'exitSignal'>[]): string {
  const last = runs[runs.length - 1];
  const how = last === undefined ? 'it did not run' : last.exitSignal ? `killed by ${last.exitSignal}` : `exit code ${last.exitCode}`;
  return `no GPU work was seen: ${command.join(' ')} created no WebGPU device${runs.length > 1 ? ` in ${runs.length} runs` : ''} (${how}); no trace written`;
}

/** What a series' trace holds, in words (the CLI's "wrote" line, the app's notes). */
export function seriesContents(summary: ProfileSummary, runs: number): string {
  return (
    `${summary.gpuOps} GPU op(s) on ${summary.devices} device(s), ${summary.hostOps} host op(s), ` +
    `${summary.dataDeps} data and ${summary.hostDeps} host dependencies${runs > 1 ? ` over ${runs} runs` : ''}`
  );
}

/** Whether a run ended in a way that stops the series. */
export function runFailed(r: Pick<ProfileRun, 'exitCode' | 'exitSignal' | 'timedOut' | 'interrupted'>): boolean {
  return r.exitCode !== 0 || r.exitSignal !== null || r.timedOut || r.interrupted;
}

/** A --repeat value that is not an integer in 1..MAX_REPEAT, in words; undefined when it is one. */
export function repeatProblem(repeat: number): string | undefined {
  return Number.isSafeInteger(repeat) && repeat >= 1 && repeat <= MAX_REPEAT
    ? undefined
    : `--repeat must be an integer in 1..${MAX_REPEAT} (runs of the program)`;
}

/**
 * Runs the series. Rejects only when the first run cannot be started (no such command): then
 * nothing ran. A Ctrl-C while a run is in progress reaches that run (launch.ts decides); one that
 * comes between two runs stops the series before the next.
 */
export async function profileRuns(opts: ProfileRunsOptions): Promise<ProfileSeries> {
  const problem = repeatProblem(opts.repeat);
  if (problem) throw new RangeError(`${problem}, got ${opts.repeat}`);
  const runs: ProfileRun[] = [];
  let failedRun: number | undefined;
  let stopped: string | undefined;
  let stoppedBy: ProfileSeries['stoppedBy'];
  let startError: Error | undefined;
  // Listening for SIGINT for the whole series also keeps Node's default (exit at once) from
  // ending Parascope between runs, before the trace of the runs so far is written.
  let sigint = false;
  const onSigint = () => (sigint = true);
  process.on('SIGINT', onSigint);
  try {
    for (let k = 1; k <= opts.repeat; k++) {
      if (opts.signal?.aborted || (k > 1 && sigint)) {
        const when = k > 1 ? `after run ${k - 1}` : 'before its first run';
        stopped = sigint ? `the series was interrupted (Ctrl-C) ${when}` : `the series was cancelled ${when}`;
        stoppedBy = sigint ? 'interrupt' : 'cancel';
        break;
      }
      opts.onRun?.(k, opts.repeat);
      let run: ProfileRun;
      try {
        run = await runProfiled(opts);
      } catch (e) {
        if (k === 1) throw e;
        startError = e instanceof Error ? e : new Error(String(e));
        stopped = `run ${k} could not be started (${startError.message})`;
        stoppedBy = 'start';
        break;
      }
      runs.push(run);
      if (runFailed(run)) {
        failedRun = k;
        break;
      }
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const anyDevice = runs.some((r) => r.records.some((x) => x.t === 'device'));
  const assembled = anyDevice
    ? assembleProfileRuns(runs, opts.shownCommand ?? opts.command, {
        perPass: opts.perPass,
        timeoutS: opts.timeoutS,
        repeat: opts.repeat,
        ...(stopped ? { stopped } : {}),
      })
    : undefined;
  return {
    runs,
    ...(failedRun !== undefined ? { failedRun } : {}),
    ...(stopped ? { stopped } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
    ...(startError ? { startError } : {}),
    ...(assembled ? { assembled } : {}),
  };
}
