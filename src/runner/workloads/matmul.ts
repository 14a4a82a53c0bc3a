/**
 * C = A·B for N×N row-major f32 matrices, one WGSL compute kernel.
 *
 * Register tiling: a workgroup of 16×16 threads computes a TILE×TILE block of C; each thread
 * computes (TILE/16)² outputs at rows ty + 16·i and columns tx + 16·j, so that neighbouring threads
 * read neighbouring shared-memory words and write neighbouring global words (coalesced). A and B
 * tiles of depth BK are staged in workgroup memory (A transposed, so the inner loop reads both
 * tiles along their contiguous axis). Edges are zero-padded on load and masked on store, so any N
 * works. Variants differ in TILE and BK; `chooseVariant` picks by N (big tiles need enough
 * workgroups to fill a large GPU).
 */
import { RecorderError } from '../errors.js';
import { formatBytes } from '../../core/export/report-format.js';

export interface MatmulVariant {
  readonly name: string;
  readonly tile: number;
  readonly bk: number;
  /** vec4 loads, stores and FMAs; needs N % 4 == 0. */
  readonly vec4: boolean;
}

export const MATMUL_VARIANTS: readonly MatmulVariant[] = [
  { name: 't64k16', tile: 64, bk: 16, vec4: false },
  { name: 't128k8', tile: 128, bk: 8, vec4: false },
  { name: 't128k16', tile: 128, bk: 16, vec4: false },
  { name: 'v4t128k8', tile: 128, bk: 8, vec4: true },
  { name: 'v4t128k16', tile: 128, bk: 16, vec4: true },
];

const WG = 16;

/**
 * Big tiles pay off once there are enough of them to fill the GPU (a few hundred workgroups);
 * vec4 needs rows that are whole vec4s. PARASCOPE_MATMUL_VARIANT overrides (benchmarks).
 */
export function chooseVariant(n: number): MatmulVariant {
  const forced = process.env['PARASCOPE_MATMUL_VARIANT'];
  if (forced) {
    const v = variantByName(forced);
    if (!v.vec4 || n % 4 === 0) return v;
  }
  if (n < 2048) return MATMUL_VARIANTS[0]!;
  return n % 4 === 0 ? variantByName('v4t128k8') : variantByName('t128k8');
}

export function variantByName(name: string): MatmulVariant {
  const v = MATMUL_VARIANTS.find((x) => x.name === name);
  if (!v) throw new RecorderError('bad-parameter', `unknown matmul variant '${name}' (known: ${MATMUL_VARIANTS.map((x) => x.name).join(', ')})`);
  return v;
}

export function matmulWgsl(v: MatmulVariant): string {
  return v.vec4 ? matmulWgslVec4(v) : matmulWgslScalar(v);
}

function matmulWgslScalar(v: MatmulVariant): string {
  const T = v.tile;
  const BK = v.bk;
  const R = T / WG; // outputs per thread along each axis
  const loadsA = (T * BK) / (WG * WG);
  return /* wgsl */ `
struct Params { n: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> As: array<f32, ${BK * T}>; // As[k * ${T} + row]
var<workgroup> Bs: array<f32, ${BK * T}>; // Bs[k * ${T} + col]

@compute @workgroup_size(${WG}, ${WG})
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let n = params.n;
  let tx = lid.x;
  let ty = lid.y;
  let t = ty * ${WG}u + tx;
  let row0 = wid.y * ${T}u;
  let col0 = wid.x * ${T}u;
  var acc: array<array<f32, ${R}>, ${R}>;
  for (var k0 = 0u; k0 < n; k0 += ${BK}u) {
    for (var l = 0u; l < ${loadsA}u; l++) {
      let e = t + l * ${WG * WG}u;
      // A tile: ${T} rows × ${BK} columns, stored transposed.
      let ar = e / ${BK}u;
      let ak = e % ${BK}u;
      let gr = row0 + ar;
      let gk = k0 + ak;
      As[ak * ${T}u + ar] = select(0.0, a[gr * n + gk], gr < n && gk < n);
      // B tile: ${BK} rows × ${T} columns.
      let bk = e / ${T}u;
      let bc = e % ${T}u;
      let gbk = k0 + bk;
      let gc = col0 + bc;
      Bs[bk * ${T}u + bc] = select(0.0, b[gbk * n + gc], gbk < n && gc < n);
    }
    workgroupBarrier();
    for (var k = 0u; k < ${BK}u; k++) {
      var av: array<f32, ${R}>;
      var bv: array<f32, ${R}>;
      for (var i = 0u; i < ${R}u; i++) {
        av[i] = As[k * ${T}u + ty + i * ${WG}u];
        bv[i] = Bs[k * ${T}u + tx + i * ${WG}u];
      }
      for (var i = 0u; i < ${R}u; i++) {
        for (var j = 0u; j < ${R}u; j++) {
          acc[i][j] = fma(av[i], bv[j], acc[i][j]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < ${R}u; i++) {
    let r = row0 + ty + i * ${WG}u;
    if (r >= n) { continue; }
    for (var j = 0u; j < ${R}u; j++) {
      let col = col0 + tx + j * ${WG}u;
      if (col < n) { c[r * n + col] = acc[i][j]; }
    }
  }
}
`;
}

/**
 * The vec4 form: each thread computes an 8×8 block as two 4-row × two 4-column vec4 groups
 * (rows 4·ty and 64 + 4·ty, columns 4·tx and 64 + 4·tx), so each shared-memory read is a vec4 and
 * each FMA is a vec4 FMA. A tiles are stored transposed as vec4s of 4 consecutive rows.
 */
function matmulWgslVec4(v: MatmulVariant): string {
  const T = v.tile; // 128
  const BK = v.bk;
  const T4 = T / 4; // vec4s per tile row
  const aLoads = (T * BK) / 4 / (WG * WG); // vec4 loads of A (and of B) per thread
  return /* wgsl */ `
struct Params { n: u32 }
@group(0) @binding(0) var<storage, read> a: array<vec4f>;
@group(0) @binding(1) var<storage, read> b: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> c: array<vec4f>;
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> As: array<vec4f, ${BK * T4}>; // As[k * ${T4} + row / 4][row % 4]
var<workgroup> Bs: array<vec4f, ${BK * T4}>; // Bs[k * ${T4} + col / 4]

@compute @workgroup_size(${WG}, ${WG})
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let n = params.n;
  let n4 = n / 4u;
  let tx = lid.x;
  let ty = lid.y;
  let t = ty * ${WG}u + tx;
  let row0 = wid.y * ${T}u;
  let col0 = wid.x * ${T}u;
  var acc: array<array<vec4f, 2>, 8>; // acc[r][h]: row (r < 4 ? 4ty + r : 64 + 4ty + r - 4), columns of half h
  for (var k0 = 0u; k0 < n; k0 += ${BK}u) {
    for (var l = 0u; l < ${aLoads}u; l++) {
      let e = t + l * ${WG * WG}u;
      // A: ${T} rows × ${BK / 4} vec4s along k; scattered transposed into As.
      let ar = e / ${BK / 4}u;
      let aq = e % ${BK / 4}u;
      let gr = row0 + ar;
      let gk4 = k0 / 4u + aq;
      var av = vec4f(0.0);
      if (gr < n && gk4 < n4) { av = a[gr * n4 + gk4]; }
      for (var j = 0u; j < 4u; j++) { As[(aq * 4u + j) * ${T4}u + ar / 4u][ar % 4u] = av[j]; }
      // B: ${BK} rows × ${T4} vec4s.
      let bk = e / ${T4}u;
      let bq = e % ${T4}u;
      let gbk = k0 + bk;
      let gc4 = col0 / 4u + bq;
      var bv = vec4f(0.0);
      if (gbk < n && gc4 < n4) { bv = b[gbk * n4 + gc4]; }
      Bs[bk * ${T4}u + bq] = bv;
    }
    workgroupBarrier();
    for (var k = 0u; k < ${BK}u; k++) {
      let a0 = As[k * ${T4}u + ty];
      let a1 = As[k * ${T4}u + ${T4 / 2}u + ty];
      let b0 = Bs[k * ${T4}u + tx];
      let b1 = Bs[k * ${T4}u + ${T4 / 2}u + tx];
      for (var r = 0u; r < 4u; r++) {
        acc[r][0] = fma(vec4f(a0[r]), b0, acc[r][0]);
        acc[r][1] = fma(vec4f(a0[r]), b1, acc[r][1]);
        acc[r + 4u][0] = fma(vec4f(a1[r]), b0, acc[r + 4u][0]);
        acc[r + 4u][1] = fma(vec4f(a1[r]), b1, acc[r + 4u][1]);
      }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < 8u; r++) {
    let row = row0 + select(4u * ty + r, ${T / 2}u + 4u * ty + r - 4u, r >= 4u);
    if (row >= n) { continue; }
    for (var h = 0u; h < 2u; h++) {
      let c4 = col0 / 4u + h * ${T4 / 2}u + tx;
      if (c4 < n4) { c[row * n4 + c4] = acc[r][h]; }
    }
  }
}
`;
}

export interface MatmulKernel {
  readonly variant: MatmulVariant;
  readonly n: number;
  readonly pipeline: GPUComputePipeline;
  readonly params: GPUBuffer;
  bind(a: GPUBuffer, b: GPUBuffer, c: GPUBuffer): GPUBindGroup;
  /** Records the dispatch into an open compute pass. */
  dispatch(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup): void;
  /** 2·N³ floating-point operations per product. */
  readonly flops: number;
}

export function createMatmul(device: GPUDevice, n: number, variant: MatmulVariant = chooseVariant(n)): MatmulKernel {
  if (variant.vec4 && n % 4 !== 0) throw new RecorderError('bad-parameter', `matmul variant ${variant.name} needs N divisible by 4, got ${n}`);
  const module = device.createShaderModule({ code: matmulWgsl(variant), label: `matmul-${variant.name}` });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: `matmul-${variant.name}` });
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(params, 0, new Uint32Array([n, 0, 0, 0]));
  const groups = Math.ceil(n / variant.tile);
  return {
    variant,
    n,
    pipeline,
    params,
    flops: 2 * n * n * n,
    bind: (a, b, c) =>
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: a } },
          { binding: 1, resource: { buffer: b } },
          { binding: 2, resource: { buffer: c } },
          { binding: 3, resource: { buffer: params } },
        ],
      }),
    dispatch: (pass, bindGroup) => {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(groups, groups);
    },
  };
}

/** Checks a matrix of `n`² f32 fits the device's limits; a clear error otherwise. */
export function checkMatrixFits(device: GPUDevice, label: string, n: number): number {
  const bytes = n * n * 4;
  const max = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (!Number.isSafeInteger(bytes) || bytes > max) {
    throw new RecorderError(
      'buffer-too-large',
      `a ${n}×${n} f32 matrix needs ${formatBytes(bytes)}, more than device '${label}' allows in one buffer (${formatBytes(max)}); use a smaller --size`,
    );
  }
  return bytes;
}
