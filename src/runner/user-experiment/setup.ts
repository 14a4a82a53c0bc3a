/**
 * A user experiment's set-up, before the run: every buffer (checked against the device's limits,
 * initialised from the file), each matmul's kernel and bind group, each WGSL op's compiled pipeline
 * (errors named by op and by line in the file), read-back staging buffers and CPU-op inputs.
 */
import type { GpuQueue, Recorder } from '../recorder.js';
import { firstLine, RecorderError } from '../errors.js';
import { createMatmul, type MatmulKernel } from '../workloads/matmul.js';
import { formatBytes } from '../../core/export/report-format.js';
import { uniformFloats, uniformMatrix } from '../workloads/random.js';
import type { SpecBuffer, SpecWgsl, UserExperimentSpec } from './schema.js';

interface WgslPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly group: GPUBindGroup;
}

export class Setup {
  readonly buffers = new Map<string, GPUBuffer>();
  /** Host copies of initialised buffers as f32 (the CPU reference's inputs). */
  readonly host = new Map<string, Float32Array>();
  readonly matmuls = new Map<string, { kernel: MatmulKernel; group: GPUBindGroup }>();
  readonly wgsl = new Map<string, WgslPipeline>();
  readonly staging = new Map<string, GPUBuffer>();
  readonly cpuInputs = new Map<string, { a: Float32Array; b: Float32Array; c: Float32Array }>();
  readonly notes: string[] = [];

  constructor(
    private readonly spec: UserExperimentSpec,
    private readonly rec: Recorder,
    private readonly queues: ReadonlyMap<string, GpuQueue>,
    private readonly main: string,
  ) {}

  async build(): Promise<void> {
    const storage = new Set<string>();
    const uniform = new Set<string>();
    for (const op of this.spec.ops) {
      if (op.kind === 'matmul') [op.a, op.b, op.out].forEach((b) => storage.add(b));
      if (op.kind === 'wgsl') for (const b of op.bindings) (b.access === 'uniform' ? uniform : storage).add(b.buffer);
    }
    for (const b of this.spec.buffers) this.createBuffer(b, storage.has(b.id), uniform.has(b.id));
    const kernels = new Map<string, MatmulKernel>();
    for (const op of this.spec.ops) {
      switch (op.kind) {
        case 'matmul': {
          const q = this.queues.get(op.device)!;
          const key = `${op.device}\n${op.n}`;
          let kernel = kernels.get(key);
          if (!kernel) kernels.set(key, (kernel = createMatmul(q.device, op.n)));
          this.matmuls.set(op.id, { kernel, group: kernel.bind(this.buffers.get(op.a)!, this.buffers.get(op.b)!, this.buffers.get(op.out)!) });
          break;
        }
        case 'wgsl':
          this.wgsl.set(op.id, await this.createWgsl(op));
          break;
        case 'readback':
          this.staging.set(
            op.id,
            this.queues
              .get(op.device)!
              .device.createBuffer({ size: op.bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: `${op.id} staging` }),
          );
          break;
        case 'cpu':
          if (op.work === 'matmul') {
            const n = op.n!;
            this.cpuInputs.set(op.id, { a: uniformMatrix(n, 11), b: uniformMatrix(n, 12), c: new Float32Array(n * n) });
          }
          break;
        case 'copy':
          break;
        default: {
          const never: never = op;
          throw new Error(`unknown op ${JSON.stringify(never)}`);
        }
      }
    }
    this.rec.check();
  }

  private createBuffer(b: SpecBuffer, storage: boolean, uniform: boolean): void {
    const q = this.queues.get(b.device)!;
    const lim = q.device.limits;
    const limits: [number, string][] = [[lim.maxBufferSize, 'maxBufferSize']];
    if (storage) limits.push([lim.maxStorageBufferBindingSize, 'maxStorageBufferBindingSize']);
    if (uniform) limits.push([lim.maxUniformBufferBindingSize, 'maxUniformBufferBindingSize']);
    for (const [max, name] of limits) {
      if (b.bytes > max)
        throw new RecorderError(
          'buffer-too-large',
          `buffer '${b.id}' needs ${formatBytes(b.bytes)}, more than device '${b.device}' allows (${name} ${formatBytes(max)}); make it smaller in ${this.spec.file}`,
        );
    }
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | (uniform ? GPUBufferUsage.UNIFORM : 0);
    const buffer = q.device.createBuffer({ size: b.bytes, usage, label: b.id });
    this.buffers.set(b.id, buffer);
    const count = b.bytes / 4;
    let bytes: ArrayBufferView | undefined;
    let host: Float32Array | undefined;
    switch (b.init) {
      case 'random':
        host = uniformFloats(count, b.seed); // for a matrix buffer, the same numbers as uniformMatrix
        bytes = host;
        break;
      case 'ones':
        host = new Float32Array(count).fill(1);
        bytes = host;
        break;
      case 'zeros':
        host = new Float32Array(count); // WebGPU buffers start zeroed: nothing to write
        break;
      case 'data': {
        const typed = b.format === 'u32' ? new Uint32Array(count) : b.format === 'i32' ? new Int32Array(count) : new Float32Array(count);
        typed.set(b.data!);
        bytes = typed;
        if (typed instanceof Float32Array) host = typed;
        break;
      }
      case undefined:
        break;
    }
    if (host) this.host.set(b.id, host);
    if (bytes) {
      const data = bytes;
      this.rec.cpu(this.main, `write ${b.id}`, 'cpu', () => q.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength), {
        bytes: b.bytes,
      });
    }
  }

  /** Compiles the op's WGSL and builds its pipeline and bind group; any error names the op and the WGSL line. */
  private async createWgsl(op: SpecWgsl): Promise<WgslPipeline> {
    const device = this.queues.get(op.device)!.device;
    const lim = device.limits;
    op.workgroups.forEach((w) => {
      if (w > lim.maxComputeWorkgroupsPerDimension)
        throw new RecorderError(
          'bad-parameter',
          `op '${op.id}': ${w} workgroups in one dimension, more than device '${op.device}' allows (${lim.maxComputeWorkgroupsPerDimension})`,
        );
    });
    const origin = (line: number, col: number) => `${op.codeOrigin.file}:${op.codeOrigin.line + line - 1}:${col}`;
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ code: op.code, label: op.id });
    const info = await module.getCompilationInfo();
    const moduleError = await device.popErrorScope();
    const err = info.messages.find((m) => m.type === 'error');
    if (err) throw new RecorderError('gpu-error', `op '${op.id}': WGSL error at ${origin(err.lineNum, err.linePos)}: ${err.message}`);
    if (moduleError) throw new RecorderError('gpu-error', `op '${op.id}': WGSL error: ${firstLine(moduleError.message)}`);
    const visibility = GPUShaderStage.COMPUTE;
    const type: Record<string, GPUBufferBindingType> = { read: 'read-only-storage', read_write: 'storage', uniform: 'uniform' };
    device.pushErrorScope('validation');
    const layout = device.createBindGroupLayout({
      label: op.id,
      entries: op.bindings.map((b) => ({ binding: b.binding, visibility, buffer: { type: type[b.access]! } })),
    });
    const pipeline = device.createComputePipeline({
      label: op.id,
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: op.entry },
    });
    const group = device.createBindGroup({
      label: op.id,
      layout,
      entries: op.bindings.map((b) => ({ binding: b.binding, resource: { buffer: this.buffers.get(b.buffer)! } })),
    });
    const e = await device.popErrorScope();
    if (e) throw new RecorderError('gpu-error', `op '${op.id}': ${firstLine(e.message)}`);
    return { pipeline, group };
  }
}
