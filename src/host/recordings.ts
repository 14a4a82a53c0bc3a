/**
 * Recordings started from the page, for both hosts (Electron main over IPC, `parascope serve` over
 * a WebSocket; pure Node, no Electron import). The recorder runs in a child process on a plain
 * Node.js binary, never in Electron (docs/platform-facts.md: Dawn cannot read GPU buffers there).
 *
 * Every way a run ends — a recording, a recorder error, a crash, a cancel (the child is killed
 * 3 s after it, see runner/client.ts), a file that cannot be written — becomes one final event;
 * nothing is thrown at the host. The recording is written to the recordings folder BEFORE 'done'
 * carries it to the page, so what the page shows is already safe on disk.
 *
 * One run at a time: two recordings sharing a GPU would disturb each other's timings, and timing
 * is what Parascope measures.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { recordFileInChild, recordInChild, type ChildOptions } from '../runner/client.js';
import type { Progress } from '../runner/experiments/types.js';
import { RecorderError } from '../runner/errors.js';
import { defaultRecordingName, saveRecording } from './save-recording.js';
import type { HostTraceFile } from './host-files.js';
import { oneLine } from './one-line.js';
import { parseFileRunParams, parseRunRequest, type RunRequest } from './run-request.js';
import { recordingStem } from './experiment-files.js';
import type { ChromeTraceDocument } from '../core/export/chrome-trace.js';
import type { UserExperimentSpec } from '../runner/user-experiment/schema.js';
import type { RunEventOf } from '../shared/api.js';

/** What a run's progress says (the progress RunEvent without its type). */
export type JobProgress = Omit<Extract<HostRunEvent, { type: 'progress' }>, 'type'>;

export interface JobOptions {
  readonly nodePath: string;
  readonly childScript?: string;
  readonly signal: AbortSignal;
  readonly onProgress: (p: JobProgress) => void;
  readonly onStderr?: (line: string) => void;
}

/** What a job hands back: the trace, and for the page notes about it and a program's last output lines. */
export interface JobResult {
  readonly doc: ChromeTraceDocument;
  readonly notes?: readonly string[];
  readonly output?: readonly string[];
}

/** A job's failure with a profiled program's last output lines, which the 'error' event carries. */
export class JobError extends Error {
  constructor(
    message: string,
    readonly output: readonly string[],
  ) {
    super(message);
  }
}

/**
 * What one run records: its file-name stem and how. A recorder job runs the recorder child (a
 * cancel discards it: the recording can be made again); a profile job (profile-job.ts) runs the
 * user's program and keeps what ran when cancelled (the job says so in its notes).
 */
export interface Job {
  readonly name: string;
  readonly kind: 'recorder' | 'profile';
  /** A built file the job cannot run without (the recorder's is checked for every recorder job). */
  readonly requires?: { readonly file: string; readonly what: string };
  readonly record: (opts: JobOptions) => Promise<JobResult>;
}

/** A recorder child's progress as the page gets it. */
function recorderProgress(p: Progress): JobProgress {
  return {
    phase: p.phase,
    done: p.done,
    total: p.total,
    ...(p.round !== undefined && p.rounds !== undefined ? { round: p.round, rounds: p.rounds } : {}),
    ...(p.warning !== undefined ? { warning: p.warning } : {}),
  };
}

/** The recorder child's options from a job's. */
function childOptions(o: JobOptions): ChildOptions {
  return {
    nodePath: o.nodePath,
    ...(o.childScript !== undefined ? { childScript: o.childScript } : {}),
    signal: o.signal,
    onProgress: (p) => o.onProgress(recorderProgress(p)),
    ...(o.onStderr ? { onStderr: o.onStderr } : {}),
  };
}

/** RunEvent (src/shared/api.ts) as the host holds it: bytes as a Node buffer. */
export type HostRunEvent = RunEventOf<HostTraceFile>;

export interface RecordingsOptions {
  /** Where finished recordings are written: <experiment>-<time>.json.gz. */
  readonly recordingsDir: string;
  /** The plain Node.js to run the recorder on; may throw a one-line error (none found). */
  readonly nodePath: () => string;
  /** The built recorder entry (dist/runner-child.js); runner/client.ts's default when absent. */
  readonly childScript?: string;
  /** Told of each recording once it is on disk, before 'done' (recent files, allowed paths). */
  readonly onSaved?: (file: string) => void;
  /** The recorder's stderr lines (Dawn warnings), for a log. */
  readonly onStderr?: (line: string) => void;
}

interface ActiveRun {
  readonly controller: AbortController;
  readonly finished: Promise<void>;
}

export class Recordings {
  private readonly runs = new Map<string, ActiveRun>();

  constructor(private readonly opts: RecordingsOptions) {}

  /**
   * Starts a built-in experiment. Every outcome, a refused start included, arrives as events, after
   * this returns; only a run id already in use throws (a programming error of the host, not the user's).
   */
  start(runId: string, experiment: unknown, params: unknown, onEvent: (e: HostRunEvent) => void): void {
    this.launch(runId, onEvent, () => {
      const request: RunRequest = parseRunRequest(experiment, params);
      return {
        name: request.experiment,
        kind: 'recorder',
        record: async (o) => ({ doc: await recordInChild(request.experiment, request.params, childOptions(o)) }),
      };
    });
  }

  /**
   * Starts a user experiment file; `resolve` reads and validates it (experiment-files.ts) once the
   * run is under way, so a file that became invalid ends the run with the loader's one line.
   */
  startFile(runId: string, resolve: () => Promise<UserExperimentSpec>, params: unknown, onEvent: (e: HostRunEvent) => void): void {
    this.launch(runId, onEvent, async () => {
      const { adapter, repeat } = parseFileRunParams(params);
      const spec = await resolve();
      return {
        name: recordingStem(spec.file),
        kind: 'recorder',
        record: async (o) => ({
          doc: await recordFileInChild(spec, {
            ...childOptions(o),
            ...(adapter !== undefined ? { adapter } : {}),
            ...(repeat !== undefined ? { repeat } : {}),
          }),
        }),
      };
    });
  }

  /**
   * Starts a profiled program (profile-job.ts); `prepare` checks the request once the run is under
   * way (its one line ends the run as an 'error'). Shares the one-run-at-a-time rule: a program's
   * GPU work beside a recording would disturb both.
   */
  startProfile(runId: string, prepare: () => Job, onEvent: (e: HostRunEvent) => void): void {
    this.launch(runId, onEvent, prepare);
  }

  private launch(runId: string, onEvent: (e: HostRunEvent) => void, prepare: () => Job | Promise<Job>): void {
    if (this.runs.has(runId)) throw new Error(`run ${runId} already exists`);
    const controller = new AbortController();
    /** Drops this run (and only this one: its id may be reused once it is over) from the runs under way. */
    const release = (): void => {
      if (this.runs.get(runId)?.controller === controller) this.runs.delete(runId);
    };
    let ended = false;
    const emit = (e: HostRunEvent): void => {
      if (ended) return;
      if (e.type !== 'progress') {
        ended = true;
        // Over before anyone hears of it: a run started on this event is not refused as a second one.
        release();
      }
      try {
        onEvent(e);
      } catch {
        // The receiver is gone (window closed, socket dropped): the run still ends cleanly.
      }
    };
    const busy = this.runs.size > 0;
    const finished = (async () => {
      await Promise.resolve(); // events only after start() returned
      if (busy) {
        emit({ type: 'error', message: 'another recording is running: wait for it or cancel it (two recordings on one GPU disturb each other’s timings)' });
        return;
      }
      let job: Job;
      try {
        job = await prepare();
      } catch (e) {
        emit({ type: 'error', message: oneLine(e) });
        return;
      }
      if (controller.signal.aborted) {
        emit({ type: 'cancelled' });
        return;
      }
      await this.run(job, controller.signal, emit);
    })().finally(release);
    this.runs.set(runId, { controller, finished });
  }

  /** Asks the run to stop; it ends with 'cancelled' (or its result, if that came first). */
  cancel(runId: string): void {
    this.runs.get(runId)?.controller.abort();
  }

  /** Cancels every run and waits until each has ended (its child process gone). */
  async cancelAll(): Promise<void> {
    const all = [...this.runs.values()];
    for (const r of all) r.controller.abort();
    await Promise.all(all.map((r) => r.finished));
  }

  private async run(job: Job, signal: AbortSignal, emit: (e: HostRunEvent) => void): Promise<void> {
    let nodePath: string;
    try {
      nodePath = this.opts.nodePath();
    } catch (e) {
      emit({ type: 'error', message: oneLine(e) });
      return;
    }
    const childScript = this.opts.childScript;
    const requires = job.kind === 'recorder' && childScript !== undefined ? { file: childScript, what: 'the recorder' } : job.requires;
    if (requires !== undefined && !existsSync(requires.file)) {
      emit({ type: 'error', message: `${requires.what} is not built (${requires.file} is missing): run npm run build` });
      return;
    }
    let result: JobResult;
    try {
      result = await job.record({
        nodePath,
        ...(childScript !== undefined ? { childScript } : {}),
        signal,
        // After a cancel the page waits for the run's end only.
        onProgress: (p) => {
          if (!signal.aborted) emit({ type: 'progress', ...p });
        },
        ...(this.opts.onStderr ? { onStderr: this.opts.onStderr } : {}),
      });
    } catch (e) {
      if (signal.aborted || (e instanceof RecorderError && e.code === 'cancelled')) emit({ type: 'cancelled' });
      else emit({ type: 'error', message: oneLine(e), ...(e instanceof JobError && e.output.length > 0 ? { output: e.output } : {}) });
      return;
    }
    // A recording cancelled at its very end is discarded all the same; a profiled program's run is kept.
    if (signal.aborted && job.kind === 'recorder') {
      emit({ type: 'cancelled' });
      return;
    }
    const doc = result.doc;
    let file: string;
    let bytes: Uint8Array;
    try {
      await fs.mkdir(this.opts.recordingsDir, { recursive: true });
      // Claimed by exclusive create: two recordings finishing in the same second never share a file.
      ({ file } = await saveRecording(path.join(this.opts.recordingsDir, defaultRecordingName(job.name)), doc, { mode: 'claim' }));
      // What the page gets is exactly what is on disk.
      bytes = await fs.readFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      emit({ type: 'error', message: `the recording finished but cannot be saved in ${this.opts.recordingsDir}: ${code ?? oneLine(e)}` });
      return;
    }
    try {
      this.opts.onSaved?.(file);
    } catch {
      // Bookkeeping (recent files) must not lose a saved recording.
    }
    emit({
      type: 'done',
      file: { name: path.basename(file), path: file, bytes },
      ...(result.notes !== undefined && result.notes.length > 0 ? { notes: result.notes } : {}),
      ...(result.output !== undefined && result.output.length > 0 ? { output: result.output } : {}),
    });
  }
}
