/**
 * The chapter's exercise 3 (演習 3): design an experiment that uses parallel computation on the
 * CPU, the GPU, and communication between both devices.
 *
 * Three resources, each on lanes of its own:
 * - GPU compute: R matmuls N×N on the device's queue (timed by pass timestamps);
 * - CPU compute: M×M matmuls in W `worker_threads`, one lane per worker ('cpu worker 1', …), each
 *   product timed inside its worker with `process.hrtime.bigint()` — the main thread's monotonic
 *   clock, so the times need no calibration;
 * - communication: GPU→CPU read-back of the GPU's results (copy to a staging buffer, map, copy
 *   out into a JS array on the main thread), as in seed-compute-copy.
 * Phases: each resource alone ('GPU compute', 'CPU compute', 'Communication'), then 'All together'
 * (all three issued without waiting for one another). The chapter's claim is that the last takes
 * less than the sum of the first three; the per-pair overlaps say which resources really ran at
 * the same time. The workers are started and warmed up before the phases and terminated in a
 * `finally`.
 */
import os from 'node:os';
import { Recorder } from '../recorder.js';
import { selectAdapters } from '../dawn.js';
import { checkMatrixFits, createMatmul } from '../workloads/matmul.js';
import { uniformMatrix } from '../workloads/random.js';
import { checkMatmulSamples } from '../workloads/reference.js';
import { CpuMatmulPool, type CpuMatmulInputs, type CpuMatmulResult } from '../workloads/cpu-matmul-worker.js';
import {
  checkEveryProduct,
  checkParams,
  combineChecks,
  createMatrix,
  openDevices,
  readBackInto,
  submitCopy,
  submitMatmulAndCopy,
  submitMatmuls,
  throwIfCancelled,
  waitQueue,
} from './common.js';
import { experimentHeader, withVerdicts, type Experiment } from './types.js';
import { COMPUTE_COPY_DEPTH, EX3_CPU_GPU_COMM, EX3_CPU_GPU_COMM_PHASES } from './catalog.js';
import { busyIn, busyMs, fmtMs, overlapMs, SPEEDUP_NOISE, totalVsSumVerdict } from './verdicts.js';
import type { Interval } from '../../core/analysis/intervals.js';
import { ns, toRelNs } from '../../core/time.js';
import type { ArgValue, CorrectnessCheck, Dep, Op, Phase, Trace, Verdict } from '../../core/model.js';

/** CPU worker lanes are named `${prefix} 1`, `${prefix} 2`, …; the judge finds CPU compute by this. */
export const CPU_WORKER_LANE_PREFIX = 'cpu worker';

const { gpu: GPU, cpu: CPU, comm: COMM, all: ALL } = EX3_CPU_GPU_COMM_PHASES;

// ---- sizes -----------------------------------------------------------------------------------

/** Worker threads: one per core but one (the main thread and the GPU driver need one), at least 2, at most 4. */
export function cpuWorkerCount(cpus: number): number {
  return Math.min(4, Math.max(2, cpus - 1));
}

/** The CPU's matrices: M = min(N, 256) — a product the CPU finishes in milliseconds, not seconds. */
export function cpuMatrixSize(n: number): number {
  return Math.min(n, 256);
}

/** Products per worker in the CPU phases: enough to last about `targetMs`, bounded so results fit in memory. */
export function cpuTasksPerWorker(targetMs: number, perProductMs: number, workers: number, m: number): { perWorker: number; capped: boolean } {
  const cap = Math.max(1, Math.min(MAX_TASKS_PER_WORKER, Math.floor(MAX_CPU_RESULT_BYTES / (workers * m * m * 4))));
  const wanted = Math.max(1, Math.round(targetMs / Math.max(perProductMs, 1e-6)));
  return { perWorker: Math.min(wanted, cap), capped: wanted > cap };
}

const MAX_TASKS_PER_WORKER = 1000;
/** Every CPU product of a phase is kept until it is checked, after the phase. */
const MAX_CPU_RESULT_BYTES = 256 * 2 ** 20;
const GPU_WARM_UP = 5;
/** JS matmuls reach optimized code after a few products (seen: about 4 at M = 64 and 256): 5 rounds, the last 2 timed. */
const CPU_WARM_UP_ROUNDS = 5;
/** GPU products in flight ahead of the one being read back in 'All together' (as seed-compute-copy). */
const DEPTH = COMPUTE_COPY_DEPTH;
/** Staging buffers: DEPTH in flight + the one being read + one spare (as seed-compute-copy). */
const STAGING = DEPTH + 2;
/** Seeds: every phase multiplies its own inputs, so a result left over from an earlier phase fails the later one's check. */
const SEED = { gpuWarm: 3, gpu: 1, gpuAll: 2, cpuWarm: [101, 102], cpu: [111, 112], cpuAll: [121, 122] } as const;
const CPU_KEY = { warm: 'warm-up', cpu: CPU, all: ALL } as const;

/** A product a worker timed, to be placed on its lane once the recorder has finished. */
interface WorkerOp {
  readonly lane: string;
  readonly name: string;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly args: Record<string, ArgValue>;
  /** The main thread's wait for this batch: each worker's last product gets a 'host' edge to it. */
  readonly waitOp: number;
}

export const ex3CpuGpuComm: Experiment = {
  ...EX3_CPU_GPU_COMM,
  async run(ctx) {
    const { size: n, reps } = ctx.params;
    checkParams(n, reps);
    const entries = await selectAdapters(ctx.params.adapter);
    const cores = os.cpus().length;
    const w = cpuWorkerCount(cores);
    const m = cpuMatrixSize(n);
    const rec = new Recorder(ctx.recorder);
    let pool: CpuMatmulPool | undefined;
    try {
      const { devices, topology } = await openDevices(entries, 1, ['gpu1']);
      const main = rec.cpuLane('main thread');
      const workerLanes = Array.from({ length: w }, (_, i) => rec.cpuLane(`${CPU_WORKER_LANE_PREFIX} ${i + 1}`));
      const q = rec.addQueue(devices[0]!, `GPU1: ${devices[0]!.info.name} (${devices[0]!.info.backend})`);

      // Progress: R units per phase; the CPU phase and 'All together' count fractions of their work.
      const total = 4 * reps;
      let done = 0;
      const report = (phase: string, index: number, fraction: number) => {
        const d = index * reps + Math.floor(reps * Math.min(1, fraction));
        if (d > done) ctx.onProgress({ phase, done: (done = d), total });
      };
      ctx.onProgress({ phase: 'set-up', done: 0, total });

      checkMatrixFits(q.device, q.label, n); // before generating N² numbers on the host
      const bytes = n * n * 4;
      const xWarm = createMatrix(rec, q, main, 'x warm-up', n, uniformMatrix(n, SEED.gpuWarm));
      const xGpuData = uniformMatrix(n, SEED.gpu);
      const xAllData = uniformMatrix(n, SEED.gpuAll);
      const xGpu = createMatrix(rec, q, main, `x ${GPU}`, n, xGpuData);
      const xAll = createMatrix(rec, q, main, `x ${ALL}`, n, xAllData);
      const kernel = createMatmul(q.device, n);
      const ys = Array.from({ length: reps }, (_, r) => createMatrix(rec, q, main, `y[${r}]`, n));
      const groups = {
        warm: ys.slice(0, Math.min(reps, GPU_WARM_UP)).map((y) => kernel.bind(xWarm, xWarm, y)),
        gpu: ys.map((y) => kernel.bind(xGpu, xGpu, y)),
        all: ys.map((y) => kernel.bind(xAll, xAll, y)),
      };
      const staging = Array.from({ length: Math.min(STAGING, reps + 1) }, (_, s) =>
        q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: `staging ${s}` }),
      );
      // Host memory for the read-backs, allocated and touched up front: the phases time copying, not page faults.
      const yCpu = Array.from({ length: reps }, () => new Float32Array(n * n).fill(Number.NaN));

      const cpuInputs: Record<string, CpuMatmulInputs> = {
        [CPU_KEY.warm]: { a: uniformMatrix(m, SEED.cpuWarm[0]), b: uniformMatrix(m, SEED.cpuWarm[1]) },
        [CPU_KEY.cpu]: { a: uniformMatrix(m, SEED.cpu[0]), b: uniformMatrix(m, SEED.cpu[1]) },
        [CPU_KEY.all]: { a: uniformMatrix(m, SEED.cpuAll[0]), b: uniformMatrix(m, SEED.cpuAll[1]) },
      };
      // Started before the run, outside every phase: a worker's start-up is not what is measured.
      pool = await CpuMatmulPool.start(w, m, cpuInputs);
      const cpuPool = pool;
      await rec.wait(q.device.queue.onSubmittedWorkDone());

      const workerOps: WorkerOp[] = [];
      /** Posts `tasks` CPU products and waits for them on the main thread (a sync op); each product becomes an op on its worker's lane. */
      const runCpu = (key: string, tasks: number, name: string, onEach?: (finished: number) => void) => {
        const batch: Omit<WorkerOp, 'waitOp'>[] = [];
        let finished = 0;
        const pending = cpuPool.run(key, tasks, (r) => {
          batch.push({ lane: workerLanes[r.worker]!, name, startNs: r.startNs, endNs: r.endNs, args: { task: r.task, worker: r.worker + 1, m } });
          onEach?.(++finished);
        });
        return {
          pending,
          finish: async () => {
            const { value, op } = await rec.cpuAsync(main, `wait ${name}`, 'sync', () => pending, { tasks, workers: w });
            for (const b of batch) workerOps.push({ ...b, waitOp: op });
            return value;
          },
        };
      };

      await rec.calibrate('start');
      rec.beginRun();

      // ---- warm-up (inside the run, before the phases) ----
      const warm = submitMatmuls(rec, q, main, kernel, groups.warm, 'warm-up');
      await waitQueue(rec, q, main, warm, 'warm-up');
      // Each staging buffer mapped once, so first-map costs land here and not in a phase.
      for (let s = 0; s < staging.length; s++) {
        const copyOp = submitCopy(rec, q, main, ys[0]!, staging[s]!, bytes, `warm-up copy ${s}`);
        await readBackInto(rec, main, staging[s]!, copyOp, yCpu[0]!, `warm-up ${s}`, { staging: s });
      }
      // CPU: rounds of one product per worker, all workers at once; the median of the last two rounds is the per-product time the CPU phases are sized by.
      const warmMs: number[] = [];
      for (let round = 0; round < CPU_WARM_UP_ROUNDS; round++) {
        const results = await runCpu(CPU_KEY.warm, w, 'cpu matmul warm-up').finish();
        if (round >= CPU_WARM_UP_ROUNDS - 2) warmMs.push(...results.map((r) => Number(r.endNs - r.startNs) / 1e6));
      }
      const perProductMs = median(warmMs);
      throwIfCancelled(ctx);

      // ---- GPU compute ----
      await rec.phase(GPU, async () => {
        const ops = submitMatmuls(rec, q, main, kernel, groups.gpu, GPU);
        await waitQueue(rec, q, main, ops, GPU);
      });
      report(GPU, 1, 0);
      throwIfCancelled(ctx);
      const gpuWallMs = rec.phaseWallMs(GPU);
      const { perWorker, capped } = cpuTasksPerWorker(gpuWallMs, perProductMs, w, m);
      const cpuTasks = perWorker * w;

      // ---- CPU compute ----
      const checks: CorrectnessCheck[] = [];
      const cpuResults = await rec.phase(CPU, async () => {
        return runCpu(CPU_KEY.cpu, cpuTasks, `cpu matmul ${CPU}`, (k) => report(CPU, 1, k / cpuTasks)).finish();
      });
      report(CPU, 2, 0);
      checks.push(checkCpu(`'${CPU}': every CPU product equals a·b (sampled, float64 reference)`, cpuInputs[CPU_KEY.cpu]!, cpuResults, m));
      cpuResults.length = 0;
      throwIfCancelled(ctx);

      // ---- Communication: read back the results of 'GPU compute', one after another ----
      await rec.phase(COMM, async () => {
        for (let i = 0; i < reps; i++) {
          const s = staging[i % staging.length]!;
          const copyOp = submitCopy(rec, q, main, ys[i]!, s, bytes, `copy y[${i}]`, { i });
          await readBackInto(rec, main, s, copyOp, yCpu[i]!, `y[${i}]`, { i });
          report(COMM, 2, (i + 1) / reps);
          throwIfCancelled(ctx);
        }
      });
      report(COMM, 3, 0);
      checks.push(checkEveryProduct(`'${GPU}' + '${COMM}': every y[i] read back equals x·x (sampled, float64 reference)`, xGpuData, yCpu, n));
      for (const y of yCpu) y.fill(Number.NaN); // so 'All together' must really write every result

      // ---- All together: CPU products posted first, then GPU products with the read-back of earlier ones ----
      let cpuFinished = 0;
      let drained = 0;
      const allProgress = () => report(ALL, 3, (drained / reps + cpuFinished / cpuTasks) / 2);
      const allCpuResults = await rec.phase(ALL, async () => {
        const cpu = runCpu(CPU_KEY.all, cpuTasks, `cpu matmul ${ALL}`, (k) => ((cpuFinished = k), allProgress()));
        const copies: number[] = [];
        const drain = async (i: number) => {
          await readBackInto(rec, main, staging[i % staging.length]!, copies[i]!, yCpu[i]!, `y[${i}]`, { i });
          drained++;
          allProgress();
        };
        for (let i = 0; i < reps; i++) {
          copies[i] = submitMatmulAndCopy(rec, q, main, kernel, groups.all[i]!, `matmul ${ALL}`, i, ys[i]!, staging[i % staging.length]!, bytes);
          if (i >= DEPTH) await drain(i - DEPTH);
          throwIfCancelled(ctx);
        }
        for (let i = Math.max(0, reps - DEPTH); i < reps; i++) await drain(i);
        return cpu.finish();
      });
      report(ALL, 4, 0);
      checks.push(checkEveryProduct(`'${ALL}': every y[i] read back equals x'·x' (sampled, float64 reference)`, xAllData, yCpu, n));
      checks.push(checkCpu(`'${ALL}': every CPU product equals a'·b' (sampled, float64 reference)`, cpuInputs[CPU_KEY.all]!, allCpuResults, m));
      allCpuResults.length = 0;
      rec.endRun();
      await rec.calibrate('end');

      const recorded = await rec.finish({
        experiment: experimentHeader(ex3CpuGpuComm, ctx.params, { cpuWorkers: w, cpuSize: m, cpuMatmuls: cpuTasks }),
        topology: `${topology}; ${w} CPU worker threads on a host with ${cores} logical CPUs`,
        checks,
        verdicts: [],
        comparisons: [{ separate: [GPU, CPU, COMM], together: ALL }],
        notes: [
          `GPU: matmul kernel ${kernel.variant.name}, R = ${reps} products ${n}×${n} per phase. CPU: ${cpuTasks} products ${m}×${m} per phase (i-k-j loop over Float32Array), ${perWorker} on each of ${w} worker threads, ` +
            `chosen so that '${CPU}' lasts about as long as '${GPU}' (${fmtMs(gpuWallMs)} ms) at the warm-up's ${fmtMs(perProductMs)} ms per product with all workers busy` +
            (capped ? `; capped at ${perWorker} per worker so that the products fit in memory until they are checked` : ''),
          `'${ALL}': the CPU products are posted to the workers first; then each GPU matmul and the copy of its result are submitted, and the result ${DEPTH} products back is read back (map, copy-out) while the next ones compute; ` +
            'the main thread waits for the workers only at the end. Worker start-up and warm-up are outside the phases.',
          `communication is measured as the host's copy-out of mapped results (ops with args.readback); the GPU-side copies run on the same queue as the matmuls and cannot overlap them`,
          'CPU products are timed inside each worker with process.hrtime.bigint(), the same monotonic clock as the main thread: no calibration is applied to them',
        ],
      });
      const trace = addWorkerOps(recorded, rec.origin, workerOps);
      const noted: Trace = { ...trace, meta: { ...trace.meta!, notes: [...trace.meta!.notes, overlapNote(trace)] } };
      return withVerdicts(noted, judgeCpuGpuComm(noted));
    } finally {
      try {
        await pool?.terminate();
      } finally {
        rec.destroy();
      }
    }
  },
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** 64 samples of the last product plus 4 of every other, against the same float64 reference as the GPU's. */
function checkCpu(name: string, x: CpuMatmulInputs, results: readonly CpuMatmulResult[], m: number): CorrectnessCheck {
  return combineChecks(
    name,
    results.map((r, i) => checkMatmulSamples(name, x.a, x.b, r.c, m, i === results.length - 1 ? 64 : 4, r.task + 1)),
  );
}

/**
 * The workers' products as ops on their lanes, appended after the recorder's own (the recorder
 * times what the main thread does; these were timed in the workers on the same clock), with a
 * 'host' edge from each worker's last product of a batch to the main thread's wait for it.
 */
function addWorkerOps(trace: Trace, origin: bigint, workerOps: readonly WorkerOp[]): Trace {
  const first = trace.ops.length;
  const ops: Op[] = workerOps.map((o, j) => {
    const start = toRelNs(o.startNs, origin);
    return { id: first + j, laneId: o.lane, name: o.name, kind: 'cpu', start, dur: ns(Number(o.endNs - o.startNs)), args: o.args };
  });
  const lastOfBatch = new Map<string, number>();
  ops.forEach((op, j) => {
    const key = `${workerOps[j]!.waitOp}>${op.laneId}`;
    const prev = lastOfBatch.get(key);
    if (prev === undefined || op.start + op.dur >= ops[prev - first]!.start + ops[prev - first]!.dur) lastOfBatch.set(key, op.id);
  });
  const deps: Dep[] = [...lastOfBatch.entries()].map(([key, from]) => ({ from, to: Number(key.split('>')[0]), kind: 'host' }));
  return { ...trace, ops: [...trace.ops, ...ops], deps: [...trace.deps, ...deps] };
}

// ---- judging ---------------------------------------------------------------------------------

const wallMs = (p: Phase) => (p.end - p.start) / 1e6;
const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);

function phaseOf(trace: Trace, name: string): Phase {
  const p = trace.phases.find((x) => x.name === name);
  if (!p) throw new Error(`the trace has no phase '${name}'`);
  return p;
}

/** The three resources' busy intervals in a window: GPU compute, CPU compute (worker lanes), host copy-out. */
function resources(trace: Trace, window: Interval) {
  const workerLanes = new Set(trace.lanes.filter((l) => l.kind === 'cpu' && l.name.startsWith(CPU_WORKER_LANE_PREFIX)).map((l) => l.id));
  const cpuOps = trace.ops.filter(
    (o) => o.kind === 'cpu' && workerLanes.has(o.laneId) && o.start + o.dur / 2 >= window.start && o.start + o.dur / 2 <= window.end,
  );
  return {
    gpu: busyIn(
      trace.ops.filter((o) => o.kind === 'compute'),
      window,
    ),
    cpu: busyIn(cpuOps, window),
    comm: busyIn(
      trace.ops.filter((o) => o.kind === 'cpu' && o.args?.['readback'] === true),
      window,
    ),
    cpuOps,
    workers: new Set(cpuOps.map((o) => o.laneId)).size,
  };
}

type Resources = ReturnType<typeof resources>;
const PAIRS = [
  { a: 'gpu', b: 'cpu', label: 'GPU compute ∩ CPU compute', claim: 'the GPU computed while the CPU workers computed' },
  { a: 'gpu', b: 'comm', label: 'GPU compute ∩ communication', claim: 'the host copied results out while the GPU computed' },
  { a: 'cpu', b: 'comm', label: 'CPU compute ∩ communication', claim: 'the host copied results out while the CPU workers computed' },
] as const;
const NAMES = { gpu: 'GPU compute', cpu: 'CPU compute (workers)', comm: 'host copy-out' } as const;

/** Each pair of resources in 'All together': both busy at once, in ms and % of the shorter one's busy time. */
export function pairOverlaps(trace: Trace): { label: string; ms: number; pctOfShorter: number; aMs: number; bMs: number }[] {
  const r = resources(trace, phaseOf(trace, ALL));
  return PAIRS.map(({ a, b, label }) => {
    const ms = overlapMs(r[a], r[b]);
    const [aMs, bMs] = [busyMs(r[a]), busyMs(r[b])];
    return { label, ms, pctOfShorter: pct(ms, Math.min(aMs, bMs)), aMs, bMs };
  });
}

/** The per-pair overlaps as one line for meta.notes. */
export function overlapNote(trace: Trace): string {
  return `overlap in '${ALL}': ${pairOverlaps(trace)
    .map((p) => `${p.label} ${fmtMs(p.ms)} ms (${p.pctOfShorter.toFixed(0)}% of the shorter)`)
    .join('; ')}`;
}

/** Exercise 3's verdicts, read from the finished trace: the chapter's claim, then one per pair of resources. */
export function judgeCpuGpuComm(trace: Trace): Verdict[] {
  const [g, c, k, a] = [phaseOf(trace, GPU), phaseOf(trace, CPU), phaseOf(trace, COMM), phaseOf(trace, ALL)];
  const alone = { gpu: resources(trace, g), cpu: resources(trace, c), comm: resources(trace, k) };
  const all = resources(trace, a);
  const pairs = pairOverlaps(trace);
  return [claimVerdict(trace, [g, c, k], a, alone, all, pairs), ...PAIRS.map((p, i) => pairVerdict(p, pairs[i]!, alone, all))];
}

interface Alone {
  readonly gpu: Resources;
  readonly cpu: Resources;
  readonly comm: Resources;
}

const meanMs = (ops: readonly Op[]) => (ops.length === 0 ? 0 : ops.reduce((s, o) => s + o.dur, 0) / ops.length / 1e6);

function claimVerdict(
  trace: Trace,
  separate: readonly Phase[],
  together: Phase,
  alone: Alone,
  all: Resources,
  pairs: ReturnType<typeof pairOverlaps>,
): Verdict {
  const t = { separate: separate.map((p) => ({ name: p.name, wallMs: wallMs(p) })), together: { name: together.name, wallMs: wallMs(together) } };
  const sum = t.separate.reduce((s, p) => s + p.wallMs, 0);
  const holds = sum / Math.max(t.together.wallMs, 1e-9) > 1 + SPEEDUP_NOISE;
  const overlaps = pairs.map((p) => `${p.label} ${fmtMs(p.ms)} ms`).join(', ');
  const [gpuA, gpuT] = [busyMs(alone.gpu.gpu), busyMs(all.gpu)];
  const [cpuA, cpuT] = [meanMs(alone.cpu.cpuOps), meanMs(all.cpuOps)];
  const [commA, commT] = [busyMs(alone.comm.comm), busyMs(all.comm)];
  const soft = (trace.meta?.adapters ?? []).find((x) => x.isFallback === true || x.architecture === 'software');
  const cores = Number.parseInt(trace.meta?.host.cpus ?? '', 10);
  const workers = Math.max(alone.cpu.workers, all.workers);
  const shared = soft
    ? `the adapter '${soft.name}' is a software renderer (${soft.isFallback ? 'isFallback' : 'architecture software'}): its "GPU" matmuls run on the host's CPU cores` +
      (Number.isFinite(cores) ? `, the same ${cores} logical CPUs as the ${workers} CPU worker(s) and the main thread` : ', the same cores as the CPU workers')
    : undefined;
  let why: string;
  if (holds) {
    // What the separate phases spent not computing (submits, waits, message round trips) is what running together can hide.
    const busyAlone = gpuA + busyMs(alone.cpu.cpu) + commA;
    why =
      `Why: the resources worked at the same time in '${ALL}' (${overlaps}); the separate phases were busy computing or copying out for ${fmtMs(busyAlone)} ms of their ${fmtMs(sum)} ms.` +
      (shared ? ` Note: ${shared}, so what ran at the same time shared those cores.` : '');
  } else {
    const reasons: string[] = [];
    if (shared) reasons.push(`${shared}, so there is no second processor to overlap with`);
    const slower: string[] = [];
    if (gpuT > (1 + SPEEDUP_NOISE) * gpuA) slower.push(`GPU compute busy ${fmtMs(gpuT)} ms vs ${fmtMs(gpuA)} ms alone`);
    if (cpuT > (1 + SPEEDUP_NOISE) * cpuA)
      slower.push(`each CPU product ${fmtMs(cpuT)} ms vs ${fmtMs(cpuA)} ms alone (${(cpuT / Math.max(cpuA, 1e-9)).toFixed(2)}×)`);
    if (commT > (1 + SPEEDUP_NOISE) * commA) slower.push(`host copy-out ${fmtMs(commT)} ms vs ${fmtMs(commA)} ms alone`);
    if (slower.length > 0) reasons.push(`together each resource was slower (${slower.join('; ')}): they competed for the same hardware`);
    const largest = t.separate.reduce((x, p) => (p.wallMs > x.wallMs ? p : x), t.separate[0]!);
    if (largest.wallMs >= 0.8 * sum) reasons.push(`there was little to hide: '${largest.name}' is ${pct(largest.wallMs, sum).toFixed(0)}% of the sum`);
    if (pairs.every((p) => p.pctOfShorter < 10)) reasons.push(`the resources barely overlapped (${overlaps})`);
    if (reasons.length === 0) reasons.push(`the resources overlapped (${overlaps}), but not enough to make up for the cost of running together`);
    why = `Why: ${reasons.join('; ')}.`;
  }
  return totalVsSumVerdict(t, why);
}

function pairVerdict(p: (typeof PAIRS)[number], o: ReturnType<typeof pairOverlaps>[number], alone: Alone, all: Resources): Verdict {
  const holds = o.ms > 0 && o.pctOfShorter >= 10;
  const aloneMs = (r: 'gpu' | 'cpu' | 'comm') => busyMs(alone[r][r]);
  const extra = (r: 'gpu' | 'cpu' | 'comm') => (r === 'cpu' ? ` over ${all.workers} worker(s)` : '');
  return {
    claim: `In '${ALL}' ${p.claim}`,
    holds,
    evidence:
      `${NAMES[p.a]} busy ${fmtMs(o.aMs)} ms${extra(p.a)} (${fmtMs(aloneMs(p.a))} ms in its own phase), ${NAMES[p.b]} busy ${fmtMs(o.bMs)} ms${extra(p.b)} (${fmtMs(aloneMs(p.b))} ms in its own phase); ` +
      `both at once ${fmtMs(o.ms)} ms = ${o.pctOfShorter.toFixed(0)}% of the shorter (holds at 10% or more).`,
  };
}
