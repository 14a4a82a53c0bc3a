/**
 * CPU matmuls in `worker_threads`: one worker per CPU lane, each multiplying M×M f32 matrices
 * with a plain, cache-friendly i-k-j loop and timing every product itself with
 * `process.hrtime.bigint()`. Worker threads share the process's monotonic clock (libuv's
 * uv_hrtime, CLOCK_MONOTONIC), so a worker's times are on the main thread's host clock as they
 * are: no calibration is needed.
 *
 * Why the worker is started from a code string (`new Worker(code, { eval: true })`) and not from
 * a file: the recorder runs from two places — the TypeScript sources (vitest, tsx) and the esbuild
 * bundles in dist/, which hold only dist/cli.js and dist/runner-child.js. A worker file would need
 * its own bundle entry there and a path that differs between the two; the source of one
 * self-contained function, `Function.prototype.toString()`, is the same code in both and needs no
 * extra file. "Self-contained" is the rule for `cpuMatmulWorkerMain` below: it may use only its
 * own locals and Node's built-ins (through `process.getBuiltinModule`, Node ≥ 20.16), never an
 * import or anything else from this module, and it declares no named inner functions (a
 * transpiler's keep-names helper would be a free variable in the worker).
 */
import { Worker } from 'node:worker_threads';

/** Inputs of one kind of task, sent to every worker once, before anything is timed. */
export interface CpuMatmulInputs {
  readonly a: Float32Array;
  readonly b: Float32Array;
}

/** One finished product: who computed it, when (host clock, ns), and the result. */
export interface CpuMatmulResult {
  /** 0-based worker index. */
  readonly worker: number;
  /** 0-based index of the task within its `run`. */
  readonly task: number;
  readonly key: string;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly c: Float32Array;
}

type ToWorker =
  | { readonly type: 'init'; readonly m: number; readonly inputs: Readonly<Record<string, CpuMatmulInputs>> }
  | { readonly type: 'task'; readonly key: string; readonly task: number };

type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly key: string; readonly task: number; readonly startNs: bigint; readonly endNs: bigint; readonly c: Float32Array }
  | { readonly type: 'failed'; readonly message: string };

/**
 * The worker's whole program. Runs in the worker only (as the source text of an eval'd script);
 * see the file comment for why it must stay self-contained.
 */
export function cpuMatmulWorkerMain(): void {
  // Not `require` (a bundler warns about it in ESM output) nor `import` (the eval'd script is not a module).
  const { parentPort } = process.getBuiltinModule('node:worker_threads');
  if (!parentPort) throw new Error('cpuMatmulWorkerMain runs only in a worker thread');
  const port = parentPort;
  let m = 0;
  let inputs: Record<string, { a: Float32Array; b: Float32Array }> = {};
  port.on('message', (msg: ToWorker) => {
    try {
      if (msg.type === 'init') {
        m = msg.m;
        inputs = { ...msg.inputs };
        port.postMessage({ type: 'ready' });
        return;
      }
      const input = inputs[msg.key];
      if (!input) throw new Error(`no inputs for task key '${msg.key}'`);
      const a = input.a;
      const b = input.b;
      const c = new Float32Array(m * m); // zeroed; allocated outside the timed product
      const startNs = process.hrtime.bigint();
      // C = A·B, row-major, i-k-j: the inner loop walks a row of B and a row of C contiguously.
      for (let i = 0; i < m; i++) {
        const ci = i * m;
        for (let k = 0; k < m; k++) {
          const aik = a[ci + k]!;
          const bk = k * m;
          for (let j = 0; j < m; j++) c[ci + j] = c[ci + j]! + aik * b[bk + j]!;
        }
      }
      const endNs = process.hrtime.bigint();
      port.postMessage({ type: 'done', key: msg.key, task: msg.task, startNs, endNs, c }, [c.buffer]);
    } catch (e) {
      port.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  });
}

/** The worker script: the function's source, called. The same text under vitest and in dist/. */
export const CPU_MATMUL_WORKER_CODE = `'use strict';\n(${cpuMatmulWorkerMain.toString()})();\n`;

let live = 0;
/** Worker threads started by any pool and not yet exited: 0 once every pool is terminated (tests check this). */
export function liveCpuWorkers(): number {
  return live;
}

interface Pending {
  readonly worker: number;
  readonly resolve: (r: CpuMatmulResult) => void;
  readonly reject: (e: Error) => void;
}

/**
 * W workers, each a serial CPU resource. `run` hands out tasks round-robin and posts them all at
 * once (each worker works through its own queue without waiting for the main thread);
 * `terminate` must be called (in a `finally`): live workers keep the process from exiting.
 */
export class CpuMatmulPool {
  private readonly pending = new Map<string, Pending>();
  private failure: Error | undefined;
  private terminated = false;

  private constructor(
    private readonly workers: readonly Worker[],
    readonly m: number,
  ) {
    workers.forEach((w, i) => {
      w.on('message', (msg: FromWorker) => {
        if (msg.type === 'done') {
          const id = `${msg.key}/${msg.task}`;
          const p = this.pending.get(id);
          if (!p) return;
          this.pending.delete(id);
          p.resolve({ worker: i, task: msg.task, key: msg.key, startNs: msg.startNs, endNs: msg.endNs, c: msg.c });
        } else if (msg.type === 'failed') {
          this.fail(new Error(`CPU worker ${i + 1} failed: ${msg.message}`));
        }
      });
      w.on('error', (e) => this.fail(new Error(`CPU worker ${i + 1} crashed: ${e.message}`)));
      w.on('exit', (code) => {
        if (!this.terminated) this.fail(new Error(`CPU worker ${i + 1} exited unexpectedly (code ${code})`));
      });
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Starts `count` workers and sends each the inputs; resolves once every one has them. */
  static async start(count: number, m: number, inputs: Readonly<Record<string, CpuMatmulInputs>>): Promise<CpuMatmulPool> {
    if (!Number.isSafeInteger(count) || count < 1) throw new Error(`a CPU worker pool needs at least one worker, got ${count}`);
    for (const [key, x] of Object.entries(inputs)) {
      if (x.a.length !== m * m || x.b.length !== m * m) throw new Error(`inputs '${key}' are not ${m}×${m}`);
    }
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const w = new Worker(CPU_MATMUL_WORKER_CODE, { eval: true, name: `cpu worker ${i + 1}` });
        live++;
        w.once('exit', () => live--);
        workers.push(w);
      }
      await Promise.all(
        workers.map(
          (w, i) =>
            new Promise<void>((resolve, reject) => {
              const onMessage = (msg: FromWorker) => {
                if (msg.type === 'ready') done(resolve);
                else if (msg.type === 'failed') done(() => reject(new Error(`CPU worker ${i + 1} failed: ${msg.message}`)));
              };
              const onError = (e: Error) => done(() => reject(new Error(`CPU worker ${i + 1} crashed: ${e.message}`)));
              const onExit = (code: number) => done(() => reject(new Error(`CPU worker ${i + 1} exited during start-up (code ${code})`)));
              const done = (then: () => void) => {
                w.off('message', onMessage).off('error', onError).off('exit', onExit);
                then();
              };
              w.on('message', onMessage).on('error', onError).on('exit', onExit);
              // The inputs are copied (structured clone), not transferred: the caller keeps them for checking.
              w.postMessage({ type: 'init', m, inputs } satisfies ToWorker);
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new CpuMatmulPool(workers, m);
  }

  /**
   * Posts `tasks` products of inputs `key`, task t to worker t mod W, all at once; `onDone` is
   * called as each one arrives. Resolves with every result in task order.
   */
  run(key: string, tasks: number, onDone?: (r: CpuMatmulResult) => void): Promise<CpuMatmulResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.terminated) return Promise.reject(new Error('the CPU worker pool is terminated'));
    const all: Promise<CpuMatmulResult>[] = [];
    for (let task = 0; task < tasks; task++) {
      const worker = task % this.workers.length;
      const id = `${key}/${task}`;
      if (this.pending.has(id)) throw new Error(`task ${id} is already running`);
      all.push(
        new Promise<CpuMatmulResult>((resolve, reject) => {
          this.pending.set(id, {
            worker,
            resolve: (r) => {
              onDone?.(r);
              resolve(r);
            },
            reject,
          });
        }),
      );
      this.workers[worker]!.postMessage({ type: 'task', key, task } satisfies ToWorker);
    }
    const results = Promise.all(all);
    results.catch(() => undefined); // a caller that gave up on the run (an error elsewhere) must not leave an unhandled rejection
    return results;
  }

  private fail(e: Error): void {
    if (this.terminated) return;
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  /** Stops every worker; safe to call more than once. */
  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    for (const p of this.pending.values()) p.reject(new Error('the CPU worker pool was terminated'));
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
