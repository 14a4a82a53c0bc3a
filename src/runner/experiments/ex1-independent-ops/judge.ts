/**
 * Exercise 1 judged from a finished trace: did the K passes of 'one submit' overlap, was one pass
 * faster, did two devices overlap and gain, did one submit beat one at a time — and why. Pure: a
 * function of the trace.
 */
import type { Op, Phase, Trace } from '../../../core/model.js';
import { EX1_INDEPENDENT_OPS_PHASES } from '../catalog.js';
import {
  busyMs,
  computeIn,
  fmtMs,
  type Finding,
  HOLDS_ABOVE,
  intervals,
  laneOverlap,
  meanDurMs,
  PAYS,
  pays,
  pct,
  phaseNamed,
  ratio,
  softwareAdapter,
  speedupMeasure,
  sumMs,
  times,
  wallMs,
} from '../judge-kit.js';

const { alone: ALONE, submit: SUBMIT, pass: PASS, devices: DEVICES } = EX1_INDEPENDENT_OPS_PHASES;

/** How a set of GPU intervals lie against each other: summed, united, spanned. */
function spread(ops: readonly Op[]) {
  const sorted = [...ops].sort((a, b) => a.start - b.start);
  const summed = sumMs(sorted);
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
    sumMs: summed,
    busyMs: busy,
    spanMs,
    parallelism: ratio(summed, busy),
    early,
    gapMs: sorted.length > 1 ? (spanMs - busy) / (sorted.length - 1) : 0,
  };
}

/** Exercise 1's four verdicts, read from the finished trace's timestamps and phases. */
export function judgeIndependentOps(trace: Trace): Finding[] {
  const [alone, submit, pass, devices] = [ALONE, SUBMIT, PASS, DEVICES].map((name) => phaseNamed(trace, name)) as [Phase, Phase, Phase, Phase];
  const s = spread(computeIn(trace, submit));
  const adapters = trace.meta?.adapters ?? [];
  const software = softwareAdapter(trace) !== undefined;
  return [
    submitOverlapVerdict(s),
    onePassVerdict(trace, s, submit, pass),
    twoDevicesVerdict(trace, submit, devices, adapters.length, software),
    submitVsAloneVerdict(trace, s, alone, submit),
  ];
}

type Spread = ReturnType<typeof spread>;

function submitOverlapVerdict(s: Spread): Finding {
  const holds = s.count >= 2 && pays(s.parallelism);
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
    polarity: 'good',
    // Fewer than two matmuls have nothing to overlap: parallelism 0, never above the threshold.
    measure: speedupMeasure(s.count >= 2 ? s.parallelism : 0, 'parallelism'),
    evidence:
      `GPU timestamps of the ${s.count} passes: durations sum to ${fmtMs(s.sumMs)} ms, their union (busy) is ${fmtMs(s.busyMs)} ms, parallelism ${times(s.parallelism)}; ` +
      `${s.early} of ${Math.max(0, s.count - 1)} later passes began before an earlier one ended, ${fmtMs(overlap)} ms counted twice. ${why}`,
  };
}

function onePassVerdict(trace: Trace, s: Spread, submit: Phase, pass: Phase): Finding {
  const ops = computeIn(trace, pass);
  const passGpu = busyMs(intervals(ops));
  const declared = ops[0]?.args?.['matmuls'];
  const matmuls = ops.length === 1 && typeof declared === 'number' ? declared : s.count;
  const speedup = ratio(s.busyMs, passGpu);
  const holds = passGpu > 0 && pays(speedup);
  const per = (ms: number, count: number) => fmtMs(ratio(ms, Math.max(count, 1)));
  const why = holds
    ? `Why: the same matmuls took ${fmtMs(s.busyMs - passGpu)} ms less GPU time in one pass, ${per(s.busyMs - passGpu, matmuls)} ms per matmul: either the GPU overlapped dispatches that no pass boundary separated, or a per-pass cost went away; the pass's total cannot tell which.`
    : `Why: ${matmuls} dispatches in one pass took ${per(passGpu, matmuls)} ms per matmul vs ${per(s.busyMs, s.count)} ms as separate passes: the GPU did not run them faster together (it did not overlap them, or each one already kept it busy).`;
  return {
    claim: `'${PASS}' is faster than '${SUBMIT}'`,
    holds,
    polarity: 'good',
    // No GPU time in the pass is no measurement: speedup 0, not the divide-by-nothing ratio.
    measure: speedupMeasure(passGpu > 0 ? speedup : 0, 'GPU-time speedup'),
    evidence:
      `GPU time: one pass of ${matmuls} matmul dispatches ${fmtMs(passGpu)} ms (${per(passGpu, matmuls)} ms per matmul) vs ${s.count} passes busy ${fmtMs(s.busyMs)} ms ` +
      `(${per(s.busyMs, s.count)} ms per matmul; first start to last end ${fmtMs(s.spanMs)} ms): ${times(speedup)}. ` +
      `Walls: '${PASS}' ${fmtMs(wallMs(pass))} ms, '${SUBMIT}' ${fmtMs(wallMs(submit))} ms. WebGPU has no timestamps inside a pass: only the pass's total is measured, not whether its dispatches overlapped. ${why}`,
  };
}

function twoDevicesVerdict(trace: Trace, submit: Phase, devices: Phase, adapterCount: number, software: boolean): Finding {
  const ops = computeIn(trace, devices);
  const lanes = [...new Set(ops.map((o) => o.laneId))];
  const perLane = lanes.map((l) => ops.filter((o) => o.laneId === l));
  const busy = perLane.map((o) => intervals(o));
  const o2 = laneOverlap(ops, lanes);
  const [both, minBusy, overlapped] = [o2?.bothMs ?? 0, o2?.shorterMs ?? 0, o2?.overlapped ?? false];
  const speedup = ratio(wallMs(submit), wallMs(devices));
  const faster = pays(speedup);
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
    polarity: 'good',
    evidence:
      `GPU timestamps: ${perLane.map((o, i) => `queue ${i + 1} busy ${fmtMs(busyMs(busy[i]!))} ms (${o.length} matmuls)`).join(', ')}, both at once ${fmtMs(both)} ms ` +
      `(${pct(both, minBusy)} of the shorter; overlapped at 10% or more). Walls: '${SUBMIT}' ${fmtMs(wallMs(submit))} ms, '${DEVICES}' ${fmtMs(wallMs(devices))} ms: ` +
      `speedup ${times(speedup)} (faster above ${HOLDS_ABOVE}); GPU busy on either queue ${fmtMs(busyD)} vs ${fmtMs(busyS)} ms, idle ${fmtMs(idleD)} vs ${fmtMs(idleS)} ms. ${why}`,
  };
}

function submitVsAloneVerdict(trace: Trace, s: Spread, alone: Phase, submit: Phase): Finding {
  const a = spread(computeIn(trace, alone));
  const [wa, ws] = [wallMs(alone), wallMs(submit)];
  const speedup = ratio(wa, ws);
  const holds = pays(speedup);
  const idleA = Math.max(0, wa - a.busyMs);
  const idleS = Math.max(0, ws - s.busyMs);
  const perOp = (ms: number) => fmtMs(ratio(ms, Math.max(a.count, 1)));
  // The difference in wall time is exactly the difference in GPU idle plus the difference in GPU busy.
  let why: string;
  if (holds) {
    why =
      `Why: each matmul in '${ALONE}' paid its own submit and wait round trip: ${perOp(wa - ws)} ms per matmul more than in '${SUBMIT}', ` +
      `of which ${perOp(idleA - idleS)} ms more GPU idle and ${perOp(a.busyMs - s.busyMs)} ms more GPU busy.`;
  } else if (s.busyMs > PAYS * a.busyMs) {
    why =
      `Why: the matmuls of '${SUBMIT}' took ${times(ratio(s.busyMs, a.busyMs))} the GPU time of those in '${ALONE}' (${fmtMs(ratio(s.sumMs, Math.max(s.count, 1)))} vs ${perOp(a.sumMs)} ms each), ` +
      `more than the round trips cost (${perOp(idleA - idleS)} ms more GPU idle per matmul in '${ALONE}').`;
  } else {
    why = `Why: the submit/wait round trip (${perOp(idleA)} ms of GPU idle time per matmul) is small next to a matmul (${perOp(a.sumMs)} ms each), so waiting after each costs little.`;
  }
  return {
    claim: `'${SUBMIT}' is faster than '${ALONE}'`,
    holds,
    polarity: 'good',
    measure: speedupMeasure(speedup),
    evidence:
      `Walls: '${ALONE}' ${fmtMs(wa)} ms, '${SUBMIT}' ${fmtMs(ws)} ms: speedup ${times(speedup)}. ` +
      `GPU busy ${fmtMs(a.busyMs)} vs ${fmtMs(s.busyMs)} ms, GPU idle ${fmtMs(idleA)} vs ${fmtMs(idleS)} ms (${perOp(idleA)} vs ${perOp(idleS)} ms per matmul). ${why}`,
  };
}
