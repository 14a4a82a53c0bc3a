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
import { checkMatrixFits, createMatmul } from '../../workloads/matmul.js';
import { uniformMatrix } from '../../workloads/random.js';
import { checkMatmulSamples } from '../../workloads/reference.js';
import { CpuMatmulPool, type CpuMatmulInputs, type CpuMatmulResult } from '../../workloads/cpu-matmul-worker.js';
import {
  checkEveryProduct,
  combineChecks,
  createMatrix,
  createStaging,
  pipelinedComputeAndReadBack,
  readBackInto,
  submitCopy,
  submitMatmuls,
  waitQueue,
} from '../gpu-steps.js';
import { runExperiment } from '../skeleton.js';
import { matmulFlop } from '../software-warning.js';
import { withNotes, type Experiment } from '../types.js';
import { COMPUTE_COPY_DEPTH, EX3_CPU_GPU_COMM, EX3_CPU_GPU_COMM_PHASES } from '../catalog.js';
import { fmtMs } from '../judge-kit.js';
import { ns, toRelNs } from '../../../core/time.js';
import type { ArgValue, CorrectnessCheck, Dep, Op, Trace } from '../../../core/model.js';
import { CPU_WORKER_LANE_PREFIX, judgeCpuGpuComm, overlapNote } from './judge.js';
import { cpuMatrixSize, cpuTasksPerWorker, cpuWorkerCount } from './sizes.js';

const { gpu: GPU, cpu: CPU, comm: COMM, all: ALL } = EX3_CPU_GPU_COMM_PHASES;

const GPU_WARM_UP = 5;
/** JS matmuls reach optimized code after a few products (seen: about 4 at M = 64 and 256): 5 rounds, the last 2 timed. */
const CPU_WARM_UP_ROUNDS = 5;
/** GPU products in flight ahead of the one being read back in 'All together' (as seed-compute-copy). */
const DEPTH = COMPUTE_COPY_DEPTH;
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

export const ex3CpuGpuComm: Experiment<'ex3-cpu-gpu-comm'> = {
  ...EX3_CPU_GPU_COMM,
  run: (ctx) =>
    runExperiment(
      EX3_CPU_GPU_COMM,
      ctx,
      {
        devices: 1,
        // 2R GPU matmuls a round, and CPU work sized to last about as long as R of them.
        work: (size, reps, repeat) => matmulFlop(size) * (3 * reps * repeat + GPU_WARM_UP),
        total: (c, repeat) => 4 * c.params.reps * repeat,
      },
      async ({ rec, main, queues, topology, progressTo, cancelled, begin, rounds }) => {
        const { size: n, reps } = ctx.params;
        const cores = os.cpus().length;
        const w = cpuWorkerCount(cores);
        const m = cpuMatrixSize(n);
        const q = queues[0]!;
        const workerLanes = Array.from({ length: w }, (_, i) => rec.cpuLane(`${CPU_WORKER_LANE_PREFIX} ${i + 1}`));

        // Progress: R units per phase, 4R per round; the CPU phase and 'All together' count fractions of their work.
        let done = 0;
        let roundBase = 0;
        const report = (phase: string, index: number, fraction: number) => {
          const d = roundBase + index * reps + Math.floor(reps * Math.min(1, fraction));
          if (d > done) progressTo(phase, (done = d));
        };
        let pool: CpuMatmulPool | undefined;
        try {
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
          const staging = createStaging(q, bytes, reps);
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

          await begin();

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
          cancelled();

          // K rounds of the four phases; the correctness checks in round 1 (every round computes the same products).
          const checks: CorrectnessCheck[] = [];
          let gpuWallMs = 0;
          let sized: ReturnType<typeof cpuTasksPerWorker> | undefined;
          await rounds(async (round) => {
            roundBase = (round - 1) * 4 * reps;
            // ---- GPU compute ----
            await rec.phase(GPU, async () => {
              const ops = submitMatmuls(rec, q, main, kernel, groups.gpu, GPU);
              await waitQueue(rec, q, main, ops, GPU);
            });
            report(GPU, 1, 0);
            cancelled();
            // The CPU work is sized in round 1, by its 'GPU compute', and stays the same in every round.
            if (round === 1) {
              gpuWallMs = rec.phaseWallMs(GPU);
              sized = cpuTasksPerWorker(gpuWallMs, perProductMs, w, m);
            }
            const cpuTasks = sized!.perWorker * w;

            // ---- CPU compute ----
            const cpuResults = await rec.phase(CPU, async () => {
              return runCpu(CPU_KEY.cpu, cpuTasks, `cpu matmul ${CPU}`, (k) => report(CPU, 1, k / cpuTasks)).finish();
            });
            report(CPU, 2, 0);
            if (round === 1)
              checks.push(checkCpu(`'${CPU}': every CPU product equals a·b (sampled, float64 reference)`, cpuInputs[CPU_KEY.cpu]!, cpuResults, m));
            cpuResults.length = 0;
            cancelled();

            // ---- Communication: read back the results of 'GPU compute', one after another ----
            await rec.phase(COMM, async () => {
              for (let i = 0; i < reps; i++) {
                const s = staging[i % staging.length]!;
                const copyOp = submitCopy(rec, q, main, ys[i]!, s, bytes, `copy y[${i}]`, { i });
                await readBackInto(rec, main, s, copyOp, yCpu[i]!, `y[${i}]`, { i });
                report(COMM, 2, (i + 1) / reps);
                cancelled();
              }
            });
            report(COMM, 3, 0);
            if (round === 1)
              checks.push(checkEveryProduct(`'${GPU}' + '${COMM}': every y[i] read back equals x·x (sampled, float64 reference)`, xGpuData, yCpu, n));
            for (const y of yCpu) y.fill(Number.NaN); // so 'All together' must really write every result

            // ---- All together: CPU products posted first, then GPU products with the read-back of earlier ones ----
            let cpuFinished = 0;
            let drained = 0;
            const allProgress = () => report(ALL, 3, (drained / reps + cpuFinished / cpuTasks) / 2);
            const allCpuResults = await rec.phase(ALL, async () => {
              const cpu = runCpu(CPU_KEY.all, cpuTasks, `cpu matmul ${ALL}`, (k) => ((cpuFinished = k), allProgress()));
              await pipelinedComputeAndReadBack(
                rec,
                q,
                main,
                kernel,
                groups.all,
                `matmul ${ALL}`,
                ys,
                staging,
                bytes,
                yCpu,
                () => (drained++, allProgress()),
                cancelled,
              );
              return cpu.finish();
            });
            report(ALL, 4, 0);
            if (round === 1) checks.push(checkEveryProduct(`'${ALL}': every y[i] read back equals x'·x' (sampled, float64 reference)`, xAllData, yCpu, n));
            if (round === 1)
              checks.push(checkCpu(`'${ALL}': every CPU product equals a'·b' (sampled, float64 reference)`, cpuInputs[CPU_KEY.all]!, allCpuResults, m));
            allCpuResults.length = 0;
          });
          const { perWorker, capped } = sized!;
          const cpuTasks = perWorker * w;
          return {
            derived: { cpuWorkers: w, cpuSize: m, cpuMatmuls: cpuTasks },
            topology: `${topology}; ${w} CPU worker threads on a host with ${cores} logical CPUs`,
            checks,
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
            finish: (recorded, r) => {
              const trace = addWorkerOps(recorded, r.origin, workerOps);
              return withNotes(trace, [overlapNote(trace)]);
            },
            judge: judgeCpuGpuComm,
          };
        } finally {
          await pool?.terminate();
        }
      },
    ),
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
