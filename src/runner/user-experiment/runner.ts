/**
 * Runs a resolved user experiment (`UserExperimentSpec`, from loader.ts) with the recorder, like a
 * built-in experiment: devices and buffers set up before the run, a warm-up of every GPU op, then
 * each phase's ops issued in dependency order, then verdicts judged from the finished trace.
 *
 * Scheduling inside a phase (docs/experiments.md): an op is issued as soon as its dependencies
 * (`after`, among the ops of the phase) are done. A GPU op that depends only on GPU ops of its own
 * device goes out in the same submission (the queue runs them in order); one that depends on
 * another device's op or on a CPU op waits until the host has seen it finish. Ready GPU ops go
 * first (one command buffer per device), then one ready CPU op (on the main thread, which it
 * holds), then readiness is looked at again.
 *
 * Lanes: 'main thread' for encoding, submitting, copy-out of read-backs and CPU ops; one
 * 'waits on <device>' lane per device for the host's waits (queue done, buffer mapping), which are
 * asynchronous and may overlap the main thread's work.
 */
import { Recorder, type GpuQueue } from '../recorder.js';
import { openDevice, selectAdapters, type AdapterEntry, type OpenedDevice } from '../dawn.js';
import { RecorderError } from '../errors.js';
import { createMatmul, formatBytes, type MatmulKernel } from '../workloads/matmul.js';
import { uniformFloats, uniformMatrix } from '../workloads/random.js';
import { checkMatmulSamples } from '../workloads/reference.js';
import type { RecorderOptions } from '../recorder.js';
import type { Progress } from '../experiments/types.js';
import { withVerdicts } from '../experiments/types.js';
import { busyIn, busyMs, fmtMs, overlapMs, speedupOf, SPEEDUP_NOISE, totalVsSumVerdict } from '../experiments/judge-kit.js';
import type { Interval } from '../../core/analysis/intervals.js';
import type { ArgValue, CorrectnessCheck, Trace, Verdict } from '../../core/model.js';
import {
  isGpuOp,
  type SpecBuffer,
  type SpecCpu,
  type SpecGpuOp,
  type SpecMatmul,
  type SpecOp,
  type SpecReadback,
  type SpecWgsl,
  type UserExperimentSpec,
} from './schema.js';
import { matmulArgs } from '../experiments/gpu-steps.js';

export interface UserRunContext {
  /** Adapter filter for devices whose entry names none (the CLI's --adapter). */
  readonly adapter?: string;
  readonly recorder?: RecorderOptions;
  readonly onProgress: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

/** The lane of user CPU ops and of host copy-out. */
export const MAIN_LANE = 'main thread';

export async function runUserExperiment(spec: UserExperimentSpec, ctx: UserRunContext): Promise<Trace> {
  const { opened, topology } = await openSpecDevices(spec, ctx.adapter);
  const rec = new Recorder(ctx.recorder);
  try {
    const main = rec.cpuLane(MAIN_LANE);
    const queues = new Map<string, GpuQueue>();
    const waitLanes = new Map<string, string>();
    for (const d of spec.devices) {
      const o = opened.get(d.id)!;
      queues.set(d.id, rec.addQueue(o, `${d.id}: ${o.info.name} (${o.info.backend})`));
    }
    for (const d of spec.devices) waitLanes.set(d.id, rec.cpuLane(`waits on ${d.id}`));
    const setup = new Setup(spec, rec, queues, main);
    await setup.build();
    await rec.wait(Promise.all([...queues.values()].map((q) => q.device.queue.onSubmittedWorkDone())));

    const total = spec.phases.reduce((s, p) => s + p.ops.length * p.repeat, 0);
    let done = 0;
    ctx.onProgress({ phase: 'set-up', done: 0, total });
    const exec = new Executor(spec, rec, setup, queues, waitLanes, main, ctx);

    await rec.calibrate('start');
    rec.beginRun();
    const inPhases = new Set(spec.phases.flatMap((p) => p.ops));
    const warm = spec.ops.filter((o) => inPhases.has(o.id) && isGpuOp(o));
    if (warm.length > 0) await exec.runSet(warm, { prefix: 'warm-up ', args: { warmUp: true } });
    for (const phase of spec.phases) {
      const ops = spec.ops.filter((o) => phase.ops.includes(o.id));
      await rec.phase(phase.name, async () => {
        for (let i = 0; i < phase.repeat; i++) {
          await exec.runSet(ops, {
            phase: phase.name,
            iteration: i,
            args: { phase: phase.name, ...(phase.repeat > 1 ? { i } : {}) },
            onDone: () => ctx.onProgress({ phase: phase.name, done: ++done, total }),
          });
        }
      });
    }
    rec.endRun();
    await rec.calibrate('end');

    const { checks, unchecked } = exec.checks();
    const notes = [
      ...(spec.method ? [spec.method] : []),
      `from experiment file ${spec.file}; every GPU op was run once as a warm-up before the phases`,
      ...(unchecked.length > 0
        ? [
            `not checked for correctness: ${unchecked.join('; ')} (only a read-back of a matmul's output whose inputs were initialised on the host, in the same phase, has a CPU reference)`,
          ]
        : []),
      ...setup.notes,
    ];
    const trace = await rec.finish({
      experiment: {
        id: `file:${spec.file}`,
        title: spec.name,
        question: spec.question,
        ...(spec.method ? { method: spec.method } : {}),
        params: { file: spec.file },
      },
      topology,
      checks,
      verdicts: [],
      ...(spec.compare.length > 0 ? { comparisons: spec.compare.map((c) => ({ separate: [...c.separate], together: c.together })) } : {}),
      notes,
    });
    const lanes = new Map([...queues].map(([id, q]) => [id, q.laneId] as const));
    return withVerdicts(trace, judgeUserExperiment(trace, spec, lanes));
  } finally {
    rec.destroy();
  }
}

// ---- devices ---------------------------------------------------------------------------------

/**
 * One device per entry. An entry with `adapter` gets the first adapter matching it; the others
 * get one physical adapter each while there are enough (as the built-ins do), else the first.
 */
async function openSpecDevices(spec: UserExperimentSpec, filter: string | undefined): Promise<{ opened: Map<string, OpenedDevice>; topology: string }> {
  const free = spec.devices.filter((d) => d.adapter === undefined);
  const defaults: AdapterEntry[] = free.length > 0 ? await selectAdapters(filter) : [];
  const distinct = defaults.length >= free.length;
  const opened = new Map<string, OpenedDevice>();
  let k = 0;
  for (const d of spec.devices) {
    const entry = d.adapter !== undefined ? (await selectAdapters(d.adapter))[0]! : distinct ? defaults[k++]! : defaults[0]!;
    opened.set(d.id, await openDevice(entry, d.id));
  }
  const list = [...opened.values()];
  const adapters = new Set(list.map((o) => o.info.name));
  const where = list.map((o) => `'${o.label}' on '${o.info.name}'`).join(', ');
  const topology =
    list.length === 1
      ? `one device '${list[0]!.label}' on adapter '${list[0]!.info.name}'`
      : adapters.size === list.length
        ? `${list.length} devices on ${list.length} adapters: ${where}`
        : `${list.length} devices on ${adapters.size === 1 ? 'ONE adapter' : `${adapters.size} adapters`}: ${where}; devices on one adapter share that GPU, which time-slices between them`;
  return { opened, topology };
}

// ---- buffers, kernels, pipelines ---------------------------------------------------------------

interface WgslPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly group: GPUBindGroup;
}

class Setup {
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

// ---- execution ---------------------------------------------------------------------------------

interface RunOptions {
  readonly phase?: string;
  readonly iteration?: number;
  readonly prefix?: string;
  readonly args: Record<string, ArgValue>;
  readonly onDone?: () => void;
}

/** The trace ops one issue of a user op produced. */
interface Issued {
  /** First trace op: its GPU pass or copy, or the CPU op. */
  start: number;
  /** GPU pass or copy (GPU ops). */
  gpu?: number;
  /** Copy-out on the host (read-backs). */
  read?: number;
}

interface ReadResult {
  readonly phase: string;
  readonly op: string;
  readonly iteration: number;
  readonly data: Float32Array;
}

class Executor {
  private readonly byId: ReadonlyMap<string, SpecOp>;
  private readonly results: ReadResult[] = [];
  /** For each read-back that has a CPU reference, per phase: the matmul whose output it reads. */
  private readonly checkable = new Map<string, SpecMatmul>();

  constructor(
    private readonly spec: UserExperimentSpec,
    private readonly rec: Recorder,
    private readonly setup: Setup,
    private readonly queues: ReadonlyMap<string, GpuQueue>,
    private readonly waitLanes: ReadonlyMap<string, string>,
    private readonly main: string,
    private readonly ctx: UserRunContext,
  ) {
    this.byId = new Map(spec.ops.map((o) => [o.id, o]));
    for (const phase of spec.phases) {
      for (const id of phase.ops) {
        const op = this.byId.get(id)!;
        if (op.kind !== 'readback') continue;
        const m = this.referenceFor(op, phase.ops);
        if (m) this.checkable.set(`${phase.name}\n${op.id}`, m);
      }
    }
  }

  /** Buffers an op writes. */
  private writes(op: SpecOp): string[] {
    switch (op.kind) {
      case 'matmul':
        return [op.out];
      case 'copy':
        return [op.to];
      case 'wgsl':
        return op.bindings.filter((b) => b.access === 'read_write').map((b) => b.buffer);
      default:
        return [];
    }
  }

  /**
   * The matmul a read-back can be checked against: the one op of the phase that writes the buffer
   * is a matmul the read-back (transitively) comes after, and nothing in the experiment writes the
   * matmul's inputs, which were initialised on the host.
   */
  private referenceFor(rb: SpecReadback, phaseOps: readonly string[]): SpecMatmul | undefined {
    const writers = phaseOps.map((id) => this.byId.get(id)!).filter((o) => this.writes(o).includes(rb.buffer));
    const m = writers[0];
    if (writers.length !== 1 || m?.kind !== 'matmul' || rb.bytes < m.n * m.n * 4) return undefined;
    const inPhase = new Set(phaseOps);
    const ancestors = new Set<string>();
    const walk = (id: string) => {
      for (const a of this.byId.get(id)!.after)
        if (inPhase.has(a) && !ancestors.has(a)) {
          ancestors.add(a);
          walk(a);
        }
    };
    walk(rb.id);
    if (!ancestors.has(m.id)) return undefined;
    const written = new Set(this.spec.ops.flatMap((o) => this.writes(o)));
    if (written.has(m.a) || written.has(m.b) || !this.setup.host.has(m.a) || !this.setup.host.has(m.b)) return undefined;
    return m;
  }

  private deviceOf(op: SpecOp): string | undefined {
    return isGpuOp(op) ? op.device : undefined;
  }

  /** Runs `ops` once, each as soon as its dependencies among them are done. */
  async runSet(ops: readonly SpecOp[], opts: RunOptions): Promise<void> {
    const inSet = new Set(ops.map((o) => o.id));
    const state = new Map<string, 'pending' | 'submitted' | 'done'>(ops.map((o) => [o.id, 'pending']));
    const issued = new Map<string, Issued>();
    const chains = new Map<string, Promise<void>>();
    let failure: unknown;
    let wakers: (() => void)[] = [];
    const notify = () => {
      const w = wakers;
      wakers = [];
      for (const f of w) f();
    };
    const markDone = (id: string) => {
      if (state.get(id) === 'done') return;
      state.set(id, 'done');
      opts.onDone?.();
    };
    const deps = (op: SpecOp) => op.after.filter((a) => inSet.has(a));
    const satisfied = (op: SpecOp) =>
      deps(op).every((a) => {
        const s = state.get(a);
        if (s === 'done') return true;
        const d = this.byId.get(a)!;
        return s === 'submitted' && isGpuOp(op) && isGpuOp(d) && d.device === op.device;
      });
    /** Dependency edges into a just-issued op. */
    const link = (op: SpecOp) => {
      const to = issued.get(op.id)!.start;
      for (const a of deps(op)) {
        const d = this.byId.get(a)!;
        const from = issued.get(a)!;
        const sameQueue = isGpuOp(op) && this.deviceOf(d) === op.device;
        this.rec.dep(d.kind === 'readback' && !sameQueue ? from.read! : from.start, to, 'data');
      }
    };
    const name = (op: SpecOp) => `${opts.prefix ?? ''}${op.id}`;

    for (;;) {
      if (this.ctx.signal?.aborted) throw new RecorderError('cancelled', 'recording cancelled');
      if (failure) throw failure;
      this.rec.check();
      if (ops.every((o) => state.get(o.id) === 'done')) break;

      // Every GPU op that can go now, one command buffer per device.
      const batches = new Map<string, SpecGpuOp[]>();
      for (let grew = true; grew;) {
        grew = false;
        for (const op of ops) {
          if (state.get(op.id) !== 'pending' || !isGpuOp(op) || !satisfied(op)) continue;
          const b = batches.get(op.device) ?? [];
          b.push(op);
          batches.set(op.device, b);
          state.set(op.id, 'submitted');
          grew = true;
        }
      }
      for (const [device, batch] of batches) {
        this.submit(device, batch, opts, name, issued);
        for (const op of batch) link(op);
        const prev = chains.get(device) ?? Promise.resolve();
        chains.set(
          device,
          prev
            .then(() => this.complete(device, batch, opts, name, issued, markDone))
            .then(notify, (e: unknown) => {
              failure ??= e;
              notify();
            }),
        );
      }

      // Then one CPU op; readiness is looked at again after it.
      const cpu = ops.find((o): o is SpecCpu => o.kind === 'cpu' && state.get(o.id) === 'pending' && satisfied(o));
      if (cpu) {
        issued.set(cpu.id, { start: this.runCpu(cpu, name(cpu), opts) });
        link(cpu);
        markDone(cpu.id);
        continue;
      }
      if (batches.size === 0) await new Promise<void>((r) => wakers.push(r));
    }
    await Promise.all(chains.values());
  }

  private submit(device: string, batch: readonly SpecGpuOp[], opts: RunOptions, name: (op: SpecOp) => string, issued: Map<string, Issued>): void {
    const q = this.queues.get(device)!;
    const label = batch.map(name).join(', ');
    const { value: cb } = this.rec.cpu(
      this.main,
      `encode ${label}`,
      'cpu',
      () => {
        const enc = this.rec.encoder(q, label);
        for (const op of batch) {
          const args = { op: op.id, kind: op.kind, ...opts.args };
          let gpu: number;
          switch (op.kind) {
            case 'matmul': {
              const m = this.setup.matmuls.get(op.id)!;
              const { pass, op: id } = enc.computePass(name(op), { ...args, ...matmulArgs(m.kernel) });
              m.kernel.dispatch(pass, m.group);
              pass.end();
              gpu = id;
              break;
            }
            case 'wgsl': {
              const w = this.setup.wgsl.get(op.id)!;
              const { pass, op: id } = enc.computePass(name(op), { ...args, workgroups: op.workgroups.join('×') });
              pass.setPipeline(w.pipeline);
              pass.setBindGroup(0, w.group);
              pass.dispatchWorkgroups(...op.workgroups);
              pass.end();
              gpu = id;
              break;
            }
            case 'copy':
              gpu = enc.copy(name(op), this.setup.buffers.get(op.from)!, 0, this.setup.buffers.get(op.to)!, 0, op.bytes, args);
              break;
            case 'readback':
              gpu = enc.copy(`${name(op)}: copy`, this.setup.buffers.get(op.buffer)!, 0, this.setup.staging.get(op.id)!, 0, op.bytes, {
                ...args,
                readback: true,
              });
              break;
            default: {
              const never: never = op;
              throw new Error(`unknown op ${JSON.stringify(never)}`);
            }
          }
          issued.set(op.id, { start: gpu, gpu });
        }
        return enc.finish();
      },
      { ops: batch.length },
    );
    this.rec.submit(this.main, [cb], `submit ${device}`);
  }

  /**
   * The host's side of one submission, in queue order: each read-back's mapping is waited for and
   * copied out (which also says every op before it finished); a queue wait covers the rest.
   */
  private async complete(
    device: string,
    batch: readonly SpecGpuOp[],
    opts: RunOptions,
    name: (op: SpecOp) => string,
    issued: Map<string, Issued>,
    markDone: (id: string) => void,
  ): Promise<void> {
    const q = this.queues.get(device)!;
    const lane = this.waitLanes.get(device)!;
    let next = 0;
    for (let k = 0; k < batch.length; k++) {
      const op = batch[k]!;
      if (op.kind !== 'readback') continue;
      const staging = this.setup.staging.get(op.id)!;
      const copy = issued.get(op.id)!.gpu!;
      const args = { op: op.id, ...opts.args, readback: true };
      const { op: mapOp } = await this.rec.cpuAsync(lane, `${name(op)}: map`, 'sync', () => staging.mapAsync(GPUMapMode.READ, 0, op.bytes), args);
      this.rec.dep(copy, mapOp, 'host');
      const keep = opts.phase !== undefined && this.checkable.has(`${opts.phase}\n${op.id}`);
      const { value, op: readOp } = this.rec.cpu(this.main, `${name(op)}: read`, 'cpu', () => new Float32Array(staging.getMappedRange(0, op.bytes).slice(0)), {
        ...args,
        bytes: op.bytes,
      });
      staging.unmap();
      this.rec.dep(copy, readOp, 'data');
      issued.get(op.id)!.read = readOp;
      if (keep) this.results.push({ phase: opts.phase!, op: op.id, iteration: opts.iteration ?? 0, data: value });
      for (; next <= k; next++) markDone(batch[next]!.id);
    }
    if (next < batch.length) {
      const last = issued.get(batch[batch.length - 1]!.id)!.gpu!;
      const { op: waitOp } = await this.rec.cpuAsync(lane, `wait ${device}`, 'sync', () => q.device.queue.onSubmittedWorkDone(), {
        queue: q.label,
        ...opts.args,
      });
      this.rec.dep(last, waitOp, 'host');
      for (; next < batch.length; next++) markDone(batch[next]!.id);
    }
  }

  /** A CPU op on the main thread: `sleep` blocks it for `ms`; `matmul` computes an N×N f32 product. */
  private runCpu(op: SpecCpu, name: string, opts: RunOptions): number {
    const args = { op: op.id, kind: 'cpu', work: op.work, ...opts.args };
    if (op.work === 'sleep') {
      const cell = new Int32Array(new SharedArrayBuffer(4));
      return this.rec.cpu(this.main, name, 'cpu', () => Atomics.wait(cell, 0, 0, op.ms!), { ...args, ms: op.ms! }).op;
    }
    const { a, b, c } = this.setup.cpuInputs.get(op.id)!;
    const n = op.n!;
    return this.rec.cpu(this.main, name, 'cpu', () => cpuMatmul(a, b, c, n), { ...args, n }).op;
  }

  /** One check per (phase, read-back) that has a CPU reference. */
  checks(): { checks: CorrectnessCheck[]; unchecked: string[] } {
    const checks: CorrectnessCheck[] = [];
    const unchecked: string[] = [];
    for (const phase of this.spec.phases) {
      for (const id of phase.ops) {
        const op = this.byId.get(id)!;
        if (op.kind !== 'readback') continue;
        const m = this.checkable.get(`${phase.name}\n${id}`);
        if (!m) {
          unchecked.push(`'${phase.name}': readback '${id}' of buffer '${op.buffer}'`);
          continue;
        }
        const results = this.results.filter((r) => r.phase === phase.name && r.op === id);
        const nm = `'${phase.name}': readback '${id}' equals ${m.a}·${m.b} (matmul '${m.id}'; sampled, float64 reference)`;
        const a = this.setup.host.get(m.a)!;
        const b = this.setup.host.get(m.b)!;
        const parts = results.map((r, i) =>
          checkMatmulSamples(
            nm,
            a.subarray(0, m.n * m.n),
            b.subarray(0, m.n * m.n),
            r.data.subarray(0, m.n * m.n),
            m.n,
            i === results.length - 1 ? 64 : 8,
            i + 1,
          ),
        );
        checks.push({
          name: nm,
          passed: parts.length > 0 && parts.every((p) => p.passed),
          samples: parts.reduce((s, p) => s + p.samples, 0),
          maxAbsError: Math.max(0, ...parts.map((p) => p.maxAbsError)),
          maxRelError: Math.max(0, ...parts.map((p) => p.maxRelError)),
          tolerance: parts[0]?.tolerance ?? 'no result was read back',
        });
      }
    }
    return { checks, unchecked };
  }
}

function cpuMatmul(a: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      for (let j = 0; j < n; j++) c[i * n + j]! += aik * b[k * n + j]!;
    }
  }
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? s
  );
}

// ---- verdicts ----------------------------------------------------------------------------------

interface Resource {
  readonly name: string;
  readonly busy: Interval[];
}

/**
 * Per comparison: "together takes less than the sum of separate", with what ran at the same time
 * in the together phase as the why. Per phase whose ops use two or more resources (devices, the
 * host's CPU ops): whether they really ran at the same time. A file with neither gets one verdict
 * on how busy the GPU was in its first GPU phase.
 */
export function judgeUserExperiment(trace: Trace, spec: UserExperimentSpec, deviceLanes: ReadonlyMap<string, string>): Verdict[] {
  const byId = new Map(spec.ops.map((o) => [o.id, o]));
  const window = (name: string) => trace.phases.find((p) => p.name === name)!;
  const wallMs = (name: string) => (window(name).end - window(name).start) / 1e6;
  const resources = (phaseName: string): Resource[] => {
    const phase = spec.phases.find((p) => p.name === phaseName)!;
    const w = window(phaseName);
    const ops = phase.ops.map((id) => byId.get(id)!);
    const out: Resource[] = [];
    for (const d of spec.devices) {
      if (!ops.some((o) => isGpuOp(o) && o.device === d.id)) continue;
      const lane = deviceLanes.get(d.id)!;
      out.push({
        name: `device '${d.id}'`,
        busy: busyIn(
          trace.ops.filter((o) => o.laneId === lane && (o.kind === 'compute' || o.kind === 'transfer')),
          w,
        ),
      });
    }
    if (ops.some((o) => o.kind === 'cpu')) {
      out.push({
        name: 'the CPU ops',
        busy: busyIn(
          trace.ops.filter((o) => o.args?.['kind'] === 'cpu' && o.args?.['work'] !== undefined),
          w,
        ),
      });
    }
    return out;
  };
  const pairs = (rs: readonly Resource[]) => {
    const out: { a: Resource; b: Resource; ms: number }[] = [];
    for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) out.push({ a: rs[i]!, b: rs[j]!, ms: overlapMs(rs[i]!.busy, rs[j]!.busy) });
    return out;
  };
  const busyText = (rs: readonly Resource[]) => rs.map((r) => `${r.name} busy ${fmtMs(busyMs(r.busy))} ms`).join(', ');
  const pairText = (ps: ReturnType<typeof pairs>) => ps.map((p) => `${p.a.name} and ${p.b.name} overlapped ${fmtMs(p.ms)} ms`).join('; ');
  const software = trace.meta?.adapters.some((a) => a.isFallback) ?? false;
  const sharedAdapter = /ONE adapter|share that GPU/.test(trace.meta?.topology ?? '');

  const verdicts: Verdict[] = [];
  for (const c of spec.compare) {
    const rs = resources(c.together);
    const ps = pairs(rs);
    const t = { separate: c.separate.map((name) => ({ name, wallMs: wallMs(name) })), together: { name: c.together, wallMs: wallMs(c.together) } };
    const reasons = [`in '${c.together}': ${busyText(rs)}${ps.length > 0 ? `; ${pairText(ps)}` : ''}`];
    if (speedupOf(t) <= 1 + SPEEDUP_NOISE) {
      const devices = rs.filter((r) => r.name.startsWith('device')).length;
      if (sharedAdapter && devices > 1) reasons.push('the devices share one adapter, so their queues time-share one GPU');
      if (software)
        reasons.push(
          `the adapter is a software renderer on the host CPU${rs.some((r) => !r.name.startsWith('device')) ? ', so GPU work and the CPU ops share the same cores' : ''}`,
        );
    }
    verdicts.push(totalVsSumVerdict(t, `Why: ${reasons.join('; ')}.`));
  }
  for (const phase of spec.phases) {
    const rs = resources(phase.name);
    if (rs.length < 2) continue;
    const ps = pairs(rs);
    const best = ps.reduce(
      (x, p) =>
        p.ms / Math.max(1e-9, Math.min(busyMs(p.a.busy), busyMs(p.b.busy))) > x.ratio
          ? { p, ratio: p.ms / Math.max(1e-9, Math.min(busyMs(p.a.busy), busyMs(p.b.busy))) }
          : x,
      { p: ps[0]!, ratio: -1 },
    );
    verdicts.push({
      claim: `In '${phase.name}' ${rs.length === 2 ? `${rs[0]!.name} and ${rs[1]!.name}` : `at least two of ${rs.map((r) => r.name).join(', ')}`} ran at the same time`,
      holds: best.p.ms > 0 && best.ratio > 0.1,
      evidence: `${busyText(rs)} in the ${fmtMs(wallMs(phase.name))} ms phase; ${pairText(ps)} (holds at 10% of the shorter or more).`,
    });
  }
  if (verdicts.length === 0) {
    const phase = spec.phases.find((p) => resources(p.name).some((r) => r.name.startsWith('device')));
    if (phase) {
      const gpu = resources(phase.name).filter((r) => r.name.startsWith('device'));
      const wall = wallMs(phase.name);
      const busy = Math.max(...gpu.map((r) => busyMs(r.busy)));
      verdicts.push({
        claim: `In '${phase.name}' the GPU was busy most of the time`,
        holds: busy > 0.5 * wall,
        evidence: `${busyText(gpu)} in the ${fmtMs(wall)} ms phase (holds above 50%); the rest is the host encoding, submitting and waiting.`,
      });
    }
  }
  return verdicts;
}
