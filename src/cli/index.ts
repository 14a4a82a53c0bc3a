/**
 * The `parascope` command: a thin shell over core (model, files) and runner (recorder child).
 * Exit status: 0 success, 1 failure, 2 bad usage. Errors are one line on stderr; `--debug` adds
 * the stack and the recorder's own stderr.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { VERSION } from '../version.js';
import { EXPERIMENTS, experimentById } from '../runner/experiments/registry.js';
import { DEFAULT_REPEAT, MAX_REPEAT } from '../runner/experiments/catalog.js';
import { withTodaysVerdicts } from '../runner/experiments/judges.js';
import { DEFAULT_FILE_TIMEOUT_S, listDevicesInChild, recordInChild, recordFileInChild, isDawnNoise } from '../runner/client.js';
import { ExperimentFileError, isExperimentFileName, loadExperimentFile } from '../runner/user-experiment/loader.js';
import { RecorderError } from '../runner/errors.js';
import { parascopeDocumentToTrace } from '../core/import/parascope.js';
import { TraceFormatError } from '../core/import/errors.js';
import { checkWritable, readTrace, traceTextChunks, writeFileAtomic, writeTraceFile } from '../host/trace-file.js';
import { defaultRecordingName, identify, saveRecording, type SavedRecording } from '../host/save-recording.js';
import { computeStats } from '../core/analysis/stats.js';
import { commandFormats, commandFormatsHelp, outputFormat, type ConvertFormatId, type ReportFormatId } from '../core/export/output-formats.js';
import { toChromeTrace } from '../core/export/chrome-trace.js';
import { htmlToPdf } from '../host/pdf.js';
import type { ImportResult } from '../core/import/types.js';
import { formatDevices, formatExperiments, formatRecording } from './format.js';
import type { Progress } from '../runner/experiments/types.js';
import { registerOpenCommand } from './open.js';
import { registerServeCommand } from './serve/command.js';
import { formatBytes } from '../core/export/report-format.js';
import { ProfileUsageError, registerProfileCommand } from './profile.js';

class UsageError extends Error {}

/** The progress bar: rounds and ops done, the phase, the time so far (the estimate of the rest is added once it means something). */
const BAR_FORMAT = '{bar} {percentage}% | {round}{phase} | {value}/{total} ops | {duration_formatted} elapsed';

function positiveInt(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError(`${name} must be a positive integer, got '${v}'`);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got '${v}'`);
    return n;
  };
}

/** The rounds of `--repeat K`: an integer in 1..MAX_REPEAT. */
function repeatCount(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_REPEAT)
    throw new InvalidArgumentError(`--repeat must be an integer in 1..${MAX_REPEAT} (rounds of the timed phases), got '${v}'`);
  return n;
}

/** A number of seconds, 0 or more (decimals allowed: --timeout 2.5). */
function seconds(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v.trim()) || !Number.isFinite(n) || n > 2 ** 31 / 1000)
      throw new InvalidArgumentError(`${name} must be a number of seconds, 0 or more, got '${v}'`);
    return n;
  };
}

let debug = process.argv.includes('--debug');
/** An exit status an action chose without failing (profile: the program's own). */
let actionExit: number | undefined;

/** The recorder's own output (Dawn warnings, driver messages) is shown with --debug only. */
function childStderr(line: string): void {
  if (debug && !isDawnNoise(line)) process.stderr.write(`[recorder] ${line}\n`);
}

export function buildProgram(): Command {
  const program = new Command('parascope')
    .description('Record GPU workloads through Dawn with timestamp queries and tell whether work really overlapped.')
    .version(VERSION)
    .option('--debug', 'print stack traces and the recorder process output')
    .showHelpAfterError(false)
    .exitOverride()
    // Commander's errors can span two lines ("…\n(Did you mean --size?)"): keep them to one.
    .configureOutput({
      writeErr: (s) =>
        process.stderr.write(
          `parascope: ${s
            .trim()
            .replace(/^error: /, '')
            .replace(/\s*\n\s*/g, ' ')}\n`,
        ),
    });

  program
    .command('devices')
    .description('list the GPU adapters Dawn can see')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const adapters = await listDevicesInChild({ onStderr: childStderr });
      process.stdout.write(o.json ? `${JSON.stringify(adapters, null, 2)}\n` : `${formatDevices(adapters)}\n`);
    });

  program
    .command('list')
    .description('list the built-in experiments and the question each answers')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const list = EXPERIMENTS.map((e) => ({ id: e.id, title: e.title, question: e.question, method: e.method, defaults: e.defaults }));
      process.stdout.write(o.json ? `${JSON.stringify(list, null, 2)}\n` : `${formatExperiments(EXPERIMENTS)}\n`);
    });

  program
    .command('record')
    .description('run an experiment on the GPU and write its trace')
    .argument('<experiment>', `one of: ${EXPERIMENTS.map((e) => e.id).join(', ')}; or an experiment file (.yaml, .yml, .json; docs/experiments.md)`)
    .addOption(new Option('--size <N>', 'matrix size N (N×N f32)').argParser(positiveInt('--size')))
    .addOption(new Option('--reps <R>', 'matmuls per phase').argParser(positiveInt('--reps')))
    .addOption(
      new Option(
        '--repeat <K>',
        `run the timed phases K times, in interleaved rounds after the warm-up (1..${MAX_REPEAT}; default: the experiment's, ${DEFAULT_REPEAT} for files)`,
      ).argParser(repeatCount),
    )
    .option('--adapter <NAME>', 'use adapters whose name contains NAME (case-insensitive)')
    .option('--out <FILE>', 'trace file to write (.json or .json.gz); default <experiment>-<time>.json.gz')
    .option('--json', 'JSON-lines progress and a JSON result on stdout')
    .addOption(
      new Option(
        '--timeout <S>',
        `stop the recording (and its devices) after S seconds; 0: never. Default: none for built-ins, ${DEFAULT_FILE_TIMEOUT_S} for experiment files`,
      ).argParser(seconds('--timeout')),
    )
    .action(async (id: string, o: { size?: number; reps?: number; repeat?: number; adapter?: string; out?: string; json?: boolean; timeout?: number }) => {
      // An experiment file (validated here, in the parent: one line naming the file and line), or a built-in.
      let name: string;
      let start: (opts: Parameters<typeof recordInChild>[2]) => ReturnType<typeof recordInChild>;
      if (isExperimentFileName(id)) {
        if (!existsSync(id)) throw new UsageError(`${id}: no such file`);
        if (o.size !== undefined || o.reps !== undefined)
          throw new UsageError('--size and --reps apply to built-in experiments; an experiment file gives its own sizes');
        let spec;
        try {
          spec = loadExperimentFile(id);
        } catch (e) {
          if (e instanceof ExperimentFileError) throw new UsageError(e.message);
          throw e;
        }
        name = path.basename(id).replace(/\.(ya?ml|json)$/i, '');
        start = (opts) =>
          recordFileInChild(spec, {
            ...opts,
            ...(o.adapter !== undefined ? { adapter: o.adapter } : {}),
            ...(o.repeat !== undefined ? { repeat: o.repeat } : {}),
          });
      } else {
        let exp;
        try {
          exp = experimentById(id);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        const params = {
          size: o.size ?? exp.defaults.size,
          reps: o.reps ?? exp.defaults.reps,
          repeat: o.repeat ?? exp.defaults.repeat,
          ...(o.adapter !== undefined ? { adapter: o.adapter } : {}),
        };
        name = exp.id;
        start = (opts) => recordInChild(exp.id, params, opts);
      }
      const out = o.out ?? defaultRecordingName(name);
      if (!/\.json(\.gz)?$/.test(out)) throw new UsageError(`--out must end in .json or .json.gz, got '${out}'`);
      const problem = await checkWritable(out);
      if (problem) throw new UsageError(`cannot write --out ${out}: ${problem}`);
      // A named --out is replaced as asked, unless another writer touches it while this one records.
      const before = o.out !== undefined ? await identify(out) : undefined;

      // Rounds and ops done, the phase, the time so far and cli-progress's estimate of the rest (redrawn
      // by its own timer, so the clock moves between the recorder's messages).
      const bar =
        !o.json && process.stderr.isTTY
          ? new cliProgress.SingleBar(
              {
                // The estimate only once something is done (before, cli-progress's would read 'NF').
                format: (options, params, payload) =>
                  cliProgress.Format.Formatter(
                    { ...options, format: params.value > 0 && Number.isFinite(params.eta) ? `${BAR_FORMAT}, about {eta_formatted} left` : BAR_FORMAT },
                    params,
                    payload,
                  ),
                stream: process.stderr,
                hideCursor: true,
                etaBuffer: 50,
                etaAsynchronousUpdate: true,
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
      let started = false;
      const onProgress = (p: Progress) => {
        // The software-adapter warning comes once, before the run: one line on stderr, in every mode.
        if (p.warning !== undefined) process.stderr.write(`parascope: warning: ${p.warning}\n`);
        if (o.json) process.stdout.write(`${JSON.stringify({ type: 'progress', ...p })}\n`);
        else if (bar) {
          const payload = { phase: p.phase, round: p.round !== undefined && p.rounds !== undefined ? `round ${p.round}/${p.rounds} · ` : '' };
          if (!started) bar.start(p.total, 0, payload);
          started = true;
          bar.update(p.done, payload);
        }
      };
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        const doc = await start({ onProgress, onStderr: childStderr, signal: controller.signal, ...(o.timeout !== undefined ? { timeoutS: o.timeout } : {}) });
        bar?.stop();
        const trace = parascopeDocumentToTrace(doc);
        // Never lost: a full disk or a read-only folder saves it in a fallback folder, named below;
        // and the tables are printed even when it could be saved nowhere.
        let saved: SavedRecording | undefined;
        let unsaved: Error | undefined;
        try {
          saved = await saveRecording(out, doc, {
            mode: o.out !== undefined ? 'replace' : 'claim',
            before,
            fallbackDirs: [path.join(os.homedir(), '.parascope', 'recordings'), os.tmpdir()],
          });
        } catch (e) {
          unsaved = e as Error;
        }
        const failed = trace.meta!.checks.filter((c) => !c.passed);
        if (o.json) {
          const m = trace.meta!;
          process.stdout.write(
            `${JSON.stringify({ type: 'result', ...(saved ? { file: path.resolve(saved.file) } : {}), ...(saved?.moved ? { moved: saved.moved } : {}), experiment: m.experiment, topology: m.topology, phases: doc.parascope!.phases, checks: m.checks, verdicts: m.verdicts, calibration: m.calibration, ops: trace.ops.length, dependencies: trace.deps.length })}\n`,
          );
        } else process.stdout.write(`${formatRecording(trace, saved?.file ?? '(not saved)')}\n`);
        if (unsaved) throw new RecorderError('write-failed', unsaved.message);
        if (saved?.moved) throw new RecorderError('write-failed', `${saved.moved}; the recording is kept at ${saved.file}`);
        if (failed.length > 0)
          throw new RecorderError('check-failed', `correctness check failed: ${failed.map((c) => c.name).join('; ')} (trace kept at ${saved!.file})`);
      } finally {
        bar?.stop();
        process.removeListener('SIGINT', onSigint);
      }
    });

  program
    .command('report')
    .description('overlap statistics and a report of any trace (Parascope, Chrome/Perfetto JSON, PyTorch profiler)')
    .argument('<file>', 'trace file (.json or gzip)')
    .addOption(new Option('--format <format>', commandFormatsHelp('report')).choices(commandFormats('report')).default('md' satisfies ReportFormatId))
    .option('--out <FILE>', 'write here instead of stdout (required for pdf)')
    .action(async (file: string, o: { format: ReportFormatId; out?: string }) => {
      const format = outputFormat(o.format);
      if (format.needsPrinter && !o.out) throw new UsageError(`--format ${format.id} needs --out FILE`);
      if (o.out) {
        const problem = await checkWritable(o.out);
        if (problem) throw new UsageError(`cannot write --out ${o.out}: ${problem}`);
      }
      const opened = await openTrace(file);
      // Judged afresh (docs/metrics.md): today's judge, the stored verdicts beside where they differ.
      const trace = withTodaysVerdicts(opened.trace);
      const stats = computeStats(trace, opened.source);
      try {
        // htmlToPdf says in one line when no Chromium is installed.
        if (format.needsPrinter) await htmlToPdf(format.render(stats, trace), o.out!);
        else await emit(format.render(stats, trace), o.out);
      } catch (e) {
        throw tooLargeReport(e, format.id, file);
      }
      if (o.out) await sayWritten(o.out, `${format.id} report of ${file}`);
    });

  program
    .command('export')
    .description('convert any trace to Chrome Trace Event JSON that Perfetto UI and chrome://tracing open (flows included)')
    .argument('<file>', 'trace file (.json or gzip)')
    .addOption(new Option('--format <format>', 'output format').choices(commandFormats('export')).default(commandFormats('export')[0]))
    .option('--out <FILE>', 'write here (.json or .json.gz) instead of stdout')
    .action(async (file: string, o: { format: ConvertFormatId; out?: string }) => {
      if (o.out) {
        if (!/\.json(\.gz)?$/.test(o.out)) throw new UsageError(`--out must end in .json or .json.gz, got '${o.out}'`);
        const problem = await checkWritable(o.out);
        if (problem) throw new UsageError(`cannot write --out ${o.out}: ${problem}`);
      }
      const { trace } = await openTrace(file);
      const doc = toChromeTrace(trace);
      if (o.out) {
        await writeTraceFile(o.out, doc);
        await sayWritten(o.out, `${o.format} trace of ${file}, ${trace.ops.length} ops, ${trace.deps.length} dependencies`);
      } else await emitChunks(traceTextChunks(doc));
    });

  // profile's status is the profiled program's own, whatever Parascope printed.
  registerProfileCommand(program, seconds, (code) => (actionExit = code));
  registerServeCommand(program);
  registerOpenCommand(program);
  return program;
}

/** Opens a trace and reports skipped events on stderr: a count and the first reasons. */
async function openTrace(file: string): Promise<ImportResult> {
  const result = await readTrace(file);
  const { warnings, warningSamples } = result.source;
  if (warnings > 0) {
    process.stderr.write(`parascope: warning: ${file}: skipped ${warnings} event(s) that cannot be used\n`);
    for (const w of warningSamples.slice(0, 3)) process.stderr.write(`parascope: warning:   ${w}\n`);
  }
  return result;
}

async function emit(text: string, out: string | undefined): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (out) await writeFileAtomic(out, body);
  else await new Promise<void>((resolve, reject) => process.stdout.write(body, (e) => (e ? reject(e) : resolve())));
}

/** With --out, stdout says what was written where, as `record`'s `trace:` line does. */
async function sayWritten(out: string, what: string): Promise<void> {
  const { size } = await stat(out);
  process.stdout.write(`wrote ${out} (${what}; ${formatBytes(size)})\n`);
}

/** Writes pieces of text to stdout, waiting whenever its buffer is full (bounded memory for any size). */
async function emitChunks(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
  await new Promise<void>((resolve, reject) => process.stdout.write('\n', (e) => (e ? reject(e) : resolve())));
}

/**
 * A report is one document, and V8 caps one string at about 512 MiB (trace files and Chrome exports
 * are streamed past it): "Invalid string length" becomes one line saying which report.
 */
function tooLargeReport(e: unknown, format: string, file: string): unknown {
  if (!(e instanceof RangeError && e.message === 'Invalid string length')) return e;
  return new Error(
    `the ${format} report of ${file} would be larger than one JavaScript string can hold (about 512 MiB): report a part of the trace, or export it (parascope export ${file} --format chrome --out FILE.json.gz streams any size)`,
    { cause: e },
  );
}

export async function main(argv: readonly string[]): Promise<number> {
  debug = argv.includes('--debug');
  const program = buildProgram();
  try {
    actionExit = undefined;
    await program.parseAsync([...argv], { from: 'user' });
    return actionExit ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed its one line
    }
    if (e instanceof UsageError || e instanceof ProfileUsageError) {
      process.stderr.write(`parascope: ${e.message}\n`);
      return 2;
    }
    if (e instanceof RecorderError || e instanceof TraceFormatError) {
      process.stderr.write(`parascope: ${e.message}\n`);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      if (debug && 'childStack' in e && e.childStack) process.stderr.write(`${String(e.childStack)}\n`);
      return e instanceof RecorderError && e.code === 'bad-parameter' ? 2 : 1;
    }
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(`parascope: ${err?.message ?? String(e)}\n`);
    if (debug && err?.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
