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
import { RecorderError } from '../runner/errors.js';
import { defaultRecordingName, saveRecording } from './save-recording.js';
import type { HostTraceFile } from './host-files.js';
import { oneLine } from './one-line.js';
import { parseFileRunParams, parseRunRequest, type RunRequest } from './run-request.js';
import { recordingStem } from './experiment-files.js';
import type { ChromeTraceDocument } from '../core/export/chrome-trace.js';
import type { UserExperimentSpec } from '../runner/user-experiment/schema.js';
import type { RunEventOf } from '../shared/api.js';

/** What one run records: its file-name stem and how to start the recorder child. */
interface Job {
  readonly name: string;
  readonly record: (opts: ChildOptions) => Promise<ChromeTraceDocument>;
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
      return { name: request.experiment, record: (opts) => recordInChild(request.experiment, request.params, opts) };
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
        record: (opts) => recordFileInChild(spec, { ...opts, ...(adapter !== undefined ? { adapter } : {}), ...(repeat !== undefined ? { repeat } : {}) }),
      };
    });
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
    if (childScript !== undefined && !existsSync(childScript)) {
      emit({ type: 'error', message: `the recorder is not built (${childScript} is missing): run npm run build` });
      return;
    }
    let doc;
    try {
      doc = await job.record({
        nodePath,
        ...(childScript !== undefined ? { childScript } : {}),
        signal,
        // After a cancel the page waits for 'cancelled' only.
        onProgress: (p) => {
          if (!signal.aborted)
            emit({
              type: 'progress',
              phase: p.phase,
              done: p.done,
              total: p.total,
              ...(p.round !== undefined && p.rounds !== undefined ? { round: p.round, rounds: p.rounds } : {}),
              ...(p.warning !== undefined ? { warning: p.warning } : {}),
            });
        },
        ...(this.opts.onStderr ? { onStderr: this.opts.onStderr } : {}),
      });
    } catch (e) {
      if (signal.aborted || (e instanceof RecorderError && e.code === 'cancelled')) emit({ type: 'cancelled' });
      else emit({ type: 'error', message: oneLine(e) });
      return;
    }
    if (signal.aborted) {
      emit({ type: 'cancelled' });
      return;
    }
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
    emit({ type: 'done', file: { name: path.basename(file), path: file, bytes } });
  }
}
