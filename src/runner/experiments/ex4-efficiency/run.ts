/**
 * The chapter's exercise 4 (演習 4): use a profiler (the chapter names Nsight) to check that the
 * code is efficient. Parascope answers as a profiler would, against peaks it measures itself:
 *
 * - 'peak: FMA': a WGSL kernel of long vec4 FMA chains over enough workgroups to fill the GPU
 *   (microbench.ts), GFLOP/s from its pass timestamps, best of FMA_RUNS;
 * - 'peak: copy': copyBufferToBuffer of a large buffer and a storage-buffer read/write kernel, GB/s
 *   counting bytes read + written, best of COPY_RUNS each;
 * - 'workload': the naive way of the chapter's loop — R matmuls N×N, each submitted, waited for,
 *   then its result copied to a staging buffer, mapped and read into host memory before the next.
 *
 * Each op's achieved rate and % of the measured peak go into its args (the timeline's tooltip), a
 * per-name summary into the notes; the judge (`judgeEfficiency`, pure) says whether the matmuls and
 * copies are near the peaks, how busy the queue was, why it idled (idle-time.ts: waiting for the
 * host, on dependencies, other) and what to do about it.
 */
import type { GpuQueue, Recorder } from '../../recorder.js';
import { checkMatrixFits, createMatmul, type MatmulKernel } from '../../workloads/matmul.js';
import { formatBytes } from '../../../core/export/report-format.js';
import { copyBenchBytes, createCopyBench, createFmaBench, fmaConfig, type CopyBench, type FmaBench } from '../../workloads/microbench.js';
import { uniformMatrix } from '../../workloads/random.js';
import { checkMatmulSamples } from '../../workloads/reference.js';
import { createMatrix, matmulArgs, readBackInto, waitQueue } from '../gpu-steps.js';
import { runExperiment } from '../skeleton.js';
import { matmulFlop } from '../software-warning.js';
import type { Experiment } from '../types.js';
import { EX4_EFFICIENCY, EX4_EFFICIENCY_PHASES } from '../catalog.js';
import type { ArgValue, CorrectnessCheck } from '../../../core/model.js';
import { annotateRates, fmtFlop, judgeEfficiency } from './judge.js';

const { fma: FMA, copy: COPY, workload: WORK } = EX4_EFFICIENCY_PHASES;

const FMA_RUNS = 5;
const COPY_RUNS = 5;

/** Op names of the workload, one row each in the op table. */
export const EX4_OP_NAMES = {
  matmul: 'matmul y = x·x',
  readBack: 'copy y to staging',
  fma: 'peak FMA',
  copyB2B: 'peak copyBufferToBuffer',
  copyKernel: 'peak storage copy kernel',
} as const;
const NAMES = EX4_OP_NAMES;

export const ex4Efficiency: Experiment<'ex4-efficiency'> = {
  ...EX4_EFFICIENCY,
  run: (ctx) =>
    runExperiment(
      EX4_EFFICIENCY,
      ctx,
      { devices: 1, work: (size, reps, repeat) => matmulFlop(size) * (reps * repeat + 1), total: (c, repeat) => (c.params.reps + 2) * repeat },
      async ({ rec, main, queues, progress, cancelled, begin, rounds }) => {
        const { size: n, reps } = ctx.params;
        const q = queues[0]!;
        const owned: { destroy(): void }[] = [];
        try {
          const bytes = checkMatrixFits(q.device, q.label, n);
          const fma = createFmaBench(q.device, fmaConfig(n));
          const copy = createCopyBench(q.device, copyBenchBytes(n, q.device.limits));
          owned.push(fma, copy);
          const xData = uniformMatrix(n, 1);
          const x = createMatrix(rec, q, main, 'x', n, xData);
          const y = createMatrix(rec, q, main, 'y', n);
          const kernel = createMatmul(q.device, n);
          const group = kernel.bind(x, x, y);
          const staging = q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'staging y' });
          owned.push(staging, x, y);
          // Host memory for the result, allocated and touched up front: the phase times copying, not page faults.
          const yCpu = new Float32Array(n * n).fill(Number.NaN);
          await rec.wait(q.device.queue.onSubmittedWorkDone());

          await begin();
          // Warm-up: every kernel and copy once (pipelines compiled, clocks up); no rates in their args.
          const warm = rec.cpu(main, 'encode warm-up', 'cpu', () => {
            const enc = rec.encoder(q, 'warm-up');
            onePass(enc, 'warm-up FMA', (p) => fma.dispatch(p));
            onePass(enc, 'warm-up copy kernel', (p) => copy.dispatchKernel(p));
            enc.copy('warm-up copy', copy.src, 0, copy.dst, 0, copy.bytes);
            onePass(enc, 'warm-up matmul', (p) => kernel.dispatch(p, group));
            return enc.finish();
          }).value;
          rec.submit(main, [warm], 'submit warm-up');
          await waitQueue(rec, q, main, warm.ops, 'warm-up');
          cancelled();

          // K rounds of the three phases; the correctness check in round 1 (every round computes the same product).
          const checks: CorrectnessCheck[] = [];
          await rounds(async (round) => {
            await rec.phase(FMA, () => peakFma(rec, q, main, fma));
            progress(FMA);
            cancelled();
            await rec.phase(COPY, () => peakCopy(rec, q, main, copy));
            progress(COPY);
            cancelled();

            await rec.phase(WORK, async () => {
              for (let i = 0; i < reps; i++) {
                await naiveStep(rec, q, main, kernel, group, y, staging, bytes, yCpu, i);
                progress(WORK);
                cancelled();
              }
            });
            if (round === 1)
              checks.push(checkMatmulSamples(`'${WORK}': y[${reps - 1}] read back = x·x, sampled against float64 on the CPU`, xData, xData, yCpu, n));
          });
          const fc = fma.config;
          return {
            checks,
            notes: [
              `'${FMA}': ${FMA_RUNS} passes of ${fc.workgroups} workgroups × 256 threads × ${fc.iterations} trips of 16 × 4 vec4 FMAs = ${fmtFlop(fma.flops)} each; the peak is the best pass`,
              `'${COPY}': ${COPY_RUNS} copyBufferToBuffer and ${COPY_RUNS} storage read/write kernel passes of ${formatBytes(copy.bytes)}, counted as bytes read + written; the peak is the best op`,
              `'${WORK}': ${reps} matmuls ${n}×${n} (kernel ${kernel.variant.name}), each submitted and waited for, then copied to a staging buffer, mapped and read into host memory before the next (the naive way)`,
            ],
            finish: annotateRates,
            judge: judgeEfficiency,
          };
        } finally {
          for (const o of owned) o.destroy();
        }
      },
    ),
};

function onePass(enc: ReturnType<Recorder['encoder']>, name: string, body: (p: GPUComputePassEncoder) => void, args?: Record<string, ArgValue>): number {
  const { pass, op } = enc.computePass(name, args);
  body(pass);
  pass.end();
  return op;
}

async function peakFma(rec: Recorder, q: GpuQueue, main: string, fma: FmaBench): Promise<void> {
  const { value: cb } = rec.cpu(main, 'encode peak FMA', 'cpu', () => {
    const enc = rec.encoder(q, FMA);
    // peak: true marks the microbenchmarks whose best op is the peak (core/analysis/throughput.ts).
    const args = { flops: fma.flops, workgroups: fma.config.workgroups, iterations: fma.config.iterations, peak: true };
    for (let r = 0; r < FMA_RUNS; r++) onePass(enc, NAMES.fma, (p) => fma.dispatch(p), { ...args, run: r });
    return enc.finish();
  });
  rec.submit(main, [cb], `submit ${FMA}`);
  await waitQueue(rec, q, main, cb.ops, FMA);
}

async function peakCopy(rec: Recorder, q: GpuQueue, main: string, copy: CopyBench): Promise<void> {
  const { value: cb } = rec.cpu(main, 'encode peak copy', 'cpu', () => {
    const enc = rec.encoder(q, COPY);
    for (let r = 0; r < COPY_RUNS; r++) enc.copy(NAMES.copyB2B, copy.src, 0, copy.dst, 0, copy.bytes, { bytesMoved: copy.bytesMoved, run: r, peak: true });
    for (let r = 0; r < COPY_RUNS; r++)
      onePass(enc, NAMES.copyKernel, (p) => copy.dispatchKernel(p), { bytes: copy.bytes, bytesMoved: copy.bytesMoved, run: r, peak: true });
    return enc.finish();
  });
  rec.submit(main, [cb], `submit ${COPY}`);
  await waitQueue(rec, q, main, cb.ops, COPY);
}

/** One matmul, submitted and waited for; then its result copied out, mapped and read: no overlap anywhere. */
async function naiveStep(
  rec: Recorder,
  q: GpuQueue,
  main: string,
  kernel: MatmulKernel,
  group: GPUBindGroup,
  y: GPUBuffer,
  staging: GPUBuffer,
  bytes: number,
  into: Float32Array,
  i: number,
): Promise<void> {
  const { value: mm } = rec.cpu(main, `encode y[${i}]`, 'cpu', () => {
    const enc = rec.encoder(q, `y[${i}]`);
    onePass(enc, NAMES.matmul, (p) => kernel.dispatch(p, group), { i, ...matmulArgs(kernel) });
    return enc.finish();
  });
  rec.submit(main, [mm], `submit y[${i}]`);
  const matmulOp = mm.ops[0]!;
  await waitQueue(rec, q, main, mm.ops, `y[${i}]`);
  const { value: cp } = rec.cpu(main, `encode copy y[${i}]`, 'cpu', () => {
    const enc = rec.encoder(q, `copy y[${i}]`);
    enc.copy(NAMES.readBack, y, 0, staging, 0, bytes, { i, bytesMoved: 2 * bytes });
    return enc.finish();
  });
  rec.submit(main, [cp], `submit copy y[${i}]`);
  const copyOp = cp.ops[0]!;
  rec.dep(matmulOp, copyOp, 'data');
  await readBackInto(rec, main, staging, copyOp, into, `y[${i}]`, { i });
}
