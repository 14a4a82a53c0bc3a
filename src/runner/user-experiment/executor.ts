/**
 * Issues a user experiment's ops: a set of ops once, each as soon as its dependencies among them
 * are done (ready GPU ops of a device in one command buffer, then one ready CPU op), the host's
 * side of each submission (read-back maps and copy-outs, queue waits) on its device's wait lane;
 * and the correctness checks of the read-backs that have a CPU reference.
 */
import type { GpuQueue, Recorder } from '../recorder.js';
import { RecorderError } from '../errors.js';
import { checkMatmulSamples } from '../workloads/reference.js';
import { combineChecks, matmulArgs } from '../experiments/gpu-steps.js';
import type { ArgValue, CorrectnessCheck } from '../../core/model.js';
import { isGpuOp, type SpecCpu, type SpecGpuOp, type SpecMatmul, type SpecOp, type SpecReadback, type UserExperimentSpec } from './schema.js';
import type { UserRunContext } from './runner.js';
import type { Setup } from './setup.js';

export interface RunOptions {
  readonly phase?: string;
  readonly iteration?: number;
  readonly prefix?: string;
  readonly args: Record<string, ArgValue>;
  readonly onDone?: () => void;
  /** Keep read-backs for the correctness checks (default true); false in rounds after the first, which repeat the same work. */
  readonly keep?: boolean;
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

export class Executor {
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
    // What is issued and not finished, by name: a recording stopped by --timeout says which.
    const flying = new Set<string>();
    const tellFlying = () => this.ctx.onInFlight?.([...flying]);
    const markDone = (id: string) => {
      if (state.get(id) === 'done') return;
      state.set(id, 'done');
      if (flying.delete(name(this.byId.get(id)!))) tellFlying();
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
          flying.add(name(op));
          grew = true;
        }
      }
      if (batches.size > 0) tellFlying();
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
        flying.add(name(cpu));
        tellFlying();
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
      const keep = opts.keep !== false && opts.phase !== undefined && this.checkable.has(`${opts.phase}\n${op.id}`);
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
        checks.push(combineChecks(nm, parts, 'no result was read back'));
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
