/**
 * Parascope's own peak microbenchmarks, so that "% of peak" is measured on the adapter at hand
 * rather than read from a datasheet:
 *
 * - FMA throughput: every thread runs a long chain of vec4 FMAs on ACCS independent accumulators
 *   (enough instruction-level parallelism to hide the FMA latency), UNROLL statements per loop trip,
 *   over enough workgroups to fill a large GPU. The accumulators depend on the thread id and are
 *   stored at the end, so no compiler can fold or drop the work. FLOPs = threads × iterations ×
 *   UNROLL × ACCS × 4 lanes × 2 (an FMA is a multiply and an add).
 * - Copy bandwidth: a copyBufferToBuffer of a large buffer, and a storage-buffer kernel that reads
 *   one vec4 and writes it elsewhere per thread; both count bytes read + bytes written.
 *
 * Sizes scale with the experiment's N so that a CI run on a software renderer stays tiny.
 */

const WG = 256;
const UNROLL = 16;
const ACCS = 4;
/** Workgroups per dispatch dimension: WebGPU's default maxComputeWorkgroupsPerDimension. */
const MAX_DIM = 65535;

export interface FmaConfig {
  readonly workgroups: number;
  /** Loop trips per thread; each trip is UNROLL × ACCS vec4 FMAs. */
  readonly iterations: number;
}

/**
 * At N = 2048: 4096 workgroups of 256 threads (a million threads, enough for any GPU) × 256
 * trips ≈ 137 GFLOP, a few ms on a large GPU. At N = 64: 128 × 8 trips ≈ 134 MFLOP.
 */
export function fmaConfig(n: number): FmaConfig {
  return { workgroups: clampInt(n * 2, 16, 4096), iterations: clampInt(n / 8, 2, 256) };
}

export function fmaFlops(c: FmaConfig): number {
  return c.workgroups * WG * c.iterations * UNROLL * ACCS * 4 * 2;
}

export function fmaWgsl(): string {
  const chain: string[] = [];
  for (let u = 0; u < UNROLL; u++) for (let a = 0; a < ACCS; a++) chain.push(`    acc${a} = fma(acc${a}, m, c);`);
  return /* wgsl */ `
struct Params { iterations: u32 }
@group(0) @binding(0) var<storage, read_write> out: array<vec4f>;
@group(0) @binding(1) var<uniform> params: Params;

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let s = f32(gid.x) * 1e-7;
  let m = vec4f(0.9999, 0.9998, 0.9997, 0.9996);
  let c = vec4f(1e-4, 2e-4, 3e-4, 4e-4);
${Array.from({ length: ACCS }, (_, a) => `  var acc${a} = vec4f(s + ${a}.0, s + ${a}.25, s + ${a}.5, s + ${a}.75);`).join('\n')}
  for (var i = 0u; i < params.iterations; i++) {
${chain.join('\n')}
  }
  out[gid.x] = ${Array.from({ length: ACCS }, (_, a) => `acc${a}`).join(' + ')};
}
`;
}

export interface FmaBench {
  readonly config: FmaConfig;
  /** Floating-point operations one dispatch performs. */
  readonly flops: number;
  /** Records one dispatch into an open compute pass. */
  dispatch(pass: GPUComputePassEncoder): void;
  destroy(): void;
}

export function createFmaBench(device: GPUDevice, config: FmaConfig): FmaBench {
  const module = device.createShaderModule({ code: fmaWgsl(), label: 'peak FMA' });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: 'peak FMA' });
  const out = device.createBuffer({ size: config.workgroups * WG * 16, usage: GPUBufferUsage.STORAGE, label: 'peak FMA out' });
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'peak FMA params' });
  device.queue.writeBuffer(params, 0, new Uint32Array([config.iterations, 0, 0, 0]));
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: out } },
      { binding: 1, resource: { buffer: params } },
    ],
  });
  return {
    config,
    flops: fmaFlops(config),
    dispatch(pass) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(config.workgroups);
    },
    destroy() {
      out.destroy();
      params.destroy();
    },
  };
}

/**
 * Bytes per copy: 16 N² f32 (256 MiB at N = 2048, big enough to stream past any cache), at least
 * 1 MiB, at most what one buffer and one storage binding may hold; a multiple of the vec4 size.
 */
export function copyBenchBytes(n: number, limits: { readonly maxBufferSize: number; readonly maxStorageBufferBindingSize: number }): number {
  const want = Math.min(Math.max(16 * n * n * 4, 1 << 20), 256 << 20, limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  return Math.max(16, Math.floor(want / 16) * 16);
}

export function copyWgsl(): string {
  return /* wgsl */ `
struct Params { count: u32, groupsX: u32 }
@group(0) @binding(0) var<storage, read> src: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4f>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * params.groupsX + wid.x) * ${WG}u + lid;
  if (i < params.count) { dst[i] = src[i]; }
}
`;
}

export interface CopyBench {
  /** Bytes of each buffer. */
  readonly bytes: number;
  /** Bytes one copy moves: read + written. */
  readonly bytesMoved: number;
  readonly src: GPUBuffer;
  readonly dst: GPUBuffer;
  /** Records the storage-buffer copy kernel into an open compute pass. */
  dispatchKernel(pass: GPUComputePassEncoder): void;
  destroy(): void;
}

export function createCopyBench(device: GPUDevice, bytes: number): CopyBench {
  if (bytes % 16 !== 0) throw new Error(`copy benchmark size must be a multiple of 16 bytes, got ${bytes}`);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const src = device.createBuffer({ size: bytes, usage, label: 'peak copy src' });
  const dst = device.createBuffer({ size: bytes, usage, label: 'peak copy dst' });
  const count = bytes / 16;
  const groups = Math.ceil(count / WG);
  const groupsX = Math.min(groups, MAX_DIM);
  const groupsY = Math.ceil(groups / groupsX);
  const module = device.createShaderModule({ code: copyWgsl(), label: 'peak copy' });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: 'peak copy' });
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'peak copy params' });
  device.queue.writeBuffer(params, 0, new Uint32Array([count, groupsX, 0, 0]));
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: src } },
      { binding: 1, resource: { buffer: dst } },
      { binding: 2, resource: { buffer: params } },
    ],
  });
  return {
    bytes,
    bytesMoved: 2 * bytes,
    src,
    dst,
    dispatchKernel(pass) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(groupsX, groupsY);
    },
    destroy() {
      src.destroy();
      dst.destroy();
      params.destroy();
    },
  };
}

function clampInt(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(x)));
}
