/**
 * The GPU steps the experiments' runs share: matrices, batches of matmuls, the compute-and-copy
 * step, queue waits and read-backs, and the correctness checks of their results. (The judges never
 * import this: it is the run's side.)
 */
import type { GpuQueue, Recorder } from '../recorder.js';
import { checkMatrixFits, type MatmulKernel } from '../workloads/matmul.js';
import { COMPUTE_COPY_DEPTH } from './catalog.js';
import { checkMatmulSamples } from '../workloads/reference.js';
import type { ArgValue, CorrectnessCheck } from '../../core/model.js';

export function createMatrix(rec: Recorder, q: GpuQueue, cpuLane: string, name: string, n: number, data?: Float32Array): GPUBuffer {
  const bytes = checkMatrixFits(q.device, q.label, n);
  const buffer = q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, label: name });
  if (data) rec.cpu(cpuLane, `write ${name}`, 'cpu', () => q.device.queue.writeBuffer(buffer, 0, data), { bytes });
  return buffer;
}

/**
 * Encodes one matmul pass per output, submits them as one command buffer — the chapter's `run(x)`
 * (the caller waits). Ops are named `matmul <label>` (one row per label in the op table) with
 * `first + j` in args.i; `suffix` tells apart the encode/submit steps of several batches.
 */
export function submitMatmuls(
  rec: Recorder,
  q: GpuQueue,
  cpuLane: string,
  kernel: MatmulKernel,
  groups: readonly GPUBindGroup[],
  label: string,
  first = 0,
  suffix = '',
): number[] {
  const { value: cb } = rec.cpu(
    cpuLane,
    `encode ${label}${suffix}`,
    'cpu',
    () => {
      const enc = rec.encoder(q, `${label}${suffix}`);
      groups.forEach((g, j) => {
        const { pass } = enc.computePass(`matmul ${label}`, { i: first + j, ...matmulArgs(kernel) });
        kernel.dispatch(pass, g);
        pass.end();
      });
      return enc.finish();
    },
    { ops: groups.length },
  );
  rec.submit(cpuLane, [cb], `submit ${label}${suffix}`);
  return [...cb.ops];
}

/**
 * What every matmul pass declares: its size, its kernel, and its work — `flops` (2N³, the kernel's
 * own count) is what the throughput table (core/analysis/throughput.ts) divides by its GPU time.
 */
export function matmulArgs(kernel: MatmulKernel, products = 1): Record<string, ArgValue> {
  return { n: kernel.n, flops: products * kernel.flops, kernel: kernel.variant.name };
}

/**
 * y[i] = one matmul pass, then the copy of y[i] into a staging buffer, in one command buffer,
 * submitted — the chapter's §2 "compute and copy" step (seed-compute-copy, ex3). Returns the copy
 * op, for the read-back that drains it.
 */
export function submitMatmulAndCopy(
  rec: Recorder,
  q: GpuQueue,
  cpuLane: string,
  kernel: MatmulKernel,
  group: GPUBindGroup,
  passName: string,
  i: number,
  y: GPUBuffer,
  staging: GPUBuffer,
  bytes: number,
): number {
  const {
    value: { cb, copyOp },
  } = rec.cpu(cpuLane, `encode y[${i}] + copy`, 'cpu', () => {
    const enc = rec.encoder(q, `y[${i}]`);
    const { pass, op } = enc.computePass(passName, { i, ...matmulArgs(kernel) });
    kernel.dispatch(pass, group);
    pass.end();
    const copyOp = enc.copy(`copy y[${i}]`, y, 0, staging, 0, bytes, { i });
    rec.dep(op, copyOp, 'data');
    return { cb: enc.finish(), copyOp };
  });
  rec.submit(cpuLane, [cb], `submit y[${i}]`);
  return copyOp;
}

/** Staging buffers of the pipelined read-back: the products in flight, the one being read, and one spare so a copy never targets a mapped buffer. */
export const COMPUTE_COPY_STAGING = COMPUTE_COPY_DEPTH + 2;

/** The staging buffers of a pipelined read-back of `reps` products of `bytes` each. */
export function createStaging(q: GpuQueue, bytes: number, reps: number): GPUBuffer[] {
  return Array.from({ length: Math.min(COMPUTE_COPY_STAGING, reps + 1) }, (_, s) =>
    q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: `staging ${s}` }),
  );
}

/**
 * The chapter's §2 pipeline (seed-compute-copy, ex3): y[i] computed and copied to a staging buffer
 * while y[i − COMPUTE_COPY_DEPTH] is read back into host memory; `onRead` after each read-back,
 * `between` after each submission (the caller's cancellation check).
 */
export async function pipelinedComputeAndReadBack(
  rec: Recorder,
  q: GpuQueue,
  cpuLane: string,
  kernel: MatmulKernel,
  groups: readonly GPUBindGroup[],
  passName: string,
  ys: readonly GPUBuffer[],
  staging: readonly GPUBuffer[],
  bytes: number,
  into: readonly Float32Array[],
  onRead: () => void,
  between: () => void,
): Promise<void> {
  const reps = groups.length;
  const copies: number[] = [];
  const drain = async (i: number) => {
    await readBackInto(rec, cpuLane, staging[i % staging.length]!, copies[i]!, into[i]!, `y[${i}]`, { i });
    onRead();
  };
  for (let i = 0; i < reps; i++) {
    copies[i] = submitMatmulAndCopy(rec, q, cpuLane, kernel, groups[i]!, passName, i, ys[i]!, staging[i % staging.length]!, bytes);
    if (i >= COMPUTE_COPY_DEPTH) await drain(i - COMPUTE_COPY_DEPTH);
    between();
  }
  for (let i = Math.max(0, reps - COMPUTE_COPY_DEPTH); i < reps; i++) await drain(i);
}

/** Waits for everything submitted to `q`, as a sync op linked from the last GPU op it waited for. */
export async function waitQueue(rec: Recorder, q: GpuQueue, cpuLane: string, lastGpuOps: readonly number[], label: string): Promise<number> {
  const { op } = await rec.cpuAsync(cpuLane, `wait ${label}`, 'sync', () => q.device.queue.onSubmittedWorkDone(), { queue: q.label });
  const last = lastGpuOps[lastGpuOps.length - 1];
  if (last !== undefined) rec.dep(last, op, 'host');
  return op;
}

/** Copies a whole matrix to the host (copy → map → copy-out), outside any timed phase. */
export async function readMatrix(rec: Recorder, q: GpuQueue, cpuLane: string, src: GPUBuffer, n: number, name: string): Promise<Float32Array> {
  const bytes = n * n * 4;
  const staging = q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: `read ${name}` });
  const enc = rec.encoder(q, `read ${name}`);
  const copyOp = enc.copy(`copy ${name}`, src, 0, staging, 0, bytes);
  rec.submit(cpuLane, [enc.finish()], `submit copy ${name}`);
  const { op: mapOp } = await rec.cpuAsync(cpuLane, `map ${name}`, 'sync', () => staging.mapAsync(GPUMapMode.READ));
  rec.dep(copyOp, mapOp, 'host');
  const { value, op: readOp } = rec.cpu(cpuLane, `read ${name}`, 'cpu', () => new Float32Array(staging.getMappedRange().slice(0)), { bytes });
  rec.dep(copyOp, readOp, 'data');
  staging.unmap();
  staging.destroy();
  return value;
}

/** One buffer copy in its own command buffer, encode and submit timed on `cpuLane`; returns the GPU op. */
export function submitCopy(
  rec: Recorder,
  q: GpuQueue,
  cpuLane: string,
  src: GPUBuffer,
  dst: GPUBuffer,
  bytes: number,
  name: string,
  args?: Record<string, ArgValue>,
): number {
  const { value: cb } = rec.cpu(cpuLane, `encode ${name}`, 'cpu', () => {
    const enc = rec.encoder(q, name);
    enc.copy(name, src, 0, dst, 0, bytes, args);
    return enc.finish();
  });
  rec.submit(cpuLane, [cb], `submit ${name}`);
  return cb.ops[0]!;
}

/**
 * Waits for the staging buffer, copies it into host memory, releases it; both host ops carry
 * `readback: true` (the judges find the host's side of a read-back by it) and are linked to the
 * GPU copy.
 */
export async function readBackInto(
  rec: Recorder,
  cpuLane: string,
  staging: GPUBuffer,
  copyOp: number,
  into: Float32Array,
  name: string,
  args: Record<string, ArgValue>,
): Promise<void> {
  const { op: mapOp } = await rec.cpuAsync(cpuLane, `map ${name}`, 'sync', () => staging.mapAsync(GPUMapMode.READ), { ...args, readback: true });
  rec.dep(copyOp, mapOp, 'host');
  const { op: readOp } = rec.cpu(cpuLane, `read ${name}`, 'cpu', () => into.set(new Float32Array(staging.getMappedRange())), {
    ...args,
    bytes: into.byteLength,
    readback: true,
  });
  rec.dep(copyOp, readOp, 'data');
  staging.unmap();
}

/** Several checks as one: passed only if all did (and there was one), the largest errors, the samples summed. */
export function combineChecks(name: string, parts: readonly CorrectnessCheck[], noneTolerance = 'no results to check'): CorrectnessCheck {
  if (parts.length === 0) return { name, passed: false, samples: 0, maxAbsError: 0, maxRelError: 0, tolerance: noneTolerance };
  return {
    name,
    passed: parts.every((p) => p.passed),
    samples: parts.reduce((s, p) => s + p.samples, 0),
    maxAbsError: Math.max(...parts.map((p) => p.maxAbsError)),
    maxRelError: Math.max(...parts.map((p) => p.maxRelError)),
    tolerance: parts[0]!.tolerance,
  };
}

/** Every y[i] = x·x: 64 samples of the last result plus 4 of every other one, proving every copy landed. */
export function checkEveryProduct(name: string, x: Float32Array, ys: readonly Float32Array[], n: number): CorrectnessCheck {
  return combineChecks(
    name,
    ys.map((y, i) => checkMatmulSamples(name, x, x, y, n, i === ys.length - 1 ? 64 : 4, i + 1)),
  );
}
