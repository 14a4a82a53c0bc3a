/**
 * The chapter's §2 (並列計算と通信): compute R products on the GPU, copy them all to CPU memory,
 * then do both pipelined — y[i-1] is copied and read back while y[i] computes.
 *
 * In WebGPU a device has one queue, so a GPU copy and a GPU matmul of one device run one after
 * the other (FACTS: no overlap inside a queue). What can overlap is the GPU and the host: while
 * the GPU computes y[i], the CPU waits for the mapping of y[i-1] and copies it out of the mapped
 * range into a JS array. That is the overlap this experiment measures.
 */
import { Recorder } from '../recorder.js';
import { selectAdapters } from '../dawn.js';
import { checkMatrixFits, createMatmul } from '../workloads/matmul.js';
import { uniformMatrix } from '../workloads/random.js';
import {
  checkEveryProduct,
  checkParams,
  createMatrix,
  openDevices,
  readBackInto,
  submitCopy,
  submitMatmulAndCopy,
  submitMatmuls,
  throwIfCancelled,
  waitQueue,
} from './common.js';
import { experimentHeader, withVerdicts, type Experiment } from './types.js';
import { COMPUTE_COPY_DEPTH, SEED_COMPUTE_COPY, SEED_COMPUTE_COPY_PHASES } from './catalog.js';
import { busyIn, busyMs, fmtMs, overlapMs, SPEEDUP_NOISE, totalVsSumVerdict } from './verdicts.js';
import type { CorrectnessCheck, Op, Trace, Verdict } from '../../core/model.js';

const { run: RUN, copy: COPY, both: BOTH } = SEED_COMPUTE_COPY_PHASES;
const DEPTH = COMPUTE_COPY_DEPTH;
/** Staging buffers: DEPTH in flight + the one being read + one spare so a copy never targets a mapped buffer. */
const STAGING = DEPTH + 2;

export const seedComputeCopy: Experiment = {
  ...SEED_COMPUTE_COPY,
  async run(ctx) {
    const { size: n, reps } = ctx.params;
    checkParams(n, reps);
    const entries = await selectAdapters(ctx.params.adapter);
    const rec = new Recorder(ctx.recorder);
    try {
      const { devices, topology } = await openDevices(entries, 1, ['gpu1']);
      const main = rec.cpuLane('main thread');
      const q = rec.addQueue(devices[0]!, `GPU1: ${devices[0]!.info.name} (${devices[0]!.info.backend})`);
      const total = 3 * reps;
      let done = 0;
      const progress = (phase: string) => ctx.onProgress({ phase, done: ++done, total });
      ctx.onProgress({ phase: 'set-up', done: 0, total });
      const bytes = n * n * 4;

      checkMatrixFits(q.device, q.label, n); // before generating N² numbers on the host
      const xData = uniformMatrix(n, 1);
      const x = createMatrix(rec, q, main, 'x_gpu1', n, xData);
      const kernel = createMatmul(q.device, n);
      const ys = Array.from({ length: reps }, (_, r) => createMatrix(rec, q, main, `y[${r}]`, n));
      const groups = ys.map((y) => kernel.bind(x, x, y));
      const staging = Array.from({ length: Math.min(STAGING, reps + 1) }, (_, s) =>
        q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: `staging ${s}` }),
      );
      // Host memory for the results is allocated and touched up front: the phases time copying,
      // not allocation. Untouched pages fault on first write, and on an H200 that made the first
      // copy phase 5× slower than the second — a bias in favour of the chapter's claim.
      const yCpu = Array.from({ length: reps }, () => new Float32Array(n * n).fill(Number.NaN));
      await rec.wait(q.device.queue.onSubmittedWorkDone());

      await rec.calibrate('start');
      rec.beginRun();
      const warm = submitMatmuls(rec, q, main, kernel, groups.slice(0, Math.min(reps, 5)), 'warm-up');
      await waitQueue(rec, q, main, warm, 'warm-up');
      throwIfCancelled(ctx);

      const matmulOps = await rec.phase(RUN, async () => {
        const ops = submitMatmuls(rec, q, main, kernel, groups, 'y = x·x');
        await waitQueue(rec, q, main, ops, 'y = x·x');
        return ops;
      });
      for (let i = 0; i < reps; i++) progress(RUN);
      throwIfCancelled(ctx);

      await rec.phase(COPY, async () => {
        for (let i = 0; i < reps; i++) {
          const s = staging[i % staging.length]!;
          const copyOp = submitCopy(rec, q, main, ys[i]!, s, bytes, `copy y[${i}]`, { i });
          rec.dep(matmulOps[i]!, copyOp, 'data');
          await readBackInto(rec, main, s, copyOp, yCpu[i]!, `y[${i}]`, { i });
          progress(COPY);
          throwIfCancelled(ctx);
        }
      });
      const checks: CorrectnessCheck[] = [checkEveryProduct(`'${COPY}': every y[i] in CPU memory equals x·x (sampled, float64 reference)`, xData, yCpu, n)];
      for (const y of yCpu) y.fill(Number.NaN); // so the next phase must really write every result

      await rec.phase(BOTH, async () => {
        const copies: number[] = [];
        const drain = async (i: number) => {
          await readBackInto(rec, main, staging[i % staging.length]!, copies[i]!, yCpu[i]!, `y[${i}]`, { i });
          progress(BOTH);
        };
        for (let i = 0; i < reps; i++) {
          copies[i] = submitMatmulAndCopy(rec, q, main, kernel, groups[i]!, 'matmul y = x·x', i, ys[i]!, staging[i % staging.length]!, bytes);
          if (i >= DEPTH) await drain(i - DEPTH);
          throwIfCancelled(ctx);
        }
        for (let i = Math.max(0, reps - DEPTH); i < reps; i++) await drain(i);
      });
      checks.push(checkEveryProduct(`'${BOTH}': every y[i] in CPU memory equals x·x (sampled, float64 reference)`, xData, yCpu, n));
      rec.endRun();
      await rec.calibrate('end');

      const trace = await rec.finish({
        experiment: experimentHeader(seedComputeCopy, ctx.params),
        topology,
        checks,
        verdicts: [],
        comparisons: [{ separate: [RUN, COPY], together: BOTH }],
        notes: [
          `matmul kernel ${kernel.variant.name}; ${STAGING} staging buffers; ${DEPTH} products in flight in '${BOTH}'`,
          'WebGPU gives a device one queue: its copies and matmuls run one after the other on the GPU; the overlap measured is GPU work against host-side read-back.',
        ],
      });
      return withVerdicts(trace, judgeComputeCopy(trace));
    } finally {
      rec.destroy();
    }
  },
};

export function judgeComputeCopy(trace: Trace): Verdict[] {
  const phase = (name: string) => trace.phases.find((p) => p.name === name)!;
  const wall = (name: string) => ({ name, wallMs: (phase(name).end - phase(name).start) / 1e6 });
  const w = phase(BOTH);
  const ops = (pred: (o: Op) => boolean) => trace.ops.filter(pred);
  const compute = busyIn(
    ops((o) => o.kind === 'compute'),
    w,
  );
  const computeAlone = busyIn(
    ops((o) => o.kind === 'compute'),
    phase(RUN),
  );
  const gpuAll = busyIn(
    ops((o) => o.kind === 'compute' || o.kind === 'transfer'),
    w,
  );
  // The host's read-back work: copying out of mapped ranges. Map waits are the host idling.
  const copyOut = busyIn(
    ops((o) => o.args?.['readback'] === true && o.kind === 'cpu'),
    w,
  );
  const mapWait = busyIn(
    ops((o) => o.args?.['readback'] === true && o.kind === 'sync'),
    w,
  );
  const ov = overlapMs(compute, copyOut);
  const t = { separate: [wall(RUN), wall(COPY)], together: wall(BOTH) };
  const T = t.together.wallMs;
  const speedup = (t.separate[0]!.wallMs + t.separate[1]!.wallMs) / Math.max(T, 1e-9);
  const software = trace.meta?.adapters.some((a) => a.isFallback) ?? false;
  let why: string;
  if (speedup > 1 + SPEEDUP_NOISE) {
    why = `The host copied results out for ${fmtMs(busyMs(copyOut))} ms, ${fmtMs(ov)} ms of it while the GPU computed.`;
  } else {
    const reasons: string[] = [];
    if (busyMs(compute) > 1.1 * busyMs(computeAlone)) {
      reasons.push(
        `the matmuls took ${fmtMs(busyMs(compute))} ms together vs ${fmtMs(busyMs(computeAlone))} ms alone` +
          (software
            ? ' (this adapter is a software renderer on the host CPU: GPU work and host work share the same cores)'
            : ' (they competed with the host work for shared hardware)'),
      );
    }
    const idle = T - busyMs(gpuAll);
    if (idle > 0.1 * T) reasons.push(`the GPU queue was idle ${fmtMs(idle)} ms of the ${fmtMs(T)} ms phase, waiting for the host to submit more work`);
    if (t.separate[1]!.wallMs < 0.1 * t.separate[0]!.wallMs) reasons.push(`there was little to hide: '${COPY}' took only ${fmtMs(t.separate[1]!.wallMs)} ms`);
    if (reasons.length === 0) reasons.push(`the copy-out overlapped the GPU's compute for only ${fmtMs(ov)} ms`);
    if (software && !reasons.some((r) => r.includes('software')))
      reasons.push('the adapter is a software renderer on the host CPU, so the "GPU" and the host share the same cores');
    why = `Why: ${reasons.join('; ')}.`;
  }
  return [
    totalVsSumVerdict(t, why),
    {
      claim: `In '${BOTH}' the host copied results out while the GPU computed`,
      holds: ov > 0.1 * Math.min(busyMs(compute), busyMs(copyOut)) && ov > 0,
      evidence:
        `GPU compute busy ${fmtMs(busyMs(compute))} ms (compute + copies ${fmtMs(busyMs(gpuAll))} ms); host copy-out busy ${fmtMs(busyMs(copyOut))} ms, ` +
        `${fmtMs(ov)} ms of it during GPU compute (holds at 10% of the shorter or more); host waiting for mappings ${fmtMs(busyMs(mapWait))} ms.`,
    },
  ];
}
