/**
 * The chapter's exercise 2 (演習 2): when each op's workload is small enough, parallelism helps
 * even on a single CPU or GPU. Verify it.
 *
 * For each N of a sweep (the powers of two from 16 up to --size), K = R N×N matmuls (each writing
 * its own output) are arranged three ways, each a phase named after N:
 * - 'N=… serialized': each submitted alone and waited for before the next: every op pays the
 *   host's submit → wait → wake-up round trip with the GPU idle;
 * - 'N=… concurrent': all K in one command buffer, one pass each, one submit, one wait;
 * - 'N=… two devices': ⌈K/2⌉ and ⌊K/2⌋ on two devices of ONE adapter, both submitted before waiting.
 * Small ops are expected to be dominated by the round trip, which submitting them together hides;
 * large ops keep the GPU busy and the round trip stops mattering. The speedups per N locate that
 * crossover, and the GPU idle time between ops (phase wall − GPU busy) shows why.
 */
import type { GpuQueue } from '../../recorder.js';
import { checkMatrixFits, createMatmul } from '../../workloads/matmul.js';
import { uniformMatrix } from '../../workloads/random.js';
import { checkMatmulSamples } from '../../workloads/reference.js';
import { createMatrix, readMatrix, submitMatmuls, waitQueue } from '../gpu-steps.js';
import { runExperiment } from '../skeleton.js';
import { matmulFlop } from '../software-warning.js';
import { withNotes, type Experiment } from '../types.js';
import { EX2_SMALL_OPS, EX2_SMALL_OPS_PHASES } from '../catalog.js';
import type { CorrectnessCheck, SweepPoint } from '../../../core/model.js';
import { judgeSmallOps, smallOpsTable } from './judge.js';
import { smallOpsPhase, smallOpsSizes, smallOpsSweep, type Arrangement } from './sweep.js';

const { serialized: SER, concurrent: CON, devices: DEV } = EX2_SMALL_OPS_PHASES;
const WARM_UP = 5;
/**
 * Every arrangement multiplies its own input (its own seed), so a result left in an output
 * buffer by an earlier arrangement or by the warm-up fails the later arrangement's check.
 */
const SEED = { warm: 1, [SER]: 2, [CON]: 3, [DEV]: 4 } as const;

export const ex2SmallOps: Experiment<'ex2-small-ops'> = {
  ...EX2_SMALL_OPS,
  run: (ctx) =>
    runExperiment(
      EX2_SMALL_OPS,
      ctx,
      {
        devices: 2,
        // Per N: 3R matmuls a round, and a warm-up of about 3 × 5.
        work: (size, reps, repeat) => smallOpsSizes(size).reduce((s, n) => s + matmulFlop(n) * (3 * reps * repeat + 3 * Math.min(reps, WARM_UP)), 0),
        minReps: { reps: 2, why: 'K matmuls per batch, K/2 on each device' },
        // One adapter, always: the exercise is about one device, so the second device shares the first one's GPU.
        adapters: (entries) => entries.slice(0, 1),
        total: (c, repeat) => 3 * c.params.reps * smallOpsSizes(c.params.size).length * repeat,
      },
      async ({ rec, main, devices, queues, progress, cancelled, begin, rounds }) => {
        const { size: largest, reps: k } = ctx.params;
        const sizes = smallOpsSizes(largest);
        const topology =
          `2 devices on ONE adapter '${devices[0]!.info.name}', on purpose (the exercise is about one device): '${SER}' and '${CON}' run on gpu1 alone; ` +
          `in '${DEV}' both queues share the same GPU, which time-slices between them`;
        const [q1, q2] = queues as [GpuQueue, GpuQueue];

        for (const q of [q1, q2]) checkMatrixFits(q.device, q.label, largest); // before running the smaller sizes
        // 'two devices' splits the same K matmuls: ⌈K/2⌉ on gpu1, ⌊K/2⌋ on gpu2.
        const half1 = Math.ceil(k / 2);
        const half2 = k - half1;
        const w1 = Math.min(k, WARM_UP);
        const w2 = Math.min(half2, WARM_UP);
        const checks: CorrectnessCheck[] = [];
        const points: SweepPoint[] = [];
        const kernels = new Map<string, number[]>();

        await begin();
        for (const n of sizes) {
          cancelled();
          const name = (a: Arrangement) => smallOpsPhase(n, a);
          const kernel1 = createMatmul(q1.device, n);
          const kernel2 = createMatmul(q2.device, n);
          kernels.set(kernel1.variant.name, [...(kernels.get(kernel1.variant.name) ?? []), n]);
          // Each size has its own buffers, freed once its phases and checks are done: memory stays that of one size.
          const buffers: GPUBuffer[] = [kernel1.params, kernel2.params];
          const matrix = (q: GpuQueue, label: string, data?: Float32Array) => {
            const b = createMatrix(rec, q, main, label, n, data);
            buffers.push(b);
            return b;
          };
          const host = {
            warm: uniformMatrix(n, SEED.warm),
            [SER]: uniformMatrix(n, SEED[SER]),
            [CON]: uniformMatrix(n, SEED[CON]),
            [DEV]: uniformMatrix(n, SEED[DEV]),
          };
          const x1 = {
            warm: matrix(q1, `x warm-up N=${n} (gpu1)`, host.warm),
            [SER]: matrix(q1, `x ${name(SER)} (gpu1)`, host[SER]),
            [CON]: matrix(q1, `x ${name(CON)} (gpu1)`, host[CON]),
            [DEV]: matrix(q1, `x ${name(DEV)} (gpu1)`, host[DEV]),
          };
          const x2 = { warm: matrix(q2, `x warm-up N=${n} (gpu2)`, host.warm), [DEV]: matrix(q2, `x ${name(DEV)} (gpu2)`, host[DEV]) };
          // One output per matmul; the arrangements run one after another, so they share the outputs.
          const ys1 = Array.from({ length: k }, (_, i) => matrix(q1, `y[${i}] N=${n} (gpu1)`));
          const ys2 = Array.from({ length: half2 }, (_, i) => matrix(q2, `y[${i}] N=${n} (gpu2)`));
          const on1 = (x: GPUBuffer, count: number) => ys1.slice(0, count).map((y) => kernel1.bind(x, x, y));
          const on2 = (x: GPUBuffer, count: number) => ys2.slice(0, count).map((y) => kernel2.bind(x, x, y));
          const g = {
            warm1: on1(x1.warm, w1),
            warm2: on2(x2.warm, w2),
            [SER]: on1(x1[SER], k),
            [CON]: on1(x1[CON], k),
            devices1: on1(x1[DEV], half1),
            devices2: on2(x2[DEV], half2),
          };

          // Warm-up, outside the phases: every arrangement's path once (one at a time, then batches on
          // both devices), so pipelines, caches, clocks and the host's code settle before timing.
          const warm = `warm-up N=${n}`;
          for (let i = 0; i < w1; i++) {
            const ops = submitMatmuls(rec, q1, main, kernel1, [g.warm1[i]!], warm, i, ` y[${i}]`);
            await waitQueue(rec, q1, main, ops, `${warm} y[${i}]`);
          }
          const wa = submitMatmuls(rec, q1, main, kernel1, g.warm1, warm);
          const wb = submitMatmuls(rec, q2, main, kernel2, g.warm2, warm);
          await waitQueue(rec, q1, main, wa, `${warm} gpu1`);
          await waitQueue(rec, q2, main, wb, `${warm} gpu2`);
          cancelled();

          const check = async (a: Arrangement, q: GpuQueue, y: GPUBuffer, i: number, device: string) => {
            const got = await readMatrix(rec, q, main, y, n, `${name(a)} y[${i}] (${device})`);
            checks.push(checkMatmulSamples(`'${name(a)}': y[${i}] on ${device} = x·x, sampled against float64 on the CPU`, host[a], host[a], got, n));
          };

          // K rounds of the three arrangements at this N, after its warm-up; the checks in round 1.
          await rounds(async (round) => {
            // Progress and cancellation stay outside the phases: messaging the parent inside 'serialized' would add host time to it alone.
            await rec.phase(name(SER), async () => {
              for (let i = 0; i < k; i++) {
                const ops = submitMatmuls(rec, q1, main, kernel1, [g[SER][i]!], name(SER), i, ` y[${i}]`);
                await waitQueue(rec, q1, main, ops, `${name(SER)} y[${i}]`);
              }
            });
            progress(name(SER), k);
            // Correctness, outside the timed phases, before the next arrangement overwrites the outputs.
            if (round === 1) await check(SER, q1, ys1[k - 1]!, k - 1, 'gpu1');
            cancelled();

            await rec.phase(name(CON), async () => {
              const ops = submitMatmuls(rec, q1, main, kernel1, g[CON], name(CON));
              await waitQueue(rec, q1, main, ops, name(CON));
            });
            progress(name(CON), k);
            if (round === 1) await check(CON, q1, ys1[k - 1]!, k - 1, 'gpu1');
            cancelled();

            await rec.phase(name(DEV), async () => {
              const a = submitMatmuls(rec, q1, main, kernel1, g.devices1, name(DEV));
              const b = submitMatmuls(rec, q2, main, kernel2, g.devices2, name(DEV));
              await waitQueue(rec, q1, main, a, `${name(DEV)} gpu1`);
              await waitQueue(rec, q2, main, b, `${name(DEV)} gpu2`);
            });
            progress(name(DEV), k);
            if (round === 1) await check(DEV, q1, ys1[half1 - 1]!, half1 - 1, 'gpu1');
            if (round === 1) await check(DEV, q2, ys2[half2 - 1]!, half2 - 1, 'gpu2');
            cancelled();
          });

          points.push({ value: n, phases: { [SER]: name(SER), [CON]: name(CON), [DEV]: name(DEV) } });
          for (const b of buffers) b.destroy();
        }
        return {
          topology,
          checks,
          sweeps: [smallOpsSweep(points)],
          notes: [
            `K = ${k} N×N matmuls per batch at each N of ${sizes.join(', ')}; matmul kernel ${[...kernels].map(([v, ns]) => `${v} for N = ${ns.join(', ')}`).join('; ')}; ` +
              'each matmul writes its own output buffer, and each arrangement multiplies its own input, so a result left over from an earlier one fails its check',
            `'${SER}': each matmul is its own command buffer, submitted and waited for before the next, so every op pays the host's submit → wait → wake-up round trip; ` +
              `'${CON}': all K in one command buffer (one pass each), one submit, one wait. On one queue the passes still run one after another: ` +
              "what batching overlaps is the host's round trip with the GPU's work, not one matmul with another",
            `'${DEV}': ${half1} matmuls on gpu1 and ${half2} on gpu2, two devices of the same adapter, both submitted before either is waited for`,
            `before each N, a warm-up outside the phases: ${w1} matmuls one at a time on gpu1, then ${w1} on gpu1 and ${w2} on gpu2 as batches`,
          ],
          finish: (trace) => withNotes(trace, smallOpsTable(trace)),
          judge: judgeSmallOps,
        };
      },
    ),
};
