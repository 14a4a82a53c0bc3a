/**
 * The chapter's §1 (並列計算): R matmuls of an N×N matrix on GPU1 alone, on GPU2 alone, then on
 * both without waiting in between. If the two queues are independent hardware, 'GPU1 & GPU2'
 * takes about as long as the slower one; if they share one GPU, about the sum.
 */
import { Recorder } from '../recorder.js';
import { selectAdapters } from '../dawn.js';
import { checkMatrixFits, createMatmul } from '../workloads/matmul.js';
import { uniformMatrix } from '../workloads/random.js';
import { checkMatmulSamples } from '../workloads/reference.js';
import { checkParams, createMatrix, openDevices, readMatrix, submitMatmuls, throwIfCancelled, waitQueue } from './common.js';
import { experimentHeader, withVerdicts, type Experiment } from './types.js';
import { SEED_PARALLEL, SEED_PARALLEL_PHASES } from './catalog.js';
import { busyIn, busyMs, fmtMs, meanDurMs, overlapMs, totalVsSumVerdict } from './verdicts.js';
import type { Trace, Verdict } from '../../core/model.js';

const { gpu1: P1, gpu2: P2, both: P12 } = SEED_PARALLEL_PHASES;

export const seedParallel: Experiment = {
  ...SEED_PARALLEL,
  async run(ctx) {
    const { size: n, reps } = ctx.params;
    checkParams(n, reps);
    const entries = await selectAdapters(ctx.params.adapter);
    const rec = new Recorder(ctx.recorder);
    try {
      const { devices, topology } = await openDevices(entries, 2, ['gpu1', 'gpu2']);
      const main = rec.cpuLane('main thread');
      const qs = devices.map((d, i) => rec.addQueue(d, `GPU${i + 1}: ${d.info.name} (${d.info.backend})`));
      const total = 4 * reps;
      let done = 0;
      const progress = (phase: string, k: number) => ctx.onProgress({ phase, done: (done += k), total });
      ctx.onProgress({ phase: 'set-up', done: 0, total });

      for (const q of qs) checkMatrixFits(q.device, q.label, n); // before generating N² numbers on the host
      const xs = qs.map((q, i) => createMatrix(rec, q, main, `x_gpu${i + 1}`, n, uniformMatrix(n, i + 1)));
      const kernels = qs.map((q) => createMatmul(q.device, n));
      // The chapter keeps all R results (`run` returns a list): one output buffer per product.
      const ys = qs.map((q, i) => Array.from({ length: reps }, (_, r) => createMatrix(rec, q, main, `y${i + 1}[${r}]`, n)));
      const groups = qs.map((_, i) => ys[i]!.map((y) => kernels[i]!.bind(xs[i]!, xs[i]!, y)));
      await rec.wait(Promise.all(qs.map((q) => q.device.queue.onSubmittedWorkDone())));

      await rec.calibrate('start');
      rec.beginRun();
      // Warm-up: one pass over each device, as the chapter does, so caches and clocks settle.
      for (let i = 0; i < 2; i++) {
        const ops = submitMatmuls(rec, qs[i]!, main, kernels[i]!, groups[i]!.slice(0, Math.min(reps, 5)), `warm-up gpu${i + 1}`);
        await waitQueue(rec, qs[i]!, main, ops, `warm-up gpu${i + 1}`);
      }
      throwIfCancelled(ctx);
      for (const [i, name] of [
        [0, P1],
        [1, P2],
      ] as const) {
        await rec.phase(name, async () => {
          const ops = submitMatmuls(rec, qs[i]!, main, kernels[i]!, groups[i]!, `gpu${i + 1}`);
          await waitQueue(rec, qs[i]!, main, ops, `gpu${i + 1}`);
        });
        progress(name, reps);
        throwIfCancelled(ctx);
      }
      await rec.phase(P12, async () => {
        const a = submitMatmuls(rec, qs[0]!, main, kernels[0]!, groups[0]!, 'gpu1');
        const b = submitMatmuls(rec, qs[1]!, main, kernels[1]!, groups[1]!, 'gpu2');
        await waitQueue(rec, qs[0]!, main, a, 'gpu1');
        await waitQueue(rec, qs[1]!, main, b, 'gpu2');
      });
      progress(P12, 2 * reps);

      // Correctness, outside the timed phases: the last product of each device.
      const checks = [];
      for (let i = 0; i < 2; i++) {
        const x = uniformMatrix(n, i + 1);
        const y = await readMatrix(rec, qs[i]!, main, ys[i]![reps - 1]!, n, `y${i + 1}[${reps - 1}]`);
        checks.push(checkMatmulSamples(`GPU${i + 1}: y = x·x, sampled against float64 on the CPU`, x, x, y, n));
      }
      rec.endRun();
      await rec.calibrate('end');

      const trace = await rec.finish({
        experiment: experimentHeader(seedParallel, ctx.params),
        topology,
        checks,
        verdicts: [],
        comparisons: [{ separate: [P1, P2], together: P12 }],
        notes: [`matmul kernel ${kernels[0]!.variant.name}; one compute pass per matmul, all R passes of a phase in one command buffer`],
      });
      return withVerdicts(trace, judgeParallel(trace, devices[0]!.info.name === devices[1]!.info.name));
    } finally {
      rec.destroy();
    }
  },
};

export function judgeParallel(trace: Trace, sameAdapter: boolean): Verdict[] {
  const wall = (name: string) => {
    const p = trace.phases.find((x) => x.name === name)!;
    return { name, wallMs: (p.end - p.start) / 1e6, window: { start: p.start, end: p.end } };
  };
  const [p1, p2, p12] = [wall(P1), wall(P2), wall(P12)];
  const lanes = trace.lanes.filter((l) => l.kind === 'gpu');
  const computeOn = (laneId: string, w: { start: number; end: number }) =>
    trace.ops.filter((o) => o.laneId === laneId && o.kind === 'compute' && o.start >= w.start && o.start + o.dur <= w.end);
  const alone = [computeOn(lanes[0]!.id, p1.window), computeOn(lanes[1]!.id, p2.window)];
  const together = [computeOn(lanes[0]!.id, p12.window), computeOn(lanes[1]!.id, p12.window)];
  const busyT = together.map((ops) => busyIn(ops, p12.window));
  const ov = overlapMs(busyT[0]!, busyT[1]!);
  const minBusy = Math.min(busyMs(busyT[0]!), busyMs(busyT[1]!));
  const slow = together.map((ops, i) => meanDurMs(ops) / Math.max(meanDurMs(alone[i]!), 1e-9));
  let why = '';
  const speedup = (p1.wallMs + p2.wallMs) / Math.max(p12.wallMs, 1e-9);
  if (speedup <= 1.05) {
    if (ov < 0.1 * minBusy) {
      why = `Why: the two queues' GPU intervals overlapped for only ${fmtMs(ov)} ms of ${fmtMs(minBusy)} ms: the work ran one queue after the other.`;
    } else {
      why =
        `Why: the queues' intervals overlapped for ${fmtMs(ov)} ms, but each matmul took ${slow[0]!.toFixed(2)}× / ${slow[1]!.toFixed(2)}× as long as when its GPU ran alone: ` +
        (sameAdapter
          ? 'both devices are on one GPU, which time-slices between them, so running them together gains nothing.'
          : 'the two devices competed for a shared resource.');
    }
  } else if (sameAdapter) {
    why = `Both devices are on one GPU, yet together was faster: each matmul alone left the GPU partly idle (per-matmul time together ${slow[0]!.toFixed(2)}× / ${slow[1]!.toFixed(2)}× of alone).`;
  }
  return [
    totalVsSumVerdict({ separate: [p1, p2], together: p12 }, why),
    {
      claim: `In '${P12}' both queues had GPU work in flight at the same time`,
      holds: ov >= 0.1 * minBusy && minBusy > 0,
      evidence:
        `GPU timestamps: queue 1 busy ${fmtMs(busyMs(busyT[0]!))} ms, queue 2 busy ${fmtMs(busyMs(busyT[1]!))} ms, both at once ${fmtMs(ov)} ms ` +
        `(${minBusy > 0 ? ((100 * ov) / minBusy).toFixed(0) : '0'}% of the shorter; holds at 10% or more). ` +
        `Mean matmul ${fmtMs(meanDurMs(together[0]!))} / ${fmtMs(meanDurMs(together[1]!))} ms together vs ${fmtMs(meanDurMs(alone[0]!))} / ${fmtMs(meanDurMs(alone[1]!))} ms alone.`,
    },
  ];
}
