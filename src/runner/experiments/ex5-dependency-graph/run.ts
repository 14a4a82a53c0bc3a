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
import type { GpuQueue, TimedCommandBuffer } from '../../recorder.js';
import { checkMatrixFits, createMatmul, type MatmulKernel } from '../../workloads/matmul.js';
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
} from '../../workloads/mlp.js';
import { createMatrix, readMatrix, waitQueue } from '../gpu-steps.js';
import { runExperiment } from '../skeleton.js';
import { matmulFlop } from '../software-warning.js';
import type { Experiment } from '../types.js';
import { EX5_DEPENDENCY_GRAPH, EX5_DEPENDENCY_GRAPH_PHASES } from '../catalog.js';
import type { CorrectnessCheck } from '../../../core/model.js';
import { judgeDependencyGraph } from './judge.js';

const { serialized: SER, driven: DRV } = EX5_DEPENDENCY_GRAPH_PHASES;

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

export const ex5DependencyGraph: Experiment<'ex5-dependency-graph'> = {
  ...EX5_DEPENDENCY_GRAPH,
  run: (ctx) =>
    runExperiment(
      EX5_DEPENDENCY_GRAPH,
      ctx,
      {
        devices: 2,
        work: (size, reps, repeat) => matmulFlop(size) * (10 * reps * (2 * repeat + 1) + 20),
        total: (c, repeat) => 2 * c.params.reps * repeat + 2,
      },
      async ({ rec, main, queues, progress, cancelled, begin, rounds }) => {
        const { size: h, reps } = ctx.params;
        for (const q of queues) checkMatrixFits(q.device, q.label, h);
        const bytes = h * h * 4;

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

        await begin();
        // Warm-up: one step of each schedule (pipelines, first dispatches, first maps), then back to the start.
        await serializedStep(-1);
        progress('warm-up');
        await drivenStep(-1, true);
        progress('warm-up');
        cancelled();

        // K rounds of both schedules, each from the initial weights; the weight checks in round 1 (every round trains the same steps).
        await rounds(async (round) => {
          await reset();
          await rec.phase(SER, async () => {
            for (let s = 0; s < reps; s++) {
              await serializedStep(s);
              progress(SER);
              cancelled();
            }
          });
          if (round === 1) await check(SER);

          await reset();
          await rec.phase(DRV, async () => {
            for (let s = 0; s < reps; s++) {
              await drivenStep(s, s === reps - 1);
              progress(DRV);
              cancelled();
            }
          });
          if (round === 1) await check(DRV);
        });
        return {
          derived: { batch, lr: p.lr, loss0: ref.losses[0] ?? 0 },
          checks,
          comparisons: [{ separate: [SER], together: DRV }],
          notes: [
            `matmul kernel ${devs[0]!.mm.variant.name}; H = ${h}: W1, W2 ${h}×${h}; a batch of ${batch} samples, ${h} on each device (square shards, so every matmul is ${h}×${h}×${h}); ` +
              `loss = mean ½‖y − t‖², learning rate ${p.lr}; the host keeps float64 master weights and uploads them rounded to f32`,
            `per step and device: 5 matmuls, relu, loss gradient, relu backward, 2 transposes, 2 read-backs; on the host: 2 sums, 2 updates, 4 uploads`,
            `'${SER}': forward, loss gradient, backward and read-back each on gpu1, waited for, then on gpu2; then sum, update, upload and a wait per device`,
            `'${DRV}': per device one submit up to gW2 and its read-back, one for the rest; the host maps gW2 while gW1 computes, sums each gradient once both devices' copies arrived, and waits only at the end`,
            `the float64 reference (${10 * reps} products of ${h}×${h}×${h} on the host, before the run) took ${referenceMs.toFixed(0)} ms; its loss step by step: ${ref.losses.map((l) => l.toPrecision(6)).join(', ')}`,
          ],
          judge: judgeDependencyGraph,
        };
      },
    ),
};
