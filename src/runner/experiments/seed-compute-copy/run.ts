/**
 * The chapter's §2 (並列計算と通信): compute R products on the GPU, copy them all to CPU memory,
 * then do both pipelined — y[i-1] is copied and read back while y[i] computes.
 *
 * In WebGPU a device has one queue, so a GPU copy and a GPU matmul of one device run one after
 * the other (docs/platform-facts.md: no overlap inside a queue). What can overlap is the GPU and the host: while
 * the GPU computes y[i], the CPU waits for the mapping of y[i-1] and copies it out of the mapped
 * range into a JS array. That is the overlap this experiment measures.
 */
import { checkMatrixFits, createMatmul } from '../../workloads/matmul.js';
import { uniformMatrix } from '../../workloads/random.js';
import {
  checkEveryProduct,
  COMPUTE_COPY_STAGING,
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
import type { Experiment } from '../types.js';
import { COMPUTE_COPY_DEPTH, SEED_COMPUTE_COPY, SEED_COMPUTE_COPY_PHASES } from '../catalog.js';
import type { CorrectnessCheck } from '../../../core/model.js';
import { judgeComputeCopy } from './judge.js';

const { run: RUN, copy: COPY, both: BOTH } = SEED_COMPUTE_COPY_PHASES;
const DEPTH = COMPUTE_COPY_DEPTH;
const STAGING = COMPUTE_COPY_STAGING;

export const seedComputeCopy: Experiment<'seed-compute-copy'> = {
  ...SEED_COMPUTE_COPY,
  run: (ctx) =>
    runExperiment(
      SEED_COMPUTE_COPY,
      ctx,
      {
        devices: 1,
        work: (size, reps, repeat) => matmulFlop(size) * (2 * reps * repeat + Math.min(reps, 5)),
        total: (c, repeat) => 3 * c.params.reps * repeat,
      },
      async ({ rec, main, queues, progress, cancelled, begin, rounds }) => {
        const { size: n, reps } = ctx.params;
        const q = queues[0]!;
        const bytes = n * n * 4;

        checkMatrixFits(q.device, q.label, n); // before generating N² numbers on the host
        const xData = uniformMatrix(n, 1);
        const x = createMatrix(rec, q, main, 'x_gpu1', n, xData);
        const kernel = createMatmul(q.device, n);
        const ys = Array.from({ length: reps }, (_, r) => createMatrix(rec, q, main, `y[${r}]`, n));
        const groups = ys.map((y) => kernel.bind(x, x, y));
        const staging = createStaging(q, bytes, reps);
        // Host memory for the results is allocated and touched up front: the phases time copying,
        // not allocation. Untouched pages fault on first write, and on an H200 that made the first
        // copy phase 5× slower than the second — a bias in favour of the chapter's claim.
        const yCpu = Array.from({ length: reps }, () => new Float32Array(n * n).fill(Number.NaN));
        await rec.wait(q.device.queue.onSubmittedWorkDone());

        await begin();
        const warm = submitMatmuls(rec, q, main, kernel, groups.slice(0, Math.min(reps, 5)), 'warm-up');
        await waitQueue(rec, q, main, warm, 'warm-up');
        cancelled();

        // K rounds of the three phases; the correctness checks in round 1 (every round computes the same products).
        // Progress moves within each phase: at the submit of 'Run on GPU1' (sent while the GPU works), per product after.
        const checks: CorrectnessCheck[] = [];
        await rounds(async (round) => {
          const matmulOps = await rec.phase(RUN, async () => {
            const ops = submitMatmuls(rec, q, main, kernel, groups, 'y = x·x');
            progress(RUN, Math.floor(reps / 2));
            await waitQueue(rec, q, main, ops, 'y = x·x');
            return ops;
          });
          progress(RUN, reps - Math.floor(reps / 2));
          cancelled();

          await rec.phase(COPY, async () => {
            for (let i = 0; i < reps; i++) {
              const s = staging[i % staging.length]!;
              const copyOp = submitCopy(rec, q, main, ys[i]!, s, bytes, `copy y[${i}]`, { i });
              rec.dep(matmulOps[i]!, copyOp, 'data');
              await readBackInto(rec, main, s, copyOp, yCpu[i]!, `y[${i}]`, { i });
              progress(COPY);
              cancelled();
            }
          });
          if (round === 1) checks.push(checkEveryProduct(`'${COPY}': every y[i] in CPU memory equals x·x (sampled, float64 reference)`, xData, yCpu, n));
          for (const y of yCpu) y.fill(Number.NaN); // so the next phase must really write every result

          await rec.phase(BOTH, async () => {
            await pipelinedComputeAndReadBack(rec, q, main, kernel, groups, 'matmul y = x·x', ys, staging, bytes, yCpu, () => progress(BOTH), cancelled);
          });
          if (round === 1) checks.push(checkEveryProduct(`'${BOTH}': every y[i] in CPU memory equals x·x (sampled, float64 reference)`, xData, yCpu, n));
        });
        return {
          checks,
          comparisons: [{ separate: [RUN, COPY], together: BOTH }],
          notes: [
            `matmul kernel ${kernel.variant.name}; ${STAGING} staging buffers; ${DEPTH} products in flight in '${BOTH}'`,
            'WebGPU gives a device one queue: its copies and matmuls run one after the other on the GPU; the overlap measured is GPU work against host-side read-back.',
          ],
          judge: judgeComputeCopy,
        };
      },
    ),
};
