/**
 * The chapter's exercise 5 (演習 5): design a task with richer data dependencies and check that
 * the results stay correct while performance improves. The task is the chapter's closing figure:
 * a two-layer MLP y = W2·relu(W1·x) trained data-parallel on two GPUs and the CPU.
 *
 * Each step: both devices hold the same weights and one H×H half of the batch (H samples each);
 * each runs forward (Z = W1·X, A = relu(Z), Y = W2·A), the loss gradient dY = (Y − T)/B (B = 2H), and
 * backward (gW2 = dY·Aᵀ, dA = W2ᵀ·dY, dZ = dA ⊙ [Z > 0], gW1 = dZ·Xᵀ); the host reads both
 * devices' gradients back, sums them (CPU), updates its float64 master weights (CPU) and uploads
 * them to both devices (writeBuffer). Two schedules, each a phase:
 * - 'serialized': one stage at a time, device 1 then device 2, with a wait after each;
 * - 'dependency-driven': every op issued as soon as its inputs are ready: both devices' work is
 *   submitted before any wait, gW2 is read back (its own submit) while the device still computes
 *   gW1, and the host sums each gradient as soon as both devices' copies arrived.
 * Every data dependency is a recorded edge (matmul → relu → matmul → …, gradient → read-back →
 * host sum → update → upload → the next step's matmul), so the critical path follows them.
 * Both schedules' final weights are checked against the same steps done in float64 on the CPU.
 */
import { Recorder, type GpuQueue, type TimedCommandBuffer } from '../recorder.js';
import { selectAdapters } from '../dawn.js';
import { checkMatrixFits, createMatmul, type MatmulKernel } from '../workloads/matmul.js';
import {
  compareWeights,
  createMlpKernels,
  mlpProblem,
  mlpProblemReference,
  MLP_REL_TOLERANCE,
  transpose32,
  type MlpElementwiseOp,
  type MlpKernels,
  type MlpProblem,
} from '../workloads/mlp.js';
import { checkParams, createMatrix, openDevices, readMatrix, throwIfCancelled, waitQueue } from './common.js';
import { experimentHeader, withVerdicts, type Experiment } from './types.js';
import { EX5_DEPENDENCY_GRAPH, EX5_DEPENDENCY_GRAPH_PHASES } from './catalog.js';
import { busyMs, fmtMs, meanDurMs, overlapMs, SPEEDUP_NOISE } from './verdicts.js';
import { union, type Interval } from '../../core/analysis/intervals.js';
import { clipTrace } from '../../core/analysis/window.js';
import { computeStats } from '../../core/analysis/stats.js';
import type { CorrectnessCheck, Op, Phase, Trace, Verdict } from '../../core/model.js';

const { serialized: SER, driven: DRV } = EX5_DEPENDENCY_GRAPH_PHASES;

/** What an op does in the step, in `args.role`: the judge's categories of the critical path. */
export type Ex5Role = 'compute' | 'readback' | 'exchange' | 'upload' | 'issue' | 'wait';

type Mat = 'W1' | 'W2' | 'X' | 'Xt' | 'T' | 'Z' | 'A' | 'Y' | 'dY' | 'At' | 'W2t' | 'dA' | 'dZ' | 'gW1' | 'gW2';
type GpuKey = 'fwd1' | 'relu' | 'fwd2' | 'loss' | 'trA' | 'gW2' | 'trW2' | 'dA' | 'reluB' | 'gW1';
type CopyKey = 'cpW2' | 'cpW1';
type Key = GpuKey | CopyKey;
type Weight = 'W1' | 'W2';
type Grad = 'gW1' | 'gW2';

interface GpuOpSpec {
  readonly name: string;
  /** matmul (a, b, out) or an element-wise kernel (a, b, out). */
  readonly kernel: 'matmul' | MlpElementwiseOp;
  readonly io: readonly [Mat, Mat, Mat];
  /** The ops of the same device whose outputs it reads. */
  readonly after: readonly GpuKey[];
  /** The weight it reads, uploaded by the host. */
  readonly weight?: Weight;
}

const GPU_OPS: Readonly<Record<GpuKey, GpuOpSpec>> = {
  fwd1: { name: 'matmul Z = W1·X', kernel: 'matmul', io: ['W1', 'X', 'Z'], after: [], weight: 'W1' },
  relu: { name: 'relu A = relu(Z)', kernel: 'relu', io: ['Z', 'Z', 'A'], after: ['fwd1'] },
  fwd2: { name: 'matmul Y = W2·A', kernel: 'matmul', io: ['W2', 'A', 'Y'], after: ['relu'], weight: 'W2' },
  loss: { name: 'loss gradient dY = (Y − T)/B', kernel: 'loss_grad', io: ['Y', 'T', 'dY'], after: ['fwd2'] },
  trA: { name: 'transpose Aᵀ', kernel: 'transpose', io: ['A', 'A', 'At'], after: ['relu'] },
  gW2: { name: 'matmul gW2 = dY·Aᵀ', kernel: 'matmul', io: ['dY', 'At', 'gW2'], after: ['loss', 'trA'] },
  trW2: { name: 'transpose W2ᵀ', kernel: 'transpose', io: ['W2', 'W2', 'W2t'], after: [], weight: 'W2' },
  dA: { name: 'matmul dA = W2ᵀ·dY', kernel: 'matmul', io: ['W2t', 'dY', 'dA'], after: ['trW2', 'loss'] },
  reluB: { name: 'relu backward dZ = dA ⊙ [Z > 0]', kernel: 'relu_backward', io: ['dA', 'Z', 'dZ'], after: ['dA', 'fwd1'] },
  gW1: { name: 'matmul gW1 = dZ·Xᵀ', kernel: 'matmul', io: ['dZ', 'Xt', 'gW1'], after: ['reluB'] },
};
const COPIES: Readonly<Record<CopyKey, Grad>> = { cpW2: 'gW2', cpW1: 'gW1' };

/** The serialized schedule's stages, each run on device 1, waited for, then on device 2. */
const STAGES: readonly (readonly [string, readonly Key[]])[] = [
  ['forward', ['fwd1', 'relu', 'fwd2']],
  ['loss gradient', ['loss']],
  ['backward', ['trA', 'gW2', 'trW2', 'dA', 'reluB', 'gW1']],
  ['read-back', ['cpW2', 'cpW1']],
];
/** The dependency-driven schedule's two submits per device: gW2 and its read-back first, so its copy-out can start while gW1 computes. */
const DRIVEN_A: readonly Key[] = ['fwd1', 'relu', 'fwd2', 'loss', 'trA', 'gW2', 'cpW2'];
const DRIVEN_B: readonly Key[] = ['trW2', 'dA', 'reluB', 'gW1', 'cpW1'];

interface Dev {
  readonly q: GpuQueue;
  readonly mm: MatmulKernel;
  readonly ew: MlpKernels;
  readonly buf: Readonly<Record<Mat, GPUBuffer>>;
  readonly staging: Readonly<Record<Grad, GPUBuffer>>;
  readonly groups: Readonly<Record<GpuKey, GPUBindGroup>>;
  /** The host's last upload of each weight to this device in the current phase: the next reader depends on it. */
  uploaded: Partial<Record<Weight, number>>;
}

interface Arrived {
  readonly value: Float32Array;
  readonly op: number;
}

export const ex5DependencyGraph: Experiment = {
  ...EX5_DEPENDENCY_GRAPH,
  async run(ctx) {
    const { size: h, reps } = ctx.params;
    checkParams(h, reps);
    const entries = await selectAdapters(ctx.params.adapter);
    const rec = new Recorder(ctx.recorder);
    try {
      const { devices, topology } = await openDevices(entries, 2, ['gpu1', 'gpu2']);
      const main = rec.cpuLane('main thread');
      const queues = devices.map((d, i) => rec.addQueue(d, `GPU${i + 1}: ${d.info.name} (${d.info.backend})`));
      for (const q of queues) checkMatrixFits(q.device, q.label, h);
      const bytes = h * h * 4;
      const total = 2 * reps + 2;
      let done = 0;
      const progress = (phase: string) => ctx.onProgress({ phase, done: ++done, total });
      ctx.onProgress({ phase: 'set-up', done: 0, total });

      const p: MlpProblem = mlpProblem(h, 2);
      const t0 = performance.now();
      const ref = mlpProblemReference(p, reps);
      const referenceMs = performance.now() - t0;
      const batch = 2 * h;
      const devs: Dev[] = queues.map((q, d) => {
        const x = p.xs[d]!;
        const data: Partial<Record<Mat, Float32Array>> = { W1: p.w1, W2: p.w2, X: x, Xt: transpose32(x, h), T: p.ts[d]! };
        const names: Mat[] = ['W1', 'W2', 'X', 'Xt', 'T', 'Z', 'A', 'Y', 'dY', 'At', 'W2t', 'dA', 'dZ', 'gW1', 'gW2'];
        const buf = Object.fromEntries(names.map((m) => [m, createMatrix(rec, q, main, `${m} (${q.label})`, h, data[m])])) as Record<Mat, GPUBuffer>;
        const mm = createMatmul(q.device, h);
        const ew = createMlpKernels(q.device, h, 1 / batch);
        const groups = Object.fromEntries(
          (Object.keys(GPU_OPS) as GpuKey[]).map((k) => {
            const [a, b, o] = GPU_OPS[k].io;
            return [k, GPU_OPS[k].kernel === 'matmul' ? mm.bind(buf[a], buf[b], buf[o]) : ew.bind(buf[a], buf[b], buf[o])];
          }),
        ) as Record<GpuKey, GPUBindGroup>;
        const staging = {
          gW1: q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: `staging gW1 (${q.label})` }),
          gW2: q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: `staging gW2 (${q.label})` }),
        };
        return { q, mm, ew, buf, staging, groups, uploaded: {} };
      });
      await rec.wait(Promise.all(queues.map((q) => q.device.queue.onSubmittedWorkDone())));

      // The host's float64 master weights; reset before each schedule.
      const master: Record<Weight, Float64Array> = { W1: Float64Array.from(p.w1), W2: Float64Array.from(p.w2) };

      /** Encodes `keys` on one device as one command buffer, recording every data dependency among them. */
      const encode = (dev: Dev, keys: readonly Key[], label: string, ids: Partial<Record<Key, number>>, step: number): TimedCommandBuffer => {
        const { value: cb } = rec.cpu(
          main,
          `encode ${label} (${dev.q.label})`,
          'cpu',
          () => {
            const enc = rec.encoder(dev.q, `${label} (${dev.q.label})`);
            for (const k of keys) {
              if (k === 'cpW2' || k === 'cpW1') {
                const g = COPIES[k];
                ids[k] = enc.copy(`read-back ${g}`, dev.buf[g], 0, dev.staging[g], 0, bytes, { role: 'readback', step });
                continue;
              }
              const spec = GPU_OPS[k];
              const { pass, op } = enc.computePass(spec.name, {
                role: 'compute',
                step,
                n: h,
                ...(spec.kernel === 'matmul' ? { kernel: dev.mm.variant.name } : {}),
              });
              if (spec.kernel === 'matmul') dev.mm.dispatch(pass, dev.groups[k]);
              else dev.ew.dispatch(pass, spec.kernel, dev.groups[k]);
              pass.end();
              ids[k] = op;
            }
            return enc.finish();
          },
          { role: 'issue', ops: keys.length },
        );
        for (const k of keys) {
          const to = ids[k]!;
          const from = k === 'cpW2' ? ['gW2' as const] : k === 'cpW1' ? ['gW1' as const] : GPU_OPS[k].after;
          for (const f of from) {
            const id = ids[f];
            if (id === undefined) throw new Error(`'${k}' was encoded before its input '${f}'`);
            rec.dep(id, to, 'data');
          }
          const w = k === 'cpW2' || k === 'cpW1' ? undefined : GPU_OPS[k].weight;
          const up = w ? dev.uploaded[w] : undefined;
          if (up !== undefined) rec.dep(up, to, 'data');
        }
        return cb;
      };

      /** Submits; the command buffer's first GPU op cannot start before the submit: a launch edge. */
      const submit = (dev: Dev, cb: TimedCommandBuffer, label: string) => {
        const op = rec.submit(main, [cb], `submit ${label} (${dev.q.label})`);
        const first = cb.ops[0];
        if (first !== undefined) rec.dep(op, first, 'launch');
        return op;
      };

      /** Waits for a gradient's staging buffer (mapped by `mapping`, started earlier or now) and copies it out. */
      const arrive = async (dev: Dev, g: Grad, copyOp: number, mapping: Promise<undefined>): Promise<Arrived> => {
        const { op: mapOp } = await rec.cpuAsync(main, `map ${g} (${dev.q.label})`, 'sync', () => mapping, { role: 'readback' });
        rec.dep(copyOp, mapOp, 'host');
        const staging = dev.staging[g];
        const { value, op } = rec.cpu(main, `copy-out ${g} (${dev.q.label})`, 'cpu', () => new Float32Array(staging.getMappedRange().slice(0)), {
          role: 'readback',
          bytes,
        });
        rec.dep(copyOp, op, 'data');
        staging.unmap();
        return { value, op };
      };
      const startMap = (dev: Dev, g: Grad): Promise<undefined> => {
        const m = dev.staging[g].mapAsync(GPUMapMode.READ);
        m.catch(() => undefined); // awaited later; a rejection then is the error, not an unhandled one
        return m;
      };

      /** The host's part of the step for one weight: sum both devices' gradients, update the master, upload to each device. */
      const exchange = (w: Weight, got: readonly Arrived[], step: number, afterEachUpload?: (dev: Dev, op: number) => void): void => {
        const n2 = h * h;
        const { value: g, op: sumOp } = rec.cpu(
          main,
          `sum g${w}`,
          'cpu',
          () => {
            const s = new Float64Array(n2);
            for (const a of got) for (let i = 0; i < n2; i++) s[i]! += a.value[i]!;
            return s;
          },
          { role: 'exchange', step },
        );
        for (const a of got) rec.dep(a.op, sumOp, 'data');
        const m = master[w];
        const { value: w32, op: updOp } = rec.cpu(
          main,
          `update ${w}`,
          'cpu',
          () => {
            for (let i = 0; i < n2; i++) m[i]! -= p.lr * g[i]!;
            return Float32Array.from(m);
          },
          { role: 'exchange', step, lr: p.lr },
        );
        rec.dep(sumOp, updOp, 'data');
        for (const dev of devs) {
          const { op } = rec.cpu(main, `upload ${w} (${dev.q.label})`, 'transfer', () => dev.q.device.queue.writeBuffer(dev.buf[w], 0, w32), {
            role: 'upload',
            bytes,
            step,
          });
          rec.dep(updOp, op, 'data');
          dev.uploaded[w] = op;
          afterEachUpload?.(dev, op);
        }
      };

      const serializedStep = async (step: number) => {
        const ids = devs.map(() => ({}) as Partial<Record<Key, number>>);
        const got: Record<Grad, Arrived[]> = { gW1: [], gW2: [] };
        for (const [stage, keys] of STAGES) {
          for (const [d, dev] of devs.entries()) {
            const cb = encode(dev, keys, `${SER} ${stage}`, ids[d]!, step);
            submit(dev, cb, `${SER} ${stage}`);
            if (stage !== 'read-back') {
              const { op } = await rec.cpuAsync(main, `wait ${stage} (${dev.q.label})`, 'sync', () => dev.q.device.queue.onSubmittedWorkDone(), {
                role: 'wait',
                queue: dev.q.label,
              });
              rec.dep(cb.ops[cb.ops.length - 1]!, op, 'host');
            } else {
              for (const [k, g] of [
                ['cpW2', 'gW2'],
                ['cpW1', 'gW1'],
              ] as const)
                got[g].push(await arrive(dev, g, ids[d]![k]!, startMap(dev, g)));
            }
          }
        }
        const uploads = new Map<Dev, number[]>();
        const note = (dev: Dev, op: number) => uploads.set(dev, [...(uploads.get(dev) ?? []), op]);
        exchange('W2', got.gW2, step, note);
        exchange('W1', got.gW1, step, note);
        for (const dev of devs) {
          const { op } = await rec.cpuAsync(main, `wait upload (${dev.q.label})`, 'sync', () => dev.q.device.queue.onSubmittedWorkDone(), {
            role: 'wait',
            queue: dev.q.label,
          });
          for (const u of uploads.get(dev) ?? []) rec.dep(u, op, 'host');
        }
      };

      const drivenStep = async (step: number, last: boolean) => {
        const ids = devs.map(() => ({}) as Partial<Record<Key, number>>);
        const maps = devs.map(() => ({}) as Partial<Record<Grad, Promise<undefined>>>);
        for (const [d, dev] of devs.entries()) {
          submit(dev, encode(dev, DRIVEN_A, `${DRV} forward + gW2`, ids[d]!, step), `${DRV} forward + gW2`);
          maps[d]!.gW2 = startMap(dev, 'gW2');
        }
        for (const [d, dev] of devs.entries()) {
          submit(dev, encode(dev, DRIVEN_B, `${DRV} gW1`, ids[d]!, step), `${DRV} gW1`);
          maps[d]!.gW1 = startMap(dev, 'gW1');
        }
        // gW2 is ready first on both devices: its exchange and upload run while gW1 still computes.
        const gW2: Arrived[] = [];
        for (const [d, dev] of devs.entries()) gW2.push(await arrive(dev, 'gW2', ids[d]!.cpW2!, maps[d]!.gW2!));
        exchange('W2', gW2, step);
        const gW1: Arrived[] = [];
        for (const [d, dev] of devs.entries()) gW1.push(await arrive(dev, 'gW1', ids[d]!.cpW1!, maps[d]!.gW1!));
        exchange('W1', gW1, step);
        if (last) {
          // The phase ends when the last uploads have landed, as the serialized one does.
          for (const dev of devs) {
            const { op } = await rec.cpuAsync(main, `wait upload (${dev.q.label})`, 'sync', () => dev.q.device.queue.onSubmittedWorkDone(), {
              role: 'wait',
              queue: dev.q.label,
            });
            for (const w of ['W1', 'W2'] as const) if (dev.uploaded[w] !== undefined) rec.dep(dev.uploaded[w], op, 'host');
          }
        }
      };

      /** Back to the initial weights on the host and both devices (outside the timed phases). */
      const reset = async () => {
        master.W1 = Float64Array.from(p.w1);
        master.W2 = Float64Array.from(p.w2);
        for (const dev of devs) {
          dev.uploaded = {};
          rec.cpu(main, `reset weights (${dev.q.label})`, 'cpu', () => {
            dev.q.device.queue.writeBuffer(dev.buf.W1, 0, p.w1);
            dev.q.device.queue.writeBuffer(dev.buf.W2, 0, p.w2);
          });
          await waitQueue(rec, dev.q, main, [], `reset (${dev.q.label})`);
        }
      };

      const checks: CorrectnessCheck[] = [];
      const check = async (phase: string) => {
        const steps = `${reps} step${reps === 1 ? '' : 's'}`;
        for (const w of ['W1', 'W2'] as const) {
          const c = compareWeights(master[w], ref[w === 'W1' ? 'w1' : 'w2'], w === 'W1' ? p.w1 : p.w2);
          checks.push({
            name: `'${phase}': ${w} after ${steps} vs the same steps in float64 on the CPU`,
            passed: c.passed,
            samples: h * h,
            maxAbsError: c.maxAbsError,
            maxRelError: c.maxRelError,
            tolerance:
              `|W − W_ref| ≤ ${MLP_REL_TOLERANCE} × max|W_ref − W_0| (the largest update, ${c.maxUpdate.toPrecision(3)}); maxRelError is the error as that share. ` +
              `The master weights are float64 on both sides, so only the f32 gradients differ: chains of f32 dot products of length H = ${h}, off by about u·√H of their Σ|terms| (u = 2⁻²⁴), ` +
              `orders of magnitude under the bound; a wrong transpose, relu mask or a device's missing gradient is off by a sizeable share of the update. No unit's pre-activation is near 0, so f32 cannot flip a relu.`,
          });
        }
        // The uploads: both devices must hold exactly the host's weights rounded to f32.
        let maxAbs = 0;
        for (const dev of devs) {
          for (const w of ['W1', 'W2'] as const) {
            const got = await readMatrix(rec, dev.q, main, dev.buf[w], h, `${w} (${dev.q.label}) after '${phase}'`);
            const want = Float32Array.from(master[w]);
            for (let i = 0; i < want.length; i++) maxAbs = Math.max(maxAbs, Number.isNaN(got[i]!) ? Number.MAX_VALUE : Math.abs(got[i]! - want[i]!));
          }
        }
        checks.push({
          name: `'${phase}': W1 and W2 on both devices equal the host's weights`,
          passed: maxAbs === 0,
          samples: 4 * h * h,
          maxAbsError: maxAbs,
          maxRelError: 0,
          tolerance: 'exact: each device holds the upload of the host float64 master weights rounded to f32',
        });
      };

      await rec.calibrate('start');
      rec.beginRun();
      // Warm-up: one step of each schedule (pipelines, first dispatches, first maps), then back to the start.
      await serializedStep(-1);
      progress('warm-up');
      await drivenStep(-1, true);
      progress('warm-up');
      throwIfCancelled(ctx);

      await reset();
      await rec.phase(SER, async () => {
        for (let s = 0; s < reps; s++) {
          await serializedStep(s);
          progress(SER);
          throwIfCancelled(ctx);
        }
      });
      await check(SER);

      await reset();
      await rec.phase(DRV, async () => {
        for (let s = 0; s < reps; s++) {
          await drivenStep(s, s === reps - 1);
          progress(DRV);
          throwIfCancelled(ctx);
        }
      });
      await check(DRV);
      rec.endRun();
      await rec.calibrate('end');

      const trace = await rec.finish({
        experiment: experimentHeader(ex5DependencyGraph, ctx.params, { batch, lr: p.lr, loss0: ref.losses[0] ?? 0 }),
        topology,
        checks,
        verdicts: [],
        comparisons: [{ separate: [SER], together: DRV }],
        notes: [
          `matmul kernel ${devs[0]!.mm.variant.name}; H = ${h}: W1, W2 ${h}×${h}; a batch of ${batch} samples, ${h} on each device (square shards, so every matmul is ${h}×${h}×${h}); ` +
            `loss = mean ½‖y − t‖², learning rate ${p.lr}; the host keeps float64 master weights and uploads them rounded to f32`,
          `per step and device: 5 matmuls, relu, loss gradient, relu backward, 2 transposes, 2 read-backs; on the host: 2 sums, 2 updates, 4 uploads`,
          `'${SER}': forward, loss gradient, backward and read-back each on gpu1, waited for, then on gpu2; then sum, update, upload and a wait per device`,
          `'${DRV}': per device one submit up to gW2 and its read-back, one for the rest; the host maps gW2 while gW1 computes, sums each gradient once both devices' copies arrived, and waits only at the end`,
          `the float64 reference (${10 * reps} products of ${h}×${h}×${h} on the host, before the run) took ${referenceMs.toFixed(0)} ms; its loss step by step: ${ref.losses.map((l) => l.toPrecision(6)).join(', ')}`,
        ],
      });
      return withVerdicts(trace, judgeDependencyGraph(trace));
    } finally {
      rec.destroy();
    }
  },
};

// ---- judging ---------------------------------------------------------------------------------

const wallMs = (p: Phase) => (p.end - p.start) / 1e6;
const ratio = (a: number, b: number) => a / Math.max(b, 1e-9);
const times = (x: number) => `${x.toFixed(2)}×`;
const pct = (a: number, b: number) => `${b > 0 ? ((100 * a) / b).toFixed(0) : '0'}%`;

/** An op belongs to the phase its midpoint lies in: robust to the calibration's µs-scale error at the edges. */
function opsIn(trace: Trace, p: Phase, pred: (o: Op) => boolean): Op[] {
  return trace.ops.filter((o) => pred(o) && o.start + o.dur / 2 >= p.start && o.start + o.dur / 2 <= p.end);
}

function intervals(ops: readonly Op[]): Interval[] {
  return union(ops.map((o) => ({ start: o.start, end: o.start + o.dur })));
}

const sumMs = (ops: readonly Op[]) => ops.reduce((s, o) => s + o.dur, 0) / 1e6;

/** The role the recorder gave an op, or one inferred from its kind and lane for ops without one (submits). */
function roleOf(o: Op, gpuLanes: ReadonlySet<string>): Ex5Role {
  const r = o.args?.['role'];
  if (r === 'compute' || r === 'readback' || r === 'exchange' || r === 'upload' || r === 'issue' || r === 'wait') return r;
  if (o.kind === 'compute') return 'compute';
  if (o.kind === 'transfer') return gpuLanes.has(o.laneId) ? 'readback' : 'upload';
  if (o.kind === 'sync') return 'wait';
  return 'issue';
}

const ROLE_WORDS: Readonly<Record<Ex5Role, string>> = {
  compute: 'GPU compute',
  readback: "the gradients' read-back (copy, map, copy-out)",
  exchange: "the host's gradient sum and weight update",
  upload: 'the weight uploads',
  issue: 'encoding and submitting',
  wait: 'host waits for the GPU',
};

/** Exercise 5's three verdicts, read from the finished trace's timestamps, phases, checks and dependency edges. */
export function judgeDependencyGraph(trace: Trace): Verdict[] {
  const phase = (name: string) => {
    const p = trace.phases.find((x) => x.name === name);
    if (!p) throw new Error(`the trace has no phase '${name}'`);
    return p;
  };
  const [ser, drv] = [phase(SER), phase(DRV)];
  return [speedupVerdict(trace, ser, drv), correctnessVerdict(trace), criticalPathVerdict(trace, drv)];
}

function speedupVerdict(trace: Trace, ser: Phase, drv: Phase): Verdict {
  const gpuLanes = trace.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id);
  const gpuSet = new Set(gpuLanes);
  const role = (r: Ex5Role) => (o: Op) => roleOf(o, gpuSet) === r;
  const [ws, wd] = [wallMs(ser), wallMs(drv)];
  const speedup = ratio(ws, wd);
  const holds = speedup > 1 + SPEEDUP_NOISE;
  const [cS, cD] = [opsIn(trace, ser, role('compute')), opsIn(trace, drv, role('compute'))];
  const slow = ratio(meanDurMs(cD), meanDurMs(cS));
  const perLane = gpuLanes.map((l) => intervals(cD.filter((o) => o.laneId === l)));
  const both = perLane.length >= 2 ? overlapMs(perLane[0]!, perLane[1]!) : 0;
  const shorter = perLane.length >= 2 ? Math.min(busyMs(perLane[0]!), busyMs(perLane[1]!)) : 0;
  // A device's read-back copy or the host's copy-out while the OTHER device computes.
  const readD = opsIn(trace, drv, role('readback'));
  let hidden = 0;
  for (const [i, lane] of gpuLanes.entries()) {
    const other = perLane[1 - i];
    if (other) hidden += overlapMs(intervals(readD.filter((o) => o.laneId === lane)), other);
  }
  const waitOps = (p: Phase) => opsIn(trace, p, (o) => o.kind === 'sync' && !gpuSet.has(o.laneId));
  const [waitS, waitD] = [waitOps(ser), waitOps(drv)];
  const hostWork = (p: Phase) => sumMs(opsIn(trace, p, (o) => role('exchange')(o) || role('upload')(o) || (role('readback')(o) && o.kind === 'cpu')));
  const [hostS, hostD] = [hostWork(ser), hostWork(drv)];
  const adapters = trace.meta?.adapters ?? [];
  const sameAdapter = gpuLanes.length >= 2 && adapters.length < gpuLanes.length;
  const software = adapters.some((a) => a.isFallback === true || a.architecture === 'software');
  const perOp = `mean GPU op ${fmtMs(meanDurMs(cD))} vs ${fmtMs(meanDurMs(cS))} ms`;
  let why: string;
  if (holds) {
    // Only the gains that happened are named: an overlap of 0 ms is not a reason.
    const gains = [`cut the host's waiting from ${fmtMs(sumMs(waitS))} ms in ${waitS.length} waits to ${fmtMs(sumMs(waitD))} ms in ${waitD.length}`];
    if (both > 0) gains.push(`let both devices compute at once for ${fmtMs(both)} ms`);
    if (hidden > 0) gains.push(`hid ${fmtMs(hidden)} ms of read-back behind the other device's compute`);
    why =
      `Why: issuing each op as soon as its inputs were ready ${gains.length > 1 ? `${gains.slice(0, -1).join(', ')} and ${gains[gains.length - 1]}` : gains[0]}` +
      (slow > 1 + SPEEDUP_NOISE ? `, although each GPU op took ${times(slow)} as long (${perOp})` : '') +
      '.';
  } else if (sameAdapter && both > 0.1 * shorter && slow > 1 + SPEEDUP_NOISE) {
    why = `Why: both devices are on one adapter, which time-slices between them: run at once, each GPU op took ${times(slow)} as long (${perOp}), which ate what the overlap gained.`;
  } else if (hostD > 0.5 * wd) {
    why =
      `Why: the host's share of the step — copy-outs, gradient sums, updates and uploads, ${fmtMs(hostD)} ms of the ${fmtMs(wd)} ms — runs on one thread in both schedules ` +
      `(${fmtMs(hostS)} ms in '${SER}'): it bounds the step, and the schedule cannot overlap it with itself.`;
  } else if (sumMs(waitS) - sumMs(waitD) < 0.1 * ws) {
    why = `Why: the waits the serialized schedule paid (${fmtMs(sumMs(waitS))} ms in ${waitS.length} waits) were small next to the step, so removing them gained little.`;
  } else {
    why = `Why: the devices overlapped for only ${fmtMs(both)} ms of the shorter queue's ${fmtMs(shorter)} ms compute (${perOp}).`;
  }
  if (software) why += ' The adapter is a software renderer: both "GPUs" and the host share the host\'s CPU cores.';
  return {
    claim: `'${DRV}' is faster than '${SER}'`,
    holds,
    evidence:
      `Walls: '${SER}' ${fmtMs(ws)} ms, '${DRV}' ${fmtMs(wd)} ms: speedup ${times(speedup)} (holds above ${(1 + SPEEDUP_NOISE).toFixed(2)}×). ` +
      `In '${DRV}' the two GPUs computed at the same time for ${fmtMs(both)} ms (${pct(both, shorter)} of the shorter queue's ${fmtMs(shorter)} ms), read-back overlapped the other device's compute for ${fmtMs(hidden)} ms; ` +
      `host waits ${fmtMs(sumMs(waitS))} ms (${waitS.length}) vs ${fmtMs(sumMs(waitD))} ms (${waitD.length}); host exchange work ${fmtMs(hostS)} vs ${fmtMs(hostD)} ms; ${perOp} (${times(slow)}). ${why}`,
  };
}

function correctnessVerdict(trace: Trace): Verdict {
  const checks = trace.meta?.checks ?? [];
  const of = (p: string) => checks.filter((c) => c.name.startsWith(`'${p}'`));
  const parts = [SER, DRV].map((p) => {
    const cs = of(p);
    const passed = cs.filter((c) => c.passed).length;
    const weights = cs.filter((c) => c.name.includes('float64'));
    const rel = Math.max(0, ...weights.map((c) => c.maxRelError));
    const abs = Math.max(0, ...weights.map((c) => c.maxAbsError));
    const failed = cs.filter((c) => !c.passed).map((c) => c.name);
    return {
      ok: cs.length > 0 && passed === cs.length,
      text:
        `'${p}': ${passed} of ${cs.length} checks passed, the weights' largest error ${rel.toExponential(2)} of the largest update (max abs ${abs.toExponential(2)})` +
        (failed.length > 0 ? `; failed: ${failed.join('; ')}` : ''),
    };
  });
  const holds = parts.every((x) => x.ok);
  return {
    claim: `Both schedules computed the same, correct weights`,
    holds,
    evidence:
      `${parts.map((x) => x.text).join('; ')}. Held to ${MLP_REL_TOLERANCE} of the largest update against the same steps in float64 on the CPU, and the devices' weights to exact equality with the host's. ` +
      (holds
        ? 'Issuing ops as soon as their inputs were ready broke no data dependency.'
        : 'A schedule that fails here ran an op before its inputs were ready, or lost a gradient.'),
  };
}

/**
 * The trace without the host's waits (sync ops on CPU lanes), ops renumbered and edges remapped.
 * A wait is not work: its length is the GPU work it waits for, and with it in place the host's
 * lane — encode, submit, wait, copy-out, … back to back — is always the longest path. Without it
 * the path goes through the GPU ops the wait stood for (submit → GPU ops → read-back → copy-out).
 */
export function withoutHostWaits(trace: Trace): Trace {
  const cpuLanes = new Set(trace.lanes.filter((l) => l.kind === 'cpu').map((l) => l.id));
  const newId = new Int32Array(trace.ops.length).fill(-1);
  const ops: Op[] = [];
  for (const o of trace.ops) {
    if (o.kind === 'sync' && cpuLanes.has(o.laneId)) continue;
    newId[o.id] = ops.length;
    ops.push({ ...o, id: ops.length });
  }
  const deps = trace.deps.flatMap((d) => {
    const [from, to] = [newId[d.from] ?? -1, newId[d.to] ?? -1];
    return from >= 0 && to >= 0 ? [{ ...d, from, to }] : [];
  });
  return { ...trace, ops, deps };
}

function criticalPathVerdict(trace: Trace, drv: Phase): Verdict {
  const clipped = withoutHostWaits(clipTrace(trace, { start: drv.start, end: drv.end }));
  const stats = computeStats(clipped, { file: DRV, format: 'parascope', events: clipped.ops.length, warnings: 0, warningSamples: [] });
  const gpuSet = new Set(clipped.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id));
  const byRole = new Map<Ex5Role, number>();
  const lanes = new Set<string>();
  for (const s of stats.criticalPath.path) {
    const op = clipped.ops[s.id];
    if (!op) continue;
    lanes.add(op.laneId);
    const r = roleOf(op, gpuSet);
    byRole.set(r, (byRole.get(r) ?? 0) + s.durMs);
  }
  const len = stats.criticalPath.lengthMs;
  const wd = wallMs(drv);
  const share = (r: Ex5Role) => byRole.get(r) ?? 0;
  const ranked = [...byRole.entries()].sort((a, b) => b[1] - a[1]);
  const [topRole, topMs] = ranked[0] ?? ['compute', 0];
  const exchangeMs = share('readback') + share('exchange') + share('upload');
  const laneNames = clipped.lanes.filter((l) => lanes.has(l.id)).map((l) => l.name);
  const holds = share('compute') >= exchangeMs;
  const breakdown = ranked.map(([r, ms]) => `${ROLE_WORDS[r]} ${fmtMs(ms)} ms (${pct(ms, len)})`).join(', ');
  return {
    claim: `The critical path of '${DRV}' is bounded by GPU compute rather than by the gradient exchange over the host`,
    holds,
    evidence:
      `Critical path (longest path through the data dependencies and each lane's order, within the phase, the host's waits left out: a wait stands for the GPU work it waits for) ${fmtMs(len)} ms of the phase's ${fmtMs(wd)} ms wall (${pct(len, wd)}), ` +
      `${stats.criticalPath.ops} ops on ${lanes.size} lane(s) (${laneNames.join(', ')}): ${breakdown}. ` +
      `What bounds the step: ${ROLE_WORDS[topRole]} ${topRole === 'exchange' || topRole === 'upload' ? 'are' : 'is'} ${pct(topMs, len)} of the critical path; ` +
      `the exchange over the host (read-back, sum + update, upload) is ${pct(exchangeMs, len)} against GPU compute's ${pct(share('compute'), len)}.`,
  };
}
