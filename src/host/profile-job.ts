/**
 * A profiled program as one of the host's runs (recordings.ts): `parascope profile`'s launch and
 * assembly (src/runner/profile/) with what the app needs instead of a terminal — stdin /dev/null,
 * its stdout and stderr captured and their last lines sent with the progress, the GPU ops it has
 * recorded so far counted from the preload's record files, and a cancel that kills the program and
 * keeps what ran (a program's run cannot be made again by Parascope, unlike a recording).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { toChromeTrace } from '../core/export/chrome-trace.js';
import { channelDir } from '../runner/profile/channel.js';
import { noGpuWorkLine, profileRuns, seriesContents, type ProfileSeries } from '../runner/profile/repeat.js';
import type { ProfileJobRequest } from './profile-request.js';
import { JobError, type Job } from './recordings.js';

/** Lines of output the page is sent (the last ones), and how long one may be. */
export const OUTPUT_LINES = 20;
const MAX_LINE_CHARS = 400;
/** How often the page hears of a running program. */
const PROGRESS_MS = 500;

/** The last lines of a stream of text chunks; a line still being written counts as one. */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n|\r/);
    this.partial = parts.pop() ?? '';
    for (const l of parts) this.lines.push(l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS - 1)}…` : l);
    if (this.lines.length > OUTPUT_LINES) this.lines = this.lines.slice(-OUTPUT_LINES);
    // A line that never ends (a progress bar without newlines) is bounded too.
    if (this.partial.length > MAX_LINE_CHARS) this.partial = `${this.partial.slice(0, MAX_LINE_CHARS - 1)}…`;
  }

  last(): string[] {
    const all = this.partial === '' ? this.lines : [...this.lines, this.partial];
    return all.slice(-OUTPUT_LINES);
  }
}

/** A GPU op's record line as the preload writes it (record-writer.ts: `t`, `id`, then `dev` for GPU ops). */
const GPU_OP_LINE = /^\{"t":"op","id":\d+,"dev":/;

/** Counts the GPU op records in the preload's files as they grow, reading only what is new. */
class GpuOpCounter {
  private readonly read = new Map<string, { offset: number; partial: string }>();
  count = 0;

  constructor(private readonly dir: string) {}

  /** A new run's channel (the same folder, made anew): forgets the files read; returns the count so far. */
  restart(): number {
    const n = this.count;
    this.count = 0;
    this.read.clear();
    return n;
  }

  async update(): Promise<void> {
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => n.endsWith('.jsonl'));
    } catch {
      return; // not made yet, or already cleaned up
    }
    for (const name of names) {
      const at = this.read.get(name) ?? { offset: 0, partial: '' };
      let text: string;
      try {
        const fh = await fs.open(path.join(this.dir, name), 'r');
        try {
          const { size } = await fh.stat();
          if (size <= at.offset) continue;
          const buf = Buffer.alloc(size - at.offset);
          await fh.read(buf, 0, buf.length, at.offset);
          at.offset = size;
          text = at.partial + buf.toString('utf8');
        } finally {
          await fh.close();
        }
      } catch {
        continue;
      }
      const lines = text.split('\n');
      at.partial = lines.pop() ?? '';
      for (const l of lines) if (GPU_OP_LINE.test(l)) this.count++;
      this.read.set(name, at);
    }
  }
}

/**
 * The job that profiles `req`. A bare `node` runs on the host's Node.js (`nodePath`, the one the
 * recorder runs on: 20.19 or later, which the preload needs), a path to a Node.js as given.
 */
export function profileJob(req: ProfileJobRequest, preload: string | undefined): Job {
  return {
    name: 'profile',
    kind: 'profile',
    ...(preload !== undefined ? { requires: { file: preload, what: 'the profiler' } } : {}),
    record: async (o) => {
      const [cmd, ...args] = req.command;
      const argv = [cmd === 'node' || cmd === 'nodejs' ? o.nodePath : cmd!, ...args];
      const tail = new OutputTail();
      const ops = new GpuOpCounter(channelDir(process.pid));
      // Run k of K as the progress' round (runs 2.. start with a fresh channel: the count goes on).
      let round = 1;
      let counted = 0;
      const report = () => {
        if (!o.signal.aborted)
          o.onProgress({
            phase: 'running',
            done: 0,
            total: 0,
            gpuOps: counted + ops.count,
            output: tail.last(),
            ...(req.repeat > 1 ? { round, rounds: req.repeat } : {}),
          });
      };
      let counting = false;
      const timer = setInterval(() => {
        if (counting) return;
        counting = true;
        void ops
          .update()
          .then(report)
          .finally(() => (counting = false));
      }, PROGRESS_MS);
      report();
      let series: ProfileSeries;
      try {
        series = await profileRuns({
          command: argv,
          shownCommand: req.command,
          perPass: req.perPass,
          timeoutS: req.timeoutS,
          repeat: req.repeat,
          cwd: req.cwd,
          stdio: 'pipe',
          onOutput: (chunk) => tail.push(chunk),
          signal: o.signal,
          onRun: (k) => {
            if (k > 1) counted += ops.restart();
            round = k;
            report();
          },
          ...(preload !== undefined ? { preload } : {}),
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new JobError(`cannot run ${req.command[0]}: ${err.code === 'ENOENT' ? 'not found' : err.message}`, tail.last());
      } finally {
        clearInterval(timer);
      }
      const last = series.runs[series.runs.length - 1];
      if (last === undefined) throw new JobError('cancelled before the program ran', tail.last());
      if (!series.assembled) throw new JobError(noGpuWorkLine(req.command, series.runs), tail.last());
      const { trace, summary } = series.assembled;
      const what = seriesContents(summary, series.runs.length);
      const cancelled = last.cancelled === true || series.stoppedBy === 'cancel';
      // The end reason (an exit code, a signal, the timeout, the cancel) is the first incomplete note.
      const notes = [...(cancelled ? ['cancelled: what ran is kept, marked incomplete'] : []), what, ...summary.incomplete.map((x) => `incomplete: ${x}`)];
      return { doc: toChromeTrace(trace), notes, output: tail.last() };
    },
  };
}
