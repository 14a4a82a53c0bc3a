/**
 * Matmul kernel throughput: TFLOP/s of each WGSL variant at N×N f32 (default N = 4000), from the
 * GPU timestamps of R back-to-back products (median per-product time), recorded by the recorder
 * itself. Compare with bench/cublas-reference.py on the same GPU.
 *
 *   node dist/bench/matmul-tflops.js [--size 4000] [--reps 20] [--adapter NAME] [--variant NAME]
 */
import { Recorder } from '../src/runner/recorder.js';
import { MATMUL_VARIANTS, createMatmul, variantByName } from '../src/runner/workloads/matmul.js';
import { uniformMatrix } from '../src/runner/workloads/random.js';
import { checkMatmulSamples } from '../src/runner/workloads/reference.js';
import { createMatrix, readMatrix, submitMatmuls, waitQueue } from '../src/runner/experiments/gpu-steps.js';
import { arg, benchDevice, median, strArg } from './common.js';

const n = arg('size', 4000);
const reps = arg('reps', 20);
const only = strArg('variant');
const variants = only ? [variantByName(only)] : MATMUL_VARIANTS;

const rec = new Recorder();
const dev = await benchDevice();
const q = rec.addQueue(dev, dev.info.description);
const cpu = rec.cpuLane('main');
const xData = uniformMatrix(n, 1);
const x = createMatrix(rec, q, cpu, 'x', n, xData);
const ys = [createMatrix(rec, q, cpu, 'y0', n), createMatrix(rec, q, cpu, 'y1', n)];
const results: { variant: string; ops: number[]; check: ReturnType<typeof checkMatmulSamples> }[] = [];
await rec.calibrate('start');
for (const v of variants) {
  const k = createMatmul(q.device, n, v);
  const groups = Array.from({ length: reps }, (_, i) => k.bind(x, x, ys[i % 2]!));
  await waitQueue(rec, q, cpu, submitMatmuls(rec, q, cpu, k, groups.slice(0, 3), `warm-up ${v.name}`), 'warm-up');
  const ops = submitMatmuls(rec, q, cpu, k, groups, v.name);
  await waitQueue(rec, q, cpu, ops, v.name);
  const y = await readMatrix(rec, q, cpu, ys[(reps - 1) % 2]!, n, `y ${v.name}`);
  results.push({ variant: v.name, ops, check: checkMatmulSamples(v.name, xData, xData, y, n, 16) });
}
const trace = await rec.finish({ experiment: { id: 'bench-matmul', title: '', question: '', params: {} }, topology: '', checks: [], verdicts: [], notes: [] });
for (const r of results) {
  const ms = median(r.ops.map((id) => trace.ops[id]!.dur)) / 1e6;
  const tflops = (2 * n ** 3) / (ms / 1e3) / 1e12;
  console.log(
    JSON.stringify({
      bench: 'matmul',
      adapter: dev.info.description,
      n,
      reps,
      variant: r.variant,
      medianMs: +ms.toFixed(4),
      tflops: +tflops.toFixed(2),
      gflops: +(tflops * 1000).toFixed(1),
      correct: r.check.passed,
      dawnFlags: process.env['PARASCOPE_DAWN_FLAGS'] ?? '',
    }),
  );
}
rec.destroy();
process.exit(0);
