/**
 * `parascope profile [options] -- node SCRIPT [ARGS…]`: runs a Node.js WebGPU program unchanged
 * under the profiler's preload (src/runner/profile/) and writes its trace, as `record` does
 * (saveRecording: atomic, never lost). The program's stdout is left to the program: Parascope's
 * own lines go to stderr, and only `--json` adds one result line to stdout, after the program's.
 * Exit status: the program's own (128 + signal number when a signal ended it; with `--repeat K`,
 * the run's that stopped the series); 1 when the program succeeded but its trace could not be
 * written; 2 for bad usage. The series itself is src/runner/profile/repeat.ts, for every host.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { constants as osConstants } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { toChromeTrace } from '../core/export/chrome-trace.js';
import { checkWritable } from '../host/trace-file.js';
import { defaultRecordingName, identify, saveRecording, type SavedRecording } from '../host/save-recording.js';
import { PROFILE_EXPERIMENT_ID } from '../runner/profile/assemble.js';
import { commandProblem } from '../runner/profile/check-command.js';
import { noGpuWorkLine, profileRuns, repeatProblem, seriesContents, type ProfileSeries } from '../runner/profile/repeat.js';
import { runSpread } from '../core/analysis/run-spread.js';
import { runSpreadToMs } from '../core/analysis/stats.js';
import { runSpreadLine } from '../core/export/report-tables.js';
import { MAX_REPEAT } from '../shared/api.js';

export class ProfileUsageError extends Error {}

interface ProfileOptions {
  out?: string;
  json?: boolean;
  perPass?: boolean;
  repeat?: number;
  timeout?: number;
}

function say(line: string): void {
  process.stderr.write(`parascope: ${line}\n`);
}

/** Checks the command before anything runs: a Node.js program whose script exists (check-command.ts, shared with the app). */
export function checkCommand(command: readonly string[]): void {
  const problem = commandProblem(command);
  if (problem !== undefined) throw new ProfileUsageError(problem);
}

function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (signal) return 128 + ((osConstants.signals as Record<string, number>)[signal] ?? 0);
  return code ?? 1;
}

/** The exit status of a series: the run that stopped it, or what stopped it between runs; else the last run's (0). */
export function seriesStatus(series: ProfileSeries): number {
  if (series.stoppedBy === 'interrupt') return 130;
  if (series.stoppedBy === 'start') return 127;
  const last = series.runs[series.runs.length - 1];
  return last ? exitStatus(last.exitCode, last.exitSignal) : 1;
}

/** `--repeat K`: an integer in 1..MAX_REPEAT. */
function repeatValue(v: string): number {
  const n = Number(v);
  const problem = /^\d+$/.test(v.trim()) ? repeatProblem(n) : repeatProblem(NaN);
  if (problem) throw new InvalidArgumentError(`${problem}, got '${v}'`);
  return n;
}

export function registerProfileCommand(program: Command, seconds: (name: string) => (v: string) => number, setExit: (code: number) => void): void {
  program
    .command('profile')
    .description('run a Node.js WebGPU program unchanged and write its trace: every dispatch, copy and host call timed, dependencies from resource hazards')
    .argument('<command...>', 'the program: node SCRIPT [ARGS…] (after --)')
    .option('--out <FILE>', 'trace file to write (.json or .json.gz); default profile-<time>.json.gz')
    .option('--json', 'a JSON result line on stdout after the program’s own output')
    .option('--per-pass', 'time the program’s compute passes as wholes instead of one pass per dispatch')
    .addOption(
      new Option(
        '--repeat <K>',
        `run the program K times, one fresh process after the other, into one trace (1..${MAX_REPEAT}); the first run that fails stops the series`,
      )
        .argParser(repeatValue)
        .default(1),
    )
    .addOption(
      new Option('--timeout <S>', 'kill the program after S seconds, per run (the trace of what ran is kept); 0: never')
        .argParser(seconds('--timeout'))
        .default(0),
    )
    .action(async (command: string[], o: ProfileOptions) => {
      checkCommand(command);
      const out = o.out ?? defaultRecordingName(PROFILE_EXPERIMENT_ID);
      if (!/\.json(\.gz)?$/.test(out)) throw new ProfileUsageError(`--out must end in .json or .json.gz, got '${out}'`);
      const problem = await checkWritable(out);
      if (problem) throw new ProfileUsageError(`cannot write --out ${out}: ${problem}`);
      const before = o.out !== undefined ? await identify(out) : undefined;
      const perPass = o.perPass === true;
      const timeoutS = o.timeout ?? 0;
      const repeat = o.repeat ?? 1;
      let series: ProfileSeries;
      try {
        series = await profileRuns({
          command,
          perPass,
          timeoutS,
          repeat,
          ...(repeat > 1 ? { onRun: (k: number, of: number) => say(`run ${k} of ${of}`) } : {}),
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        say(`cannot run ${command[0]}: ${err.code === 'ENOENT' ? 'not found' : err.message}`);
        setExit(127);
        return;
      }
      const status = seriesStatus(series);
      setExit(status);
      const last = series.runs[series.runs.length - 1];
      if (!last) return; // nothing ran (a cancel before the first run: not reachable from the CLI)
      if (!series.assembled) {
        say(noGpuWorkLine(command, series.runs));
        return;
      }
      const { trace, summary } = series.assembled;
      let saved: SavedRecording | undefined;
      let unsaved: Error | undefined;
      try {
        saved = await saveRecording(out, toChromeTrace(trace), {
          mode: o.out !== undefined ? 'replace' : 'claim',
          before,
          fallbackDirs: [path.join(os.homedir(), '.parascope', 'recordings'), os.tmpdir()],
        });
      } catch (e) {
        unsaved = e as Error;
      }
      const spread = runSpread(trace);
      const answers = spread ? runSpreadToMs(spread) : undefined;
      if (o.json) {
        const { perRun, ...counts } = summary;
        const runs = perRun.map((r) => ({ ...r, ...answers?.runs.find((a) => a.run === r.run) }));
        const spreadOut = answers ? (({ runs: _, ...rest }) => rest)(answers) : undefined;
        process.stdout.write(
          `${JSON.stringify({
            type: 'result',
            ...(saved ? { file: path.resolve(saved.file) } : {}),
            ...(saved?.moved ? { moved: saved.moved } : {}),
            command,
            exitCode: last.exitCode,
            signal: last.exitSignal,
            complete: summary.incomplete.length === 0,
            ...counts,
            repeat,
            runs,
            ...(spreadOut ? { spread: spreadOut } : {}),
          })}\n`,
        );
      }
      for (const reason of summary.incomplete) say(`incomplete: ${reason}`);
      if (saved) say(`wrote ${saved.file} (${seriesContents(summary, series.runs.length)}${summary.incomplete.length > 0 ? '; marked incomplete' : ''})`);
      if (saved?.moved) say(saved.moved);
      if (answers) say(runSpreadLine(answers));
      if (unsaved) {
        say(unsaved.message);
        if (status === 0) setExit(1);
      }
    });
}
