/**
 * The chapter's exercise 1 (演習 1): `run` performs ops with no dependencies between them; does
 * the framework run them in parallel automatically?
 *
 * K independent matmuls (K = R; each writes its own output) are arranged four ways, each a phase:
 * - 'one at a time': each submitted alone and waited for before the next (no chance to overlap);
 * - 'one submit': all K in one command buffer, one compute pass each, one submit, one wait;
 * - 'one pass': all K dispatches inside ONE compute pass, timed as one GPU op;
 * - 'two devices': K/2 on each of two devices, both submitted before waiting.
 * The GPU timestamps, not the arrangement, say whether the intervals overlapped. WebGPU has
 * timestamps only at pass boundaries, so overlap inside 'one pass' is invisible: only the pass's
 * total is measured, and compared with the K separate passes.
 */
import type { GpuQueue, Recorder } from '../../recorder.js';
import { checkMatrixFits, createMatmul, type MatmulKernel } from '../../workloads/matmul.js';
import { uniformMatrix } from '../../workloads/random.js';
import { checkMatmulSamples } from '../../workloads/reference.js';
import { createMatrix, matmulArgs, readMatrix, submitMatmuls, waitQueue } from '../gpu-steps.js';
import { runExperiment } from '../skeleton.js';
import { matmulFlop } from '../software-warning.js';
import type { Experiment } from '../types.js';
import { EX1_INDEPENDENT_OPS, EX1_INDEPENDENT_OPS_PHASES } from '../catalog.js';
import type { CorrectnessCheck } from '../../../core/model.js';
import { judgeIndependentOps } from './judge.js';

const { alone: ALONE, submit: SUBMIT, pass: PASS, devices: DEVICES } = EX1_INDEPENDENT_OPS_PHASES;
const WARM_UP = 5;
/**
 * Every arrangement multiplies its own input (its own seed), so a result left in an output
 * buffer by an earlier arrangement or by the warm-up fails the later arrangement's check.
 */
const SEED = { warm: 1, [ALONE]: 2, [SUBMIT]: 3, [PASS]: 4, [DEVICES]: 5 } as const;
type Arrangement = keyof typeof SEED;

export const ex1IndependentOps: Experiment<'ex1-independent-ops'> = {
  ...EX1_INDEPENDENT_OPS,
  run: (ctx) =>
    runExperiment(
      EX1_INDEPENDENT_OPS,
      ctx,
      {
        devices: 2,
        work: (size, reps, repeat) => matmulFlop(size) * (4 * reps * repeat + 2 * Math.min(reps, WARM_UP)),
        minReps: { reps: 2, why: 'K independent matmuls, K/2 on each device' },
        total: (c, repeat) => 4 * c.params.reps * repeat,
      },
      async ({ rec, main, queues, progress, cancelled, begin, rounds }) => {
        const { size: n, reps: k } = ctx.params;
        const [q1, q2] = queues as [GpuQueue, GpuQueue];

        for (const q of [q1, q2]) checkMatrixFits(q.device, q.label, n); // before generating N² numbers on the host
        // 'two devices' splits the same K matmuls: ⌈K/2⌉ on GPU1, ⌊K/2⌋ on GPU2.
        const half1 = Math.ceil(k / 2);
        const half2 = k - half1;
        const kernel1 = createMatmul(q1.device, n);
        const kernel2 = createMatmul(q2.device, n);
        const input = (q: GpuQueue, a: Arrangement) => createMatrix(rec, q, main, `x ${a} (${q.label})`, n, uniformMatrix(n, SEED[a]));
        const x1 = Object.fromEntries((Object.keys(SEED) as Arrangement[]).map((a) => [a, input(q1, a)])) as Record<Arrangement, GPUBuffer>;
        const x2 = { warm: input(q2, 'warm'), [DEVICES]: input(q2, DEVICES) };
        // One output per matmul; the arrangements run one after another, so they share the outputs.
        const ys1 = Array.from({ length: k }, (_, i) => createMatrix(rec, q1, main, `y[${i}] (gpu1)`, n));
        const ys2 = Array.from({ length: half2 }, (_, i) => createMatrix(rec, q2, main, `y[${i}] (gpu2)`, n));
        const groups1 = (a: Arrangement, count: number) => ys1.slice(0, count).map((y) => kernel1.bind(x1[a], x1[a], y));
        const g = {
          warm1: groups1('warm', Math.min(k, WARM_UP)),
          warm2: ys2.slice(0, Math.min(half2, WARM_UP)).map((y) => kernel2.bind(x2.warm, x2.warm, y)),
          [ALONE]: groups1(ALONE, k),
          [SUBMIT]: groups1(SUBMIT, k),
          [PASS]: groups1(PASS, k),
          devices1: groups1(DEVICES, half1),
          devices2: ys2.map((y) => kernel2.bind(x2[DEVICES], x2[DEVICES], y)),
        };
        await rec.wait(Promise.all([q1, q2].map((q) => q.device.queue.onSubmittedWorkDone())));

        await begin();
        // Warm-up: a few matmuls on each device, as the chapter does, so caches and clocks settle.
        for (const [q, kernel, groups] of [
          [q1, kernel1, g.warm1],
          [q2, kernel2, g.warm2],
        ] as const) {
          const ops = submitMatmuls(rec, q, main, kernel, groups, 'warm-up');
          await waitQueue(rec, q, main, ops, `warm-up ${q.label}`);
        }
        cancelled();

        const checks: CorrectnessCheck[] = [];
        const check = async (a: Arrangement, q: GpuQueue, y: GPUBuffer, name: string) => {
          const x = uniformMatrix(n, SEED[a]);
          const got = await readMatrix(rec, q, main, y, n, name);
          checks.push(checkMatmulSamples(`'${a}': ${name} = x·x, sampled against float64 on the CPU`, x, x, got, n));
        };

        // K rounds of the four arrangements; the correctness checks in round 1 (every round computes the same products).
        await rounds(async (round) => {
          await rec.phase(ALONE, async () => {
            for (let i = 0; i < k; i++) {
              const ops = submitMatmuls(rec, q1, main, kernel1, [g[ALONE][i]!], ALONE, i, ` y[${i}]`);
              await waitQueue(rec, q1, main, ops, `${ALONE} y[${i}]`);
              progress(ALONE, 1);
              cancelled();
            }
          });
          // Correctness, outside the timed phases, before the next arrangement overwrites the outputs.
          if (round === 1) await check(ALONE, q1, ys1[k - 1]!, `y[${k - 1}]`);

          await rec.phase(SUBMIT, async () => {
            const ops = submitMatmuls(rec, q1, main, kernel1, g[SUBMIT], SUBMIT);
            await waitQueue(rec, q1, main, ops, SUBMIT);
          });
          progress(SUBMIT, k);
          if (round === 1) await check(SUBMIT, q1, ys1[k - 1]!, `y[${k - 1}]`);
          cancelled();

          await rec.phase(PASS, async () => {
            const op = submitOnePass(rec, q1, main, kernel1, g[PASS], `${k} matmuls in one pass`);
            await waitQueue(rec, q1, main, [op], PASS);
          });
          progress(PASS, k);
          if (round === 1) await check(PASS, q1, ys1[k - 1]!, `y[${k - 1}]`);
          cancelled();

          await rec.phase(DEVICES, async () => {
            const a = submitMatmuls(rec, q1, main, kernel1, g.devices1, DEVICES);
            const b = submitMatmuls(rec, q2, main, kernel2, g.devices2, DEVICES);
            await waitQueue(rec, q1, main, a, `${DEVICES} gpu1`);
            await waitQueue(rec, q2, main, b, `${DEVICES} gpu2`);
          });
          progress(DEVICES, k);
          if (round === 1) await check(DEVICES, q1, ys1[half1 - 1]!, `y[${half1 - 1}] on gpu1`);
          if (round === 1) await check(DEVICES, q2, ys2[half2 - 1]!, `y[${half2 - 1}] on gpu2`);
          cancelled();
        });
        return {
          checks,
          // Each comparison has one separate phase: its "sum" is that phase's wall time, so the speedup reads as old / new arrangement.
          comparisons: [
            { separate: [ALONE], together: SUBMIT },
            { separate: [SUBMIT], together: PASS },
            { separate: [SUBMIT], together: DEVICES },
          ],
          notes: [
            `matmul kernel ${kernel1.variant.name}; K = ${k} independent ${n}×${n} matmuls per arrangement, each writing its own output buffer; ` +
              'each arrangement multiplies its own input, so a result left over from an earlier one fails its check',
            `'${PASS}' is one compute pass holding all ${k} dispatches: WebGPU writes timestamps only at pass boundaries, so any overlap of dispatches inside the pass is invisible; only the pass's total is measured`,
            `'${DEVICES}': ${half1} matmuls on gpu1 and ${half2} on gpu2, both submitted before either is waited for`,
          ],
          judge: judgeIndependentOps,
        };
      },
    ),
};

/** All dispatches in ONE timed compute pass: one GPU op whose args say how many matmuls it holds. */
function submitOnePass(rec: Recorder, q: GpuQueue, cpuLane: string, kernel: MatmulKernel, groups: readonly GPUBindGroup[], name: string): number {
  const { value: cb } = rec.cpu(
    cpuLane,
    `encode ${name}`,
    'cpu',
    () => {
      const enc = rec.encoder(q, name);
      const { pass } = enc.computePass(name, { matmuls: groups.length, ...matmulArgs(kernel, groups.length) });
      for (const group of groups) kernel.dispatch(pass, group);
      pass.end();
      return enc.finish();
    },
    { ops: groups.length },
  );
  rec.submit(cpuLane, [cb], `submit ${name}`);
  return cb.ops[0]!;
}
