/**
 * The chapter's §1 (並列計算): R matmuls of an N×N matrix on GPU1 alone, on GPU2 alone, then on
 * both without waiting in between. If the two queues are independent hardware, 'GPU1 & GPU2'
 * takes about as long as the slower one; if they share one GPU, about the sum.
 */
import { checkMatrixFits, createMatmul } from '../../workloads/matmul.js';
import { uniformMatrix } from '../../workloads/random.js';
import { checkMatmulSamples } from '../../workloads/reference.js';
import { createMatrix, readMatrix, submitMatmuls, waitQueue } from '../gpu-steps.js';
import { runExperiment } from '../skeleton.js';
import { matmulFlop } from '../software-warning.js';
import type { Experiment } from '../types.js';
import { SEED_PARALLEL, SEED_PARALLEL_PHASES } from '../catalog.js';
import { judgeParallel } from './judge.js';

const { gpu1: P1, gpu2: P2, both: P12 } = SEED_PARALLEL_PHASES;

export const seedParallel: Experiment<'seed-parallel'> = {
  ...SEED_PARALLEL,
  run: (ctx) =>
    runExperiment(
      SEED_PARALLEL,
      ctx,
      {
        devices: 2,
        work: (size, reps, repeat) => matmulFlop(size) * (4 * reps * repeat + 2 * Math.min(reps, 5)),
        total: (c, repeat) => 4 * c.params.reps * repeat,
      },
      async ({ rec, main, queues: qs, progress, cancelled, begin, rounds }) => {
        const { size: n, reps } = ctx.params;

        for (const q of qs) checkMatrixFits(q.device, q.label, n); // before generating N² numbers on the host
        const xs = qs.map((q, i) => createMatrix(rec, q, main, `x_gpu${i + 1}`, n, uniformMatrix(n, i + 1)));
        const kernels = qs.map((q) => createMatmul(q.device, n));
        // The chapter keeps all R results (`run` returns a list): one output buffer per product.
        const ys = qs.map((q, i) => Array.from({ length: reps }, (_, r) => createMatrix(rec, q, main, `y${i + 1}[${r}]`, n)));
        const groups = qs.map((_, i) => ys[i]!.map((y) => kernels[i]!.bind(xs[i]!, xs[i]!, y)));
        await rec.wait(Promise.all(qs.map((q) => q.device.queue.onSubmittedWorkDone())));

        await begin();
        // Warm-up: one pass over each device, as the chapter does, so caches and clocks settle.
        for (let i = 0; i < 2; i++) {
          const ops = submitMatmuls(rec, qs[i]!, main, kernels[i]!, groups[i]!.slice(0, Math.min(reps, 5)), `warm-up gpu${i + 1}`);
          await waitQueue(rec, qs[i]!, main, ops, `warm-up gpu${i + 1}`);
        }
        cancelled();
        // The timed phases, K rounds of 'GPU1 time', 'GPU2 time', 'GPU1 & GPU2'. Progress moves at
        // each submit (half the phase's products issued) and at its end: the message inside the phase
        // is sent while the GPU works and the host would only wait.
        await rounds(async () => {
          for (const [i, name] of [
            [0, P1],
            [1, P2],
          ] as const) {
            await rec.phase(name, async () => {
              const ops = submitMatmuls(rec, qs[i]!, main, kernels[i]!, groups[i]!, `gpu${i + 1}`);
              progress(name, Math.floor(reps / 2));
              await waitQueue(rec, qs[i]!, main, ops, `gpu${i + 1}`);
            });
            progress(name, reps - Math.floor(reps / 2));
            cancelled();
          }
          await rec.phase(P12, async () => {
            const a = submitMatmuls(rec, qs[0]!, main, kernels[0]!, groups[0]!, 'gpu1');
            const b = submitMatmuls(rec, qs[1]!, main, kernels[1]!, groups[1]!, 'gpu2');
            progress(P12, reps);
            await waitQueue(rec, qs[0]!, main, a, 'gpu1');
            await waitQueue(rec, qs[1]!, main, b, 'gpu2');
          });
          progress(P12, reps);
          cancelled();
        });

        // Correctness, outside the timed phases: the last product of each device (the last round's; every round computes the same).
        const checks = [];
        for (let i = 0; i < 2; i++) {
          const x = uniformMatrix(n, i + 1);
          const y = await readMatrix(rec, qs[i]!, main, ys[i]![reps - 1]!, n, `y${i + 1}[${reps - 1}]`);
          checks.push(checkMatmulSamples(`GPU${i + 1}: y = x·x, sampled against float64 on the CPU`, x, x, y, n));
        }
        return {
          checks,
          comparisons: [{ separate: [P1, P2], together: P12 }],
          notes: [`matmul kernel ${kernels[0]!.variant.name}; one compute pass per matmul, all R passes of a phase in one command buffer`],
          judge: judgeParallel,
        };
      },
    ),
};
