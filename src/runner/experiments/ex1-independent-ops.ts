/**
 * The chapter's exercise 1 (演習 1): `run` performs ops with no dependencies between them; does
 * the framework run them in parallel automatically?
 *
 * K independent matmuls (K = R; each writes its own output) are arranged four ways, each a phase:
 * - 'one at a time': each submitted alone and waited for before the next (no chance to overlap);
 * - 'one submit': all K in one command buffer, one compute pass each, one submit, one wait;
 * - 'one pass': all K dispatches inside ONE compute pass, timed as one GPU op;
 * - 'two devices': K/2 on each of two devices, both submitted before waiting.
 * The GPU timestamps, not the arrangement, say whether the intervals overlapped. WebGPU has
 * timestamps only at pass boundaries, so overlap inside 'one pass' is invisible: only the pass's
 * total is measured, and compared with the K separate passes.
 */
import { Recorder, type GpuQueue } from '../recorder.js';
import { RecorderError } from '../errors.js';
import { selectAdapters } from '../dawn.js';
import { checkMatrixFits, createMatmul, type MatmulKernel } from '../workloads/matmul.js';
import { uniformMatrix } from '../workloads/random.js';
import { checkMatmulSamples } from '../workloads/reference.js';
import { checkParams, createMatrix, matmulArgs, openDevices, readMatrix, submitMatmuls, throwIfCancelled, waitQueue } from './common.js';
import { experimentHeader, withVerdicts, type Experiment } from './types.js';
import { EX1_INDEPENDENT_OPS, EX1_INDEPENDENT_OPS_PHASES } from './catalog.js';
import { busyMs, fmtMs, meanDurMs, overlapMs, SPEEDUP_NOISE } from './verdicts.js';
import { union, type Interval } from '../../core/analysis/intervals.js';
import type { CorrectnessCheck, Op, Phase, Trace, Verdict } from '../../core/model.js';

const { alone: ALONE, submit: SUBMIT, pass: PASS, devices: DEVICES } = EX1_INDEPENDENT_OPS_PHASES;
const WARM_UP = 5;
/**
 * Every arrangement multiplies its own input (its own seed), so a result left in an output
 * buffer by an earlier arrangement or by the warm-up fails the later arrangement's check.
 */
const SEED = { warm: 1, [ALONE]: 2, [SUBMIT]: 3, [PASS]: 4, [DEVICES]: 5 } as const;
type Arrangement = keyof typeof SEED;

export const ex1IndependentOps: Experiment = {
  ...EX1_INDEPENDENT_OPS,
  async run(ctx) {
    const { size: n, reps: k } = ctx.params;
    checkParams(n, k);
    if (k < 2)
      throw new RecorderError('bad-parameter', `${EX1_INDEPENDENT_OPS.id} needs --reps of at least 2 (K independent matmuls, K/2 on each device), got ${k}`);
    const entries = await selectAdapters(ctx.params.adapter);
    const rec = new Recorder(ctx.recorder);
    try {
      const { devices, topology } = await openDevices(entries, 2, ['gpu1', 'gpu2']);
      const main = rec.cpuLane('main thread');
      const [q1, q2] = devices.map((d, i) => rec.addQueue(d, `GPU${i + 1}: ${d.info.name} (${d.info.backend})`)) as [GpuQueue, GpuQueue];
      const total = 4 * k;
      let done = 0;
      const progress = (phase: string, m: number) => ctx.onProgress({ phase, done: (done += m), total });
      ctx.onProgress({ phase: 'set-up', done: 0, total });

      for (const q of [q1, q2]) checkMatrixFits(q.device, q.label, n); // before generating N² numbers on the host
      // 'two devices' splits the same K matmuls: ⌈K/2⌉ on GPU1, ⌊K/2⌋ on GPU2.
      const half1 = Math.ceil(k / 2);
      const half2 = k - half1;
      const kernel1 = createMatmul(q1.device, n);
      const kernel2 = createMatmul(q2.device, n);
      const input = (q: GpuQueue, a: Arrangement) => createMatrix(rec, q, main, `x ${a} (${q.label})`, n, uniformMatrix(n, SEED[a]));
      const x1 = Object.fromEntries((Object.keys(SEED) as Arrangement[]).map((a) => [a, input(q1, a)])) as Record<Arrangement, GPUBuffer>;
      const x2 = { warm: input(q2, 'warm'), [DEVICES]: input(q2, DEVICES) };
      // One output per matmul; the arrangements run one after another, so they share the outputs.
      const ys1 = Array.from({ length: k }, (_, i) => createMatrix(rec, q1, main, `y[${i}] (gpu1)`, n));
      const ys2 = Array.from({ length: half2 }, (_, i) => createMatrix(rec, q2, main, `y[${i}] (gpu2)`, n));
      const groups1 = (a: Arrangement, count: number) => ys1.slice(0, count).map((y) => kernel1.bind(x1[a], x1[a], y));
      const g = {
        warm1: groups1('warm', Math.min(k, WARM_UP)),
        warm2: ys2.slice(0, Math.min(half2, WARM_UP)).map((y) => kernel2.bind(x2.warm, x2.warm, y)),
        [ALONE]: groups1(ALONE, k),
        [SUBMIT]: groups1(SUBMIT, k),
        [PASS]: groups1(PASS, k),
        devices1: groups1(DEVICES, half1),
        devices2: ys2.map((y) => kernel2.bind(x2[DEVICES], x2[DEVICES], y)),
      };
      await rec.wait(Promise.all([q1, q2].map((q) => q.device.queue.onSubmittedWorkDone())));

      await rec.calibrate('start');
      rec.beginRun();
      // Warm-up: a few matmuls on each device, as the chapter does, so caches and clocks settle.
      for (const [q, kernel, groups] of [
        [q1, kernel1, g.warm1],
        [q2, kernel2, g.warm2],
      ] as const) {
        const ops = submitMatmuls(rec, q, main, kernel, groups, 'warm-up');
        await waitQueue(rec, q, main, ops, `warm-up ${q.label}`);
      }
      throwIfCancelled(ctx);

      const checks: CorrectnessCheck[] = [];
      const check = async (a: Arrangement, q: GpuQueue, y: GPUBuffer, name: string) => {
        const x = uniformMatrix(n, SEED[a]);
        const got = await readMatrix(rec, q, main, y, n, name);
        checks.push(checkMatmulSamples(`'${a}': ${name} = x·x, sampled against float64 on the CPU`, x, x, got, n));
      };

      await rec.phase(ALONE, async () => {
        for (let i = 0; i < k; i++) {
          const ops = submitMatmuls(rec, q1, main, kernel1, [g[ALONE][i]!], ALONE, i, ` y[${i}]`);
          await waitQueue(rec, q1, main, ops, `${ALONE} y[${i}]`);
          progress(ALONE, 1);
          throwIfCancelled(ctx);
        }
      });
      // Correctness, outside the timed phases, before the next arrangement overwrites the outputs.
      await check(ALONE, q1, ys1[k - 1]!, `y[${k - 1}]`);

      await rec.phase(SUBMIT, async () => {
        const ops = submitMatmuls(rec, q1, main, kernel1, g[SUBMIT], SUBMIT);
        await waitQueue(rec, q1, main, ops, SUBMIT);
      });
      progress(SUBMIT, k);
      await check(SUBMIT, q1, ys1[k - 1]!, `y[${k - 1}]`);
      throwIfCancelled(ctx);

      await rec.phase(PASS, async () => {
        const op = submitOnePass(rec, q1, main, kernel1, g[PASS], `${k} matmuls in one pass`);
        await waitQueue(rec, q1, main, [op], PASS);
      });
      progress(PASS, k);
      await check(PASS, q1, ys1[k - 1]!, `y[${k - 1}]`);
      throwIfCancelled(ctx);

      await rec.phase(DEVICES, async () => {
        const a = submitMatmuls(rec, q1, main, kernel1, g.devices1, DEVICES);
        const b = submitMatmuls(rec, q2, main, kernel2, g.devices2, DEVICES);
        await waitQueue(rec, q1, main, a, `${DEVICES} gpu1`);
        await waitQueue(rec, q2, main, b, `${DEVICES} gpu2`);
      });
      progress(DEVICES, k);
      await check(DEVICES, q1, ys1[half1 - 1]!, `y[${half1 - 1}] on gpu1`);
      await check(DEVICES, q2, ys2[half2 - 1]!, `y[${half2 - 1}] on gpu2`);
      rec.endRun();
      await rec.calibrate('end');

      const trace = await rec.finish({
        experiment: experimentHeader(ex1IndependentOps, ctx.params),
        topology,
        checks,
        verdicts: [],
        // Each comparison has one separate phase: its "sum" is that phase's wall time, so the speedup reads as old / new arrangement.
        comparisons: [
          { separate: [ALONE], together: SUBMIT },
          { separate: [SUBMIT], together: PASS },
          { separate: [SUBMIT], together: DEVICES },
        ],
        notes: [
          `matmul kernel ${kernel1.variant.name}; K = ${k} independent ${n}×${n} matmuls per arrangement, each writing its own output buffer; ` +
            'each arrangement multiplies its own input, so a result left over from an earlier one fails its check',
          `'${PASS}' is one compute pass holding all ${k} dispatches: WebGPU writes timestamps only at pass boundaries, so any overlap of dispatches inside the pass is invisible; only the pass's total is measured`,
          `'${DEVICES}': ${half1} matmuls on gpu1 and ${half2} on gpu2, both submitted before either is waited for`,
        ],
      });
      return withVerdicts(trace, judgeIndependentOps(trace));
    } finally {
      rec.destroy();
    }
  },
};

/** All dispatches in ONE timed compute pass: one GPU op whose args say how many matmuls it holds. */
function submitOnePass(rec: Recorder, q: GpuQueue, cpuLane: string, kernel: MatmulKernel, groups: readonly GPUBindGroup[], name: string): number {
  const { value: cb } = rec.cpu(
    cpuLane,
    `encode ${name}`,
    'cpu',
    () => {
      const enc = rec.encoder(q, name);
      const { pass } = enc.computePass(name, { matmuls: groups.length, ...matmulArgs(kernel, groups.length) });
      for (const group of groups) kernel.dispatch(pass, group);
      pass.end();
      return enc.finish();
    },
    { ops: groups.length },
  );
  rec.submit(cpuLane, [cb], `submit ${name}`);
  return cb.ops[0]!;
}

// ---- judging ---------------------------------------------------------------------------------

const wallMs = (p: Phase) => (p.end - p.start) / 1e6;
const ratio = (a: number, b: number) => a / Math.max(b, 1e-9);
const times = (x: number) => `${x.toFixed(2)}×`;

/** An op belongs to the phase its midpoint lies in: robust to the calibration's µs-scale error at the edges. */
function computeIn(trace: Trace, p: Phase): Op[] {
  return trace.ops.filter((o) => o.kind === 'compute' && o.start + o.dur / 2 >= p.start && o.start + o.dur / 2 <= p.end);
}

function intervals(ops: readonly Op[]): Interval[] {
  return union(ops.map((o) => ({ start: o.start, end: o.start + o.dur })));
}

/** How a set of GPU intervals lie against each other: summed, united, spanned. */
function spread(ops: readonly Op[]) {
  const sorted = [...ops].sort((a, b) => a.start - b.start);
  const sumMs = sorted.reduce((s, o) => s + o.dur, 0) / 1e6;
  const busy = busyMs(intervals(sorted));
  const first = sorted[0];
  const spanMs = first ? (Math.max(...sorted.map((o) => o.start + o.dur)) - first.start) / 1e6 : 0;
  // Ops that began before every earlier one had ended: the overlaps, counted per op.
  let early = 0;
  let lastEnd = -Infinity;
  for (const o of sorted) {
    if (o.start < lastEnd) early++;
    lastEnd = Math.max(lastEnd, o.start + o.dur);
  }
  return {
    count: sorted.length,
    sumMs,
    busyMs: busy,
    spanMs,
    parallelism: ratio(sumMs, busy),
    early,
    gapMs: sorted.length > 1 ? (spanMs - busy) / (sorted.length - 1) : 0,
  };
}

/** Exercise 1's four verdicts, read from the finished trace's timestamps and phases. */
export function judgeIndependentOps(trace: Trace): Verdict[] {
  const phase = (name: string) => {
    const p = trace.phases.find((x) => x.name === name);
    if (!p) throw new Error(`the trace has no phase '${name}'`);
    return p;
  };
  const [alone, submit, pass, devices] = [phase(ALONE), phase(SUBMIT), phase(PASS), phase(DEVICES)];
  const s = spread(computeIn(trace, submit));
  const adapters = trace.meta?.adapters ?? [];
  const software = adapters.some((a) => a.isFallback === true || a.architecture === 'software');
  return [
    submitOverlapVerdict(s),
    onePassVerdict(trace, s, submit, pass),
    twoDevicesVerdict(trace, submit, devices, adapters.length, software),
    submitVsAloneVerdict(trace, s, alone, submit),
  ];
}

type Spread = ReturnType<typeof spread>;

function submitOverlapVerdict(s: Spread): Verdict {
  const holds = s.count >= 2 && s.parallelism > 1 + SPEEDUP_NOISE;
  const overlap = Math.max(0, s.sumMs - s.busyMs);
  const why = holds
    ? `Why: the queue began ${s.early} pass(es) while an earlier one was still running: nothing kept these independent passes apart.`
    : s.count < 2
      ? `Why: the phase has ${s.count} matmul(s) on the GPU: nothing to overlap.`
      : overlap <= 0.01 * s.busyMs
        ? `Why: passes on one queue run one after another: the GPU intervals touch but do not overlap (mean gap between consecutive passes ${fmtMs(s.gapMs)} ms).`
        : `Why: passes on one queue ran essentially one after another: they overlapped for only ${fmtMs(overlap)} ms of ${fmtMs(s.busyMs)} ms busy.`;
  return {
    claim: `In '${SUBMIT}' the ${s.count} matmuls' GPU intervals overlapped`,
    holds,
    evidence:
      `GPU timestamps of the ${s.count} passes: durations sum to ${fmtMs(s.sumMs)} ms, their union (busy) is ${fmtMs(s.busyMs)} ms, parallelism ${times(s.parallelism)} ` +
      `(holds above ${(1 + SPEEDUP_NOISE).toFixed(2)}×); ${s.early} of ${Math.max(0, s.count - 1)} later passes began before an earlier one ended, ${fmtMs(overlap)} ms counted twice. ${why}`,
  };
}

function onePassVerdict(trace: Trace, s: Spread, submit: Phase, pass: Phase): Verdict {
  const ops = computeIn(trace, pass);
  const passGpu = busyMs(intervals(ops));
  const declared = ops[0]?.args?.['matmuls'];
  const matmuls = ops.length === 1 && typeof declared === 'number' ? declared : s.count;
  const speedup = ratio(s.busyMs, passGpu);
  const holds = passGpu > 0 && speedup > 1 + SPEEDUP_NOISE;
  const per = (ms: number, count: number) => fmtMs(ratio(ms, Math.max(count, 1)));
  const why = holds
    ? `Why: the same matmuls took ${fmtMs(s.busyMs - passGpu)} ms less GPU time in one pass, ${per(s.busyMs - passGpu, matmuls)} ms per matmul: either the GPU overlapped dispatches that no pass boundary separated, or a per-pass cost went away; the pass's total cannot tell which.`
    : `Why: ${matmuls} dispatches in one pass took ${per(passGpu, matmuls)} ms per matmul vs ${per(s.busyMs, s.count)} ms as separate passes: the GPU did not run them faster together (it did not overlap them, or each one already kept it busy).`;
  return {
    claim: `'${PASS}' is faster than '${SUBMIT}'`,
    holds,
    evidence:
      `GPU time: one pass of ${matmuls} matmul dispatches ${fmtMs(passGpu)} ms (${per(passGpu, matmuls)} ms per matmul) vs ${s.count} passes busy ${fmtMs(s.busyMs)} ms ` +
      `(${per(s.busyMs, s.count)} ms per matmul; first start to last end ${fmtMs(s.spanMs)} ms): ${times(speedup)} (holds above ${(1 + SPEEDUP_NOISE).toFixed(2)}×). ` +
      `Walls: '${PASS}' ${fmtMs(wallMs(pass))} ms, '${SUBMIT}' ${fmtMs(wallMs(submit))} ms. WebGPU has no timestamps inside a pass: only the pass's total is measured, not whether its dispatches overlapped. ${why}`,
  };
}

function twoDevicesVerdict(trace: Trace, submit: Phase, devices: Phase, adapterCount: number, software: boolean): Verdict {
  const ops = computeIn(trace, devices);
  const lanes = [...new Set(ops.map((o) => o.laneId))];
  const perLane = lanes.map((l) => ops.filter((o) => o.laneId === l));
  const busy = perLane.map((o) => intervals(o));
  const both = busy.length >= 2 ? overlapMs(busy[0]!, busy[1]!) : 0;
  const minBusy = busy.length >= 2 ? Math.min(busyMs(busy[0]!), busyMs(busy[1]!)) : 0;
  const overlapped = minBusy > 0 && both >= 0.1 * minBusy;
  const speedup = ratio(wallMs(submit), wallMs(devices));
  const faster = speedup > 1 + SPEEDUP_NOISE;
  const sameAdapter = lanes.length >= 2 && adapterCount < lanes.length;
  const slow = ratio(meanDurMs(ops), meanDurMs(computeIn(trace, submit)));
  const matmulTimes = `${fmtMs(meanDurMs(ops))} vs ${fmtMs(meanDurMs(computeIn(trace, submit)))} ms`;
  // Wall = GPU busy (either queue) + GPU idle: a gain can come from either.
  const busyD = busyMs(intervals(ops));
  const busyS = busyMs(intervals(computeIn(trace, submit)));
  const [idleD, idleS] = [Math.max(0, wallMs(devices) - busyD), Math.max(0, wallMs(submit) - busyS)];
  let why: string;
  if (lanes.length < 2) why = `Why: only ${lanes.length} queue(s) had GPU work in '${DEVICES}'.`;
  else if (!overlapped)
    why = `Why: the two queues' GPU intervals overlapped for only ${fmtMs(both)} ms of the shorter's ${fmtMs(minBusy)} ms: the work ran one queue after the other.`;
  else if (!faster) {
    why = sameAdapter
      ? `Why: both devices are on one adapter, which time-slices between them: each matmul took ${times(slow)} as long as in '${SUBMIT}' (${matmulTimes}), so running the halves at once gained nothing.`
      : `Why: the queues overlapped, but each matmul took ${times(slow)} as long as in '${SUBMIT}' (${matmulTimes}): the devices competed for a shared resource.`;
  } else {
    const gain =
      busyD >= busyS && idleD < idleS
        ? `the gain is idle time around the GPU work (encode, submit, wait) hidden behind the other queue's work, not faster matmuls`
        : `one queue alone left the GPU partly idle`;
    why = sameAdapter
      ? `Both devices are on one adapter, yet splitting the work was faster: ${gain} (each matmul took ${times(slow)} as long as in '${SUBMIT}', ${matmulTimes}).`
      : `The two adapters each ran their half at the same time (each matmul took ${times(slow)} as long as in '${SUBMIT}').`;
  }
  if (software) why += ' The adapter is a software renderer: both "GPUs" are the host\'s CPU cores.';
  return {
    claim: `'${DEVICES}' overlapped in time and was faster than '${SUBMIT}'`,
    holds: overlapped && faster,
    evidence:
      `GPU timestamps: ${perLane.map((o, i) => `queue ${i + 1} busy ${fmtMs(busyMs(busy[i]!))} ms (${o.length} matmuls)`).join(', ')}, both at once ${fmtMs(both)} ms ` +
      `(${minBusy > 0 ? ((100 * both) / minBusy).toFixed(0) : '0'}% of the shorter; overlapped at 10% or more). Walls: '${SUBMIT}' ${fmtMs(wallMs(submit))} ms, '${DEVICES}' ${fmtMs(wallMs(devices))} ms: ` +
      `speedup ${times(speedup)} (faster above ${(1 + SPEEDUP_NOISE).toFixed(2)}×); GPU busy on either queue ${fmtMs(busyD)} vs ${fmtMs(busyS)} ms, idle ${fmtMs(idleD)} vs ${fmtMs(idleS)} ms. ${why}`,
  };
}

function submitVsAloneVerdict(trace: Trace, s: Spread, alone: Phase, submit: Phase): Verdict {
  const a = spread(computeIn(trace, alone));
  const [wa, ws] = [wallMs(alone), wallMs(submit)];
  const speedup = ratio(wa, ws);
  const holds = speedup > 1 + SPEEDUP_NOISE;
  const idleA = Math.max(0, wa - a.busyMs);
  const idleS = Math.max(0, ws - s.busyMs);
  const perOp = (ms: number) => fmtMs(ratio(ms, Math.max(a.count, 1)));
  // The difference in wall time is exactly the difference in GPU idle plus the difference in GPU busy.
  let why: string;
  if (holds) {
    why =
      `Why: each matmul in '${ALONE}' paid its own submit and wait round trip: ${perOp(wa - ws)} ms per matmul more than in '${SUBMIT}', ` +
      `of which ${perOp(idleA - idleS)} ms more GPU idle and ${perOp(a.busyMs - s.busyMs)} ms more GPU busy.`;
  } else if (s.busyMs > (1 + SPEEDUP_NOISE) * a.busyMs) {
    why =
      `Why: the matmuls of '${SUBMIT}' took ${times(ratio(s.busyMs, a.busyMs))} the GPU time of those in '${ALONE}' (${fmtMs(ratio(s.sumMs, Math.max(s.count, 1)))} vs ${perOp(a.sumMs)} ms each), ` +
      `more than the round trips cost (${perOp(idleA - idleS)} ms more GPU idle per matmul in '${ALONE}').`;
  } else {
    why = `Why: the submit/wait round trip (${perOp(idleA)} ms of GPU idle time per matmul) is small next to a matmul (${perOp(a.sumMs)} ms each), so waiting after each costs little.`;
  }
  return {
    claim: `'${SUBMIT}' is faster than '${ALONE}'`,
    holds,
    evidence:
      `Walls: '${ALONE}' ${fmtMs(wa)} ms, '${SUBMIT}' ${fmtMs(ws)} ms: speedup ${times(speedup)} (holds above ${(1 + SPEEDUP_NOISE).toFixed(2)}×). ` +
      `GPU busy ${fmtMs(a.busyMs)} vs ${fmtMs(s.busyMs)} ms, GPU idle ${fmtMs(idleA)} vs ${fmtMs(idleS)} ms (${perOp(idleA)} vs ${perOp(idleS)} ms per matmul). ${why}`,
  };
}
