/**
 * `parascope profile [options] -- node SCRIPT [ARGS…]`: runs a Node.js WebGPU program unchanged
 * under the profiler's preload (src/runner/profile/) and writes its trace, as `record` does
 * (saveRecording: atomic, never lost). The program's stdout is left to the program: Parascope's
 * own lines go to stderr, and only `--json` adds one result line to stdout, after the program's.
 * Exit status: the program's own (128 + signal number when a signal ended it); 1 when the
 * program succeeded but its trace could not be written; 2 for bad usage.
 */
import { Option, type Command } from 'commander';
import { constants as osConstants } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { toChromeTrace } from '../core/export/chrome-trace.js';
import { checkWritable } from '../host/trace-file.js';
import { defaultRecordingName, identify, saveRecording, type SavedRecording } from '../host/save-recording.js';
import { assembleProfile, PROFILE_EXPERIMENT_ID } from '../runner/profile/assemble.js';
import { commandProblem } from '../runner/profile/check-command.js';
import { runProfiled } from '../runner/profile/launch.js';

export class ProfileUsageError extends Error {}

interface ProfileOptions {
  out?: string;
  json?: boolean;
  perPass?: boolean;
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

export function registerProfileCommand(program: Command, seconds: (name: string) => (v: string) => number, setExit: (code: number) => void): void {
  program
    .command('profile')
    .description('run a Node.js WebGPU program unchanged and write its trace: every dispatch, copy and host call timed, dependencies from resource hazards')
    .argument('<command...>', 'the program: node SCRIPT [ARGS…] (after --)')
    .option('--out <FILE>', 'trace file to write (.json or .json.gz); default profile-<time>.json.gz')
    .option('--json', 'a JSON result line on stdout after the program’s own output')
    .option('--per-pass', 'time the program’s compute passes as wholes instead of one pass per dispatch')
    .addOption(
      new Option('--timeout <S>', 'kill the program after S seconds (the trace of what ran is kept); 0: never').argParser(seconds('--timeout')).default(0),
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
      let run;
      try {
        run = await runProfiled({ command, perPass, timeoutS });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        say(`cannot run ${command[0]}: ${err.code === 'ENOENT' ? 'not found' : err.message}`);
        setExit(127);
        return;
      }
      const status = exitStatus(run.exitCode, run.exitSignal);
      setExit(status);
      if (!run.records.some((r) => r.t === 'device')) {
        say(
          `no GPU work was seen: ${command.join(' ')} created no WebGPU device (${run.exitSignal ? `killed by ${run.exitSignal}` : `exit code ${run.exitCode}`}); no trace written`,
        );
        return;
      }
      const { trace, summary } = assembleProfile(run, command, { perPass, timeoutS });
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
      const what = `${summary.gpuOps} GPU op(s) on ${summary.devices} device(s), ${summary.hostOps} host op(s), ${summary.dataDeps} data and ${summary.hostDeps} host dependencies`;
      if (o.json)
        process.stdout.write(
          `${JSON.stringify({ type: 'result', ...(saved ? { file: path.resolve(saved.file) } : {}), ...(saved?.moved ? { moved: saved.moved } : {}), command, exitCode: run.exitCode, signal: run.exitSignal, complete: summary.incomplete.length === 0, ...summary })}\n`,
        );
      for (const reason of summary.incomplete) say(`incomplete: ${reason}`);
      if (saved) say(`wrote ${saved.file} (${what}${summary.incomplete.length > 0 ? '; marked incomplete' : ''})`);
      if (saved?.moved) say(saved.moved);
      if (unsaved) {
        say(unsaved.message);
        if (status === 0) setExit(1);
      }
    });
}
