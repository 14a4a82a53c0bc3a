/**
 * A tiny two-layer MLP, y = W2·relu(W1·x), for exercise 5 (a task with richer data dependencies):
 * its data, its float64 CPU reference and the small WGSL kernels its GPU step needs beside the
 * matmul of matmul.ts (relu, relu backward, loss gradient, transpose).
 *
 * Layout: every matrix is row-major; a batch is a matrix whose COLUMNS are the samples
 * (X[k][j] = feature k of sample j), so a layer is one matmul W·X. Loss: the mean over the whole
 * batch of ½‖y − t‖², so dY = (Y − T)/B for B samples in total, and the gradient of the whole batch
 * is the SUM of the shards' gradients (each shard divides by the total B, not its own size).
 *
 * One training step on shards X_d (one per device), weights shared:
 *   Z = W1·X_d, A = relu(Z), Y = W2·A, dY = (Y − T_d)/B,
 *   gW2_d = dY·Aᵀ, dA = W2ᵀ·dY, dZ = dA ⊙ [Z > 0], gW1_d = dZ·X_dᵀ,
 *   W −= lr · Σ_d gW_d.
 */
import { MLP_REL_TOLERANCE } from './mlp-tolerance.js';
import { uniformMatrix } from './random.js';

// ---- the problem ---------------------------------------------------------------------------

export interface MlpProblem {
  /** Hidden = input = output width H; each shard is H×H (H samples). */
  readonly h: number;
  readonly w1: Float32Array;
  readonly w2: Float32Array;
  /** One H×H input batch per device (columns are samples). */
  readonly xs: readonly Float32Array[];
  /** Their targets, H×H each. */
  readonly ts: readonly Float32Array[];
  readonly lr: number;
}

/**
 * The learning rate: the hidden activations share a positive mean, so the loss's curvature along
 * that direction grows about as H/8 and a step is stable below 16/H; 4/H (at most 0.1) keeps the
 * loss falling step after step at any H.
 */
export function mlpLearningRate(h: number): number {
  return Math.min(0.1, 4 / h);
}

/**
 * Seeded data for `shards` devices. Inputs are uniform [0, 1); W1's rows carry a bias of ±0.25
 * (alternating) on top of uniform ±0.5, scaled by 4/H, so each hidden unit's pre-activation
 * Z = W1·x has mean ±0.5 and a spread of about 0.8/√H: every unit is clearly on or clearly off
 * (the relu mask is exercised both ways; the margin is about 0.6·√H spreads, 3.4 at H = 32, 19 at
 * H = 1024), and f32 rounding cannot flip a unit across 0 — a flipped unit would make the GPU's
 * gradient differ from the exact one by a whole term, not by rounding. W2 is uniform ±0.5 scaled
 * by 1/√H, the targets uniform ±0.5: activations, outputs and gradients stay O(1) or smaller at
 * every H, so the steps stay well-behaved.
 */
export function mlpProblem(h: number, shards = 2, seed = 500): MlpProblem {
  const s1 = 4 / h;
  const s2 = 1 / Math.sqrt(h);
  const w1 = uniformMatrix(h, seed).map((r, i) => (r - 0.5 + (Math.floor(i / h) % 2 === 0 ? 0.25 : -0.25)) * s1);
  const w2 = uniformMatrix(h, seed + 1).map((r) => (r - 0.5) * s2);
  const xs = Array.from({ length: shards }, (_, d) => uniformMatrix(h, seed + 10 + d));
  const ts = Array.from({ length: shards }, (_, d) => uniformMatrix(h, seed + 20 + d).map((r) => r - 0.5));
  return { h, w1, w2, xs, ts, lr: mlpLearningRate(h) };
}

// ---- float64 reference ---------------------------------------------------------------------

/** C = A·B in float64, A m×k, B k×n, row-major. */
export function matmul64(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let t = 0; t < k; t++) {
      const av = a[i * k + t]!;
      if (av === 0) continue;
      const row = t * n;
      const out = i * n;
      for (let j = 0; j < n; j++) c[out + j]! += av * b[row + j]!;
    }
  }
  return c;
}

export function transpose64(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}

/** Transposes a square f32 matrix on the host (inputs are uploaded with their transposes). */
export function transpose32(a: Float32Array, n: number): Float32Array {
  const t = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j]!;
  return t;
}

export interface MlpShard {
  /** h × m inputs (m samples as columns). */
  readonly x: ArrayLike<number>;
  /** h × m targets. */
  readonly t: ArrayLike<number>;
  /** Samples in this shard (columns). */
  readonly m: number;
}

export interface MlpGradients {
  readonly gW1: Float64Array;
  readonly gW2: Float64Array;
  /** The mean over the whole batch of ½‖y − t‖², at the weights before the step. */
  readonly loss: number;
}

/** One shard's gradients (already divided by the whole batch's size `total`), in float64. */
export function mlpShardGradients(h: number, w1: ArrayLike<number>, w2: ArrayLike<number>, s: MlpShard, total: number): MlpGradients {
  const { m } = s;
  const z = matmul64(w1, s.x, h, h, m);
  const a = z.map((v) => (v > 0 ? v : 0));
  const y = matmul64(w2, a, h, h, m);
  let loss = 0;
  const dy = y.map((v, i) => {
    const d = v - s.t[i]!;
    loss += d * d;
    return d / total;
  });
  const gW2 = matmul64(dy, transpose64(a, h, m), h, m, h);
  const da = matmul64(transpose64(w2, h, h), dy, h, h, m);
  const dz = da.map((v, i) => (z[i]! > 0 ? v : 0));
  const gW1 = matmul64(dz, transpose64(s.x, h, m), h, m, h);
  return { gW1, gW2, loss: loss / (2 * total) };
}

export interface MlpReferenceResult {
  readonly w1: Float64Array;
  readonly w2: Float64Array;
  /** The loss before each step. */
  readonly losses: readonly number[];
}

/** `steps` data-parallel training steps in float64: the shards' gradients are summed, then W −= lr·g. */
export function mlpReference(
  h: number,
  w1: ArrayLike<number>,
  w2: ArrayLike<number>,
  shards: readonly MlpShard[],
  lr: number,
  steps: number,
): MlpReferenceResult {
  let W1 = Float64Array.from(w1);
  let W2 = Float64Array.from(w2);
  const total = shards.reduce((s, x) => s + x.m, 0);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const grads = shards.map((s) => mlpShardGradients(h, W1, W2, s, total));
    losses.push(grads.reduce((s, g) => s + g.loss, 0));
    const g1 = new Float64Array(h * h);
    const g2 = new Float64Array(h * h);
    for (const g of grads) {
      for (let i = 0; i < h * h; i++) {
        g1[i]! += g.gW1[i]!;
        g2[i]! += g.gW2[i]!;
      }
    }
    W1 = W1.map((v, i) => v - lr * g1[i]!);
    W2 = W2.map((v, i) => v - lr * g2[i]!);
  }
  return { w1: W1, w2: W2, losses };
}

/** The reference for an `MlpProblem` (square shards). */
export function mlpProblemReference(p: MlpProblem, steps: number): MlpReferenceResult {
  return mlpReference(
    p.h,
    p.w1,
    p.w2,
    p.xs.map((x, d) => ({ x, t: p.ts[d]!, m: p.h })),
    p.lr,
    steps,
  );
}

// ---- checking ------------------------------------------------------------------------------

export { MLP_REL_TOLERANCE };

export interface WeightComparison {
  readonly maxAbsError: number;
  /** max |W − W_ref| / max |W_ref − W_0|: the error as a share of the largest update. */
  readonly maxRelError: number;
  readonly maxUpdate: number;
  readonly passed: boolean;
}

/**
 * Compares weights trained with f32 gradients (host master weights kept in float64) with the
 * float64 reference. The weights themselves are exact on both sides (same f32 start, float64
 * updates), so the only error is in lr·Σ gradients, which come from chains of f32 dot products
 * of length H: rounding makes them off by about u·√H relative to the sum of |terms| (u = 2⁻²⁴),
 * i.e. ~1e-6 of the largest update at H = 1024 and below 1e-5 at H = 4096 — far under
 * MLP_REL_TOLERANCE = 1e-4 of the largest update. A wrong result (a transposed operand, a lost
 * relu mask, one device's gradient missing or counted twice) is off by a sizeable fraction of the
 * update, far above it. Relu kinks cannot flip (see `mlpProblem`).
 */
export function compareWeights(got: ArrayLike<number>, ref: ArrayLike<number>, initial: ArrayLike<number>): WeightComparison {
  let maxAbs = 0;
  let maxUpdate = 0;
  let nan = false;
  for (let i = 0; i < ref.length; i++) {
    const e = Math.abs(got[i]! - ref[i]!);
    if (!Number.isFinite(e)) nan = true;
    else maxAbs = Math.max(maxAbs, e);
    maxUpdate = Math.max(maxUpdate, Math.abs(ref[i]! - initial[i]!));
  }
  if (got.length !== ref.length) nan = true;
  const maxRel = nan ? Number.MAX_VALUE : maxUpdate > 0 ? maxAbs / maxUpdate : maxAbs > 0 ? Number.MAX_VALUE : 0;
  return { maxAbsError: nan ? Number.MAX_VALUE : maxAbs, maxRelError: maxRel, maxUpdate, passed: !nan && maxRel <= MLP_REL_TOLERANCE };
}

// ---- WGSL ----------------------------------------------------------------------------------

/**
 * The element-wise kernels, one module with one entry point each; all use the same bindings:
 * a, b (read), o (write), params {n, scale}. 16×16 threads per workgroup over an n×n grid.
 */
export const MLP_ELEMENTWISE_WGSL = /* wgsl */ `
struct Params { n: u32, scale: f32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> o: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

// o = relu(a)
@compute @workgroup_size(16, 16)
fn relu(@builtin(global_invocation_id) g: vec3u) {
  let n = params.n;
  if (g.x >= n || g.y >= n) { return; }
  let i = g.y * n + g.x;
  o[i] = max(a[i], 0.0);
}

// o = a ⊙ [b > 0]: a = dA, b = Z
@compute @workgroup_size(16, 16)
fn relu_backward(@builtin(global_invocation_id) g: vec3u) {
  let n = params.n;
  if (g.x >= n || g.y >= n) { return; }
  let i = g.y * n + g.x;
  o[i] = select(0.0, a[i], b[i] > 0.0);
}

// o = (a − b) · scale: a = Y, b = T, scale = 1/B
@compute @workgroup_size(16, 16)
fn loss_grad(@builtin(global_invocation_id) g: vec3u) {
  let n = params.n;
  if (g.x >= n || g.y >= n) { return; }
  let i = g.y * n + g.x;
  o[i] = (a[i] - b[i]) * params.scale;
}

// o = aᵀ
@compute @workgroup_size(16, 16)
fn transpose(@builtin(global_invocation_id) g: vec3u) {
  let n = params.n;
  if (g.x >= n || g.y >= n) { return; }
  o[g.x * n + g.y] = a[g.y * n + g.x];
}
`;

export type MlpElementwiseOp = 'relu' | 'relu_backward' | 'loss_grad' | 'transpose';

export interface MlpKernels {
  readonly n: number;
  /** A bind group for o = op(a, b); b is ignored by relu and transpose (pass a again). */
  bind(a: GPUBuffer, b: GPUBuffer, o: GPUBuffer): GPUBindGroup;
  dispatch(pass: GPUComputePassEncoder, op: MlpElementwiseOp, group: GPUBindGroup): void;
  readonly params: GPUBuffer;
}

/** The element-wise pipelines on one device; `scale` is the loss gradient's 1/B. */
export function createMlpKernels(device: GPUDevice, n: number, scale: number): MlpKernels {
  const module = device.createShaderModule({ code: MLP_ELEMENTWISE_WGSL, label: 'mlp-elementwise' });
  const layout = device.createBindGroupLayout({
    label: 'mlp-elementwise',
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
      { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
      { binding: 3, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
    ],
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const ops: MlpElementwiseOp[] = ['relu', 'relu_backward', 'loss_grad', 'transpose'];
  const pipelines = new Map(
    ops.map((op) => [op, device.createComputePipeline({ layout: pipelineLayout, compute: { module, entryPoint: op }, label: `mlp-${op}` })]),
  );
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'mlp-params' });
  const words = new ArrayBuffer(16);
  new Uint32Array(words, 0, 1)[0] = n;
  new Float32Array(words, 4, 1)[0] = scale;
  device.queue.writeBuffer(params, 0, words);
  const groups = Math.ceil(n / 16);
  return {
    n,
    params,
    bind: (a, b, o) =>
      device.createBindGroup({
        layout,
        entries: [
          { binding: 0, resource: { buffer: a } },
          { binding: 1, resource: { buffer: b } },
          { binding: 2, resource: { buffer: o } },
          { binding: 3, resource: { buffer: params } },
        ],
      }),
    dispatch: (pass, op, group) => {
      pass.setPipeline(pipelines.get(op)!);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(groups, groups);
    },
  };
}
