/**
 * Parent side of the recorder child process: spawns it on a plain Node.js binary, sends one
 * request, relays progress, and turns every way it can end — a result, a reported error, a crash,
 * a hang after cancel — into a resolved value or one `RecorderError`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AdapterInfo } from '../core/model.js';
import type { ChromeTraceDocument } from '../core/export/chrome-trace.js';
import { RecorderError, type RecorderErrorCode } from './errors.js';
import type { FromChild, ToChild } from './protocol.js';
import type { ExperimentParams } from '../shared/api.js';
import type { Progress } from './experiments/types.js';
import type { RecorderOptions } from './recorder.js';
import type { UserExperimentSpec } from './user-experiment/schema.js';

export interface ChildOptions {
  /** Node.js binary to run the recorder on; defaults to the one running this code. */
  readonly nodePath?: string;
  /** The built child entry (dist/runner-child.js); defaults to the one beside this bundle. */
  readonly childScript?: string;
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
  /** Receives the child's stderr lines (Dawn prints warnings there) instead of dropping them. */
  readonly onStderr?: (line: string) => void;
  /**
   * Seconds the recording may take, from the child's start; past it the child is killed (which
   * ends its devices) and the request fails with 'timeout', naming the work in flight. 0: none.
   * Default: none for built-in experiments (their work always ends), DEFAULT_FILE_TIMEOUT_S for
   * experiment files (a user's kernel may loop forever).
   */
  readonly timeoutS?: number;
}

/** An experiment file's default --timeout: far longer than any example needs, short of "forever". */
export const DEFAULT_FILE_TIMEOUT_S = 600;

/** What was in flight when a recording was stopped: the ops the child last named, else its last progress report. */
function inFlight(last: Progress | undefined, ops: readonly string[] | undefined): string {
  if (ops !== undefined && ops.length > 0) {
    const where = last === undefined || last.phase === 'set-up' ? '' : ` in phase '${last.phase}'`;
    return `${ops.length === 1 ? 'op' : 'ops'} ${ops.map((o) => `'${o}'`).join(', ')} had not finished${where}`;
  }
  if (last === undefined) return 'before the first progress report: opening the devices or compiling';
  if (last.phase === 'set-up') return 'in set-up or the warm-up run of each GPU op, before the first op of the phases finished';
  return `in phase '${last.phase}', where op ${Math.min(last.done + 1, last.total)} of ${last.total} had not finished`;
}

export class ChildError extends RecorderError {
  constructor(
    code: RecorderErrorCode,
    message: string,
    readonly childStack?: string,
  ) {
    super(code, message);
  }
}

export function defaultChildScript(): string {
  return fileURLToPath(new URL('./runner-child.js', import.meta.url));
}

function request<T>(req: ToChild, pick: (m: FromChild) => T | undefined, opts: ChildOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(opts.nodePath ?? process.execPath, [opts.childScript ?? defaultChildScript()], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? '/tmp' },
    });
    let settled = false;
    let lastProgress: Progress | undefined;
    let lastInFlight: readonly string[] | undefined;
    let timedOut = false;
    const timeoutS = opts.timeoutS ?? 0;
    const timer =
      timeoutS > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutS * 1000)
        : undefined;
    let result: { value: T } | undefined;
    let failure: ChildError | undefined;
    const tail: string[] = [];
    const onLine = (line: string) => {
      if (!line.trim()) return;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.onStderr?.(line);
    };
    let buf = '';
    const collect = (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('message', (m: FromChild) => {
      if (m.type === 'progress') {
        lastProgress = m.progress;
        opts.onProgress?.(m.progress);
      } else if (m.type === 'in-flight') lastInFlight = m.ops;
      else if (m.type === 'error')
        failure = new ChildError(m.code === 'internal' ? 'gpu-error' : m.code, m.code === 'internal' ? `recorder failed: ${m.message}` : m.message, m.stack);
      else {
        const v = pick(m);
        if (v !== undefined) result = { value: v };
      }
    });
    const onAbort = () => {
      if (child.connected) child.send({ type: 'cancel' } satisfies ToChild);
      // A recorder stuck in a driver call cannot read the message: give it a moment, then kill.
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(new RecorderError('gpu-error', `cannot start the recorder process (${opts.nodePath ?? process.execPath}): ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (buf) onLine(buf);
      if (settled) return;
      settled = true;
      if (result) resolve(result.value);
      else if (timedOut)
        reject(
          new RecorderError(
            'timeout',
            `the recording ran past --timeout ${timeoutS} s and was stopped, its devices with it: ${inFlight(lastProgress, lastInFlight)}. A kernel that never ends? Otherwise raise --timeout (0: none)`,
          ),
        );
      else if (failure) reject(failure);
      else if (opts.signal?.aborted) reject(new RecorderError('cancelled', 'recording cancelled'));
      else {
        const last = tail
          .filter((l) => !isDawnNoise(l))
          .slice(-3)
          .join(' | ');
        reject(
          new RecorderError(
            'device-lost',
            `the recorder process ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before answering${last ? `: ${last}` : ''}`,
          ),
        );
      }
    });
    child.send(req);
  });
}

/** Lines Dawn prints on every device creation; they are not problems. */
export function isDawnNoise(line: string): boolean {
  return /artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit/.test(line);
}

export function listDevicesInChild(opts: ChildOptions = {}): Promise<AdapterInfo[]> {
  return request({ type: 'devices' }, (m) => (m.type === 'devices' ? m.adapters : undefined), opts);
}

export function recordInChild(
  experiment: string,
  params: ExperimentParams,
  opts: ChildOptions & { recorder?: RecorderOptions } = {},
): Promise<ChromeTraceDocument> {
  return request(
    { type: 'record', experiment, params, ...(opts.recorder ? { recorder: opts.recorder } : {}) },
    (m) => (m.type === 'trace' ? m.doc : undefined),
    opts,
  );
}

/** Runs a user experiment (already loaded and validated with user-experiment/loader.ts) in the child. */
export function recordFileInChild(
  spec: UserExperimentSpec,
  opts: ChildOptions & { adapter?: string; repeat?: number; recorder?: RecorderOptions } = {},
): Promise<ChromeTraceDocument> {
  return request(
    {
      type: 'record-file',
      spec,
      ...(opts.adapter !== undefined ? { adapter: opts.adapter } : {}),
      ...(opts.repeat !== undefined ? { repeat: opts.repeat } : {}),
      ...(opts.recorder ? { recorder: opts.recorder } : {}),
    },
    (m) => (m.type === 'trace' ? m.doc : undefined),
    { ...opts, timeoutS: opts.timeoutS ?? DEFAULT_FILE_TIMEOUT_S },
  );
}
