/**
 * Exercise 4 measured and judged from a finished trace: each rated op's GFLOP/s or GB/s against the
 * peaks the trace's own microbenchmarks measured, how busy the queue kept, why it idled (waiting for
 * the host, on dependencies, other) and what to do about it. Pure: a function of the trace.
 */
import { idleTime, type IdleTimeResult } from '../../../core/analysis/idle-time.js';
import type { Op, Phase, Trace } from '../../../core/model.js';
import { formatBytes } from '../../../core/export/report-format.js';
import { EX4_EFFICIENCY_PHASES } from '../catalog.js';
import { fmtMs, judgeRounds, midpointIn, percent as pct, phaseNamed, type Finding } from '../judge-kit.js';
import { stateOf } from '../judge-rounds.js';
import { withNotes, withVerdicts } from '../trace-header.js';

const { fma: FMA, copy: COPY, workload: WORK } = EX4_EFFICIENCY_PHASES;

/** A rate at or above this % of the measured peak counts as efficient. */
export const PEAK_PCT = 50;
/** The GPU queue counts as kept busy at or above this % of the workload's wall time. */
export const BUSY_PCT = 80;
/** An idle cause worth advice: at least this % of the workload's wall time on one queue. */
export const ADVICE_PCT = 10;

const num = (o: Op, key: string): number | undefined => {
  const v = o.args?.[key];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
};
/** flops / ns = GFLOP/s; bytes / ns = GB/s. */
const rate = (amount: number, o: Op) => amount / o.dur;
/** Exercise 4 prints percentages finer than the kit's whole percent below 10% (e.g. '2.5%'): its own output, kept. */
const fmtPct = (p: number) => `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
const fmtRate = (r: number) => (r >= 100 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2));
const round4 = (x: number) => Number(x.toPrecision(4));
export const fmtFlop = (f: number): string => (f >= 1e9 ? `${(f / 1e9).toPrecision(3)} GFLOP` : `${(f / 1e6).toPrecision(3)} MFLOP`);

interface RateGroup {
  readonly ops: readonly Op[];
  /** Σ amount / Σ GPU time: the time-weighted rate. */
  readonly rate: number;
  readonly best: number;
  readonly amount: number;
  readonly durNs: number;
}

function rateGroup(ops: readonly Op[], key: 'flops' | 'bytesMoved'): RateGroup {
  const timed = ops.filter((o) => o.dur > 0 && num(o, key) !== undefined);
  const amount = timed.reduce((s, o) => s + num(o, key)!, 0);
  const durNs = timed.reduce((s, o) => s + o.dur, 0);
  const best = timed.reduce((m, o) => Math.max(m, rate(num(o, key)!, o)), 0);
  return { ops: timed, rate: durNs > 0 ? amount / durNs : 0, best, amount, durNs };
}

export interface EfficiencyMeasures {
  /** Best FMA pass, GFLOP/s. */
  readonly peakGflops: number;
  /** Best copy (copyBufferToBuffer or storage kernel), GB/s read + written. */
  readonly peakGbps: number;
  readonly fma: RateGroup;
  readonly copyB2B: RateGroup;
  readonly copyKernel: RateGroup;
  readonly matmuls: RateGroup;
  readonly copies: RateGroup;
  /** Idle gaps classified with the calibration's allowance: a cause may end up to `slackNs` after the gap and count. */
  readonly idle: IdleTimeResult;
  /** The same gaps classified by the timestamps alone (no allowance). */
  readonly idleStrict: IdleTimeResult;
  /** The allowance, ns: the largest calibration uncertainty plus its drift. */
  readonly slackNs: number;
  readonly workload: Phase;
}

/** The numbers the judge and the notes use, from the trace alone. */
export function measureEfficiency(trace: Trace): EfficiencyMeasures {
  const [pf, pc, w] = [phaseNamed(trace, FMA), phaseNamed(trace, COPY), phaseNamed(trace, WORK)];
  const gpuLanes = new Set(trace.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id));
  const gpu = trace.ops.filter((o) => gpuLanes.has(o.laneId));
  const fma = rateGroup(
    gpu.filter((o) => midpointIn(o, pf)),
    'flops',
  );
  const copyOps = gpu.filter((o) => midpointIn(o, pc));
  const copyB2B = rateGroup(
    copyOps.filter((o) => o.kind === 'transfer'),
    'bytesMoved',
  );
  const copyKernel = rateGroup(
    copyOps.filter((o) => o.kind !== 'transfer'),
    'bytesMoved',
  );
  const work = gpu.filter((o) => midpointIn(o, w));
  const matmuls = rateGroup(
    work.filter((o) => o.kind === 'compute'),
    'flops',
  );
  const copies = rateGroup(
    work.filter((o) => o.kind === 'transfer'),
    'bytesMoved',
  );
  // Host and GPU times agree only to the calibration's uncertainty: a submit may seem to end just after its work began.
  const slackNs = Math.max(0, ...(trace.meta?.calibration ?? []).map((c) => c.uncertaintyNs + Math.abs(c.driftNs ?? 0)));
  const laneIds = trace.lanes.filter((l) => l.kind === 'gpu' && work.some((o) => o.laneId === l.id)).map((l) => l.id);
  // Judged both ways, so that what the allowance adds is shown as a range, not folded in.
  const idle = idleTime(trace, { window: { start: w.start, end: w.end }, laneIds, edges: true, slackNs });
  const idleStrict = idleTime(trace, { window: { start: w.start, end: w.end }, laneIds, edges: true, slackNs: 0 });
  return {
    peakGflops: fma.best,
    peakGbps: Math.max(copyB2B.best, copyKernel.best),
    fma,
    copyB2B,
    copyKernel,
    matmuls,
    copies,
    idle,
    idleStrict,
    slackNs,
    workload: w,
  };
}

/**
 * The trace with every rated op's achieved rate and % of the measured peak in its args
 * (`gflops` or `gbps`, `pctOfPeak`), and a per-name summary and the peaks in the notes.
 */
export function annotateRates(trace: Trace): Trace {
  const m = measureEfficiency(trace);
  const ops = trace.ops.map((o) => {
    if (o.dur <= 0) return o;
    const flops = num(o, 'flops');
    const moved = num(o, 'bytesMoved');
    if (flops !== undefined) {
      const g = rate(flops, o);
      return { ...o, args: { ...o.args, gflops: round4(g), pctOfPeak: round4(pct(g, m.peakGflops)) } };
    }
    if (moved !== undefined) {
      const g = rate(moved, o);
      return { ...o, args: { ...o.args, gbps: round4(g), pctOfPeak: round4(pct(g, m.peakGbps)) } };
    }
    return o;
  });
  const rows: string[] = [];
  const groups = new Map<string, Op[]>();
  for (const o of ops) {
    if (o.args?.['pctOfPeak'] === undefined) continue;
    const list = groups.get(o.name);
    if (list) list.push(o);
    else groups.set(o.name, [o]);
  }
  for (const [name, list] of groups) {
    const flops = list[0] !== undefined && num(list[0], 'flops') !== undefined;
    const g = rateGroup(list, flops ? 'flops' : 'bytesMoved');
    const peak = flops ? m.peakGflops : m.peakGbps;
    const unit = flops ? 'GFLOP/s' : 'GB/s';
    rows.push(
      `'${name}' ×${list.length}: ${fmtMs(g.durNs / list.length / 1e6)} ms avg, ${fmtRate(g.rate)} ${unit} (best ${fmtRate(g.best)}) = ${fmtPct(pct(g.rate, peak))} of the measured ${fmtRate(peak)} ${unit}`,
    );
  }
  const notes = [
    `measured peaks: FMA ${fmtRate(m.peakGflops)} GFLOP/s; copy ${fmtRate(m.peakGbps)} GB/s (copyBufferToBuffer ${fmtRate(m.copyB2B.best)}, storage kernel ${fmtRate(m.copyKernel.best)}; bytes read + written)`,
    `achieved per op name (Σ work / Σ GPU time; each op's args carry its own gflops or gbps and pctOfPeak): ${rows.join('; ')}`,
  ];
  return withNotes({ ...trace, ops }, notes);
}

/** The annotated trace (annotateRates), judged (round by round). */
export function annotateEfficiency(trace: Trace): Trace {
  const annotated = annotateRates(trace);
  return withVerdicts(annotated, judgeRounds(annotated, judgeEfficiency));
}

/** A range in ms and in % of the window: '0.950–31.58 ms (1.6–53%)', or one value where both ends agree. */
function rangeText(loNs: number, hiNs: number, windowNs: number): string {
  const [a, b] = [Math.min(loNs, hiNs), Math.max(loNs, hiNs)];
  if (a === b) return `${fmtMs(a / 1e6)} ms (${fmtPct(pct(a, windowNs))})`;
  return `${fmtMs(a / 1e6)}–${fmtMs(b / 1e6)} ms (${fmtPct(pct(a, windowNs))}–${fmtPct(pct(b, windowNs))})`;
}

/** A range in ms: '0.095 to 31.58 ms', or one value. */
function rangeMs(loNs: number, hiNs: number): string {
  const [a, b] = [Math.min(loNs, hiNs), Math.max(loNs, hiNs)];
  return a === b ? `${fmtMs(a / 1e6)} ms` : `${fmtMs(a / 1e6)} to ${fmtMs(b / 1e6)} ms`;
}

/** The allowance as the verdicts state it. */
const allowanceText = (m: EfficiencyMeasures) => `${(m.slackNs / 1e3).toFixed(1)} µs`;

/** Exercise 4's findings, read from the trace: efficiency against the measured peaks, busy time, idle causes, advice. */
export function judgeEfficiency(trace: Trace): Finding[] {
  const m = measureEfficiency(trace);
  const findings = [matmulVerdict(m), copyVerdict(m), busyVerdict(m)];
  const opName = (id: number | undefined) => (id === undefined ? '?' : `'${trace.ops[id]?.name ?? id}'`);
  for (const lane of m.idle.lanes) {
    const strict = m.idleStrict.lanes.find((l) => l.laneId === lane.laneId) ?? lane;
    const wall = lane.windowNs;
    const gapsOf = (r: IdleTimeResult, cls: 'host' | 'dependency') => r.gaps.filter((g) => g.laneId === lane.laneId && g.cls === cls);
    const longest = (list: readonly IdleTimeResult['gaps'][number][]) => list.reduce((a, g) => (g.durNs > a.durNs ? g : a));
    // The share of the phase a cause idled the queue, by the timestamps alone and with the allowance: the two ends of a range.
    const range = (cls: 'host' | 'dependency') => {
      const [a, b] = [pct(strict.byClass[cls], wall), pct(lane.byClass[cls], wall)];
      return { lo: Math.min(a, b), hi: Math.max(a, b), strictGaps: gapsOf(m.idleStrict, cls).length, gaps: gapsOf(m.idle, cls) };
    };
    const rule =
      `A gap counts when its cause ended inside it; host and GPU clocks agree only to ±${allowanceText(m)} (the calibration's uncertainty plus its drift), ` +
      `so the low end counts the causes that ended inside the gap by the timestamps, the high end also those that ended up to ${allowanceText(m)} after it.`;
    const host = range('host');
    if (host.gaps.length > 0 && host.hi >= ADVICE_PCT) {
      const l = longest(host.gaps);
      const state = stateOf('at-least', ADVICE_PCT, host.lo, host.hi);
      findings.push({
        claim: `'${lane.laneName}' idled ${ADVICE_PCT}% or more of '${WORK}' waiting for the host: batch submits`,
        holds: state === 'holds',
        state,
        polarity: 'problem',
        evidence:
          `Host-bound between ${fmtPct(host.lo)} and ${fmtPct(host.hi)} of the ${fmtMs(wall / 1e6)} ms phase, ${rangeMs(strict.byClass.host, lane.byClass.host)} ` +
          `(holds when both ends are at ${ADVICE_PCT}% or more, inconclusive when only the high end is): ${host.strictGaps} gap(s) ended by a host submit by the timestamps, ${host.gaps.length} with the allowance ` +
          `(longest ${fmtMs(l.durNs / 1e6)} ms, ended by ${opName(l.cause)}). ${rule} ` +
          `Where the queue ran dry while the host waited for a result, read it back and only then submitted more: ` +
          `submit several matmuls in one command buffer and wait once (ex1-independent-ops' 'one submit'), and read each result back while the next matmul computes (seed-compute-copy's pipelined phase).`,
      });
    }
    const dep = range('dependency');
    if (dep.gaps.length > 0 && dep.hi >= ADVICE_PCT) {
      const l = longest(dep.gaps);
      const state = stateOf('at-least', ADVICE_PCT, dep.lo, dep.hi);
      findings.push({
        claim: `'${lane.laneName}' idled ${ADVICE_PCT}% or more of '${WORK}' waiting on dependencies: overlap the read-back with the next matmul (see seed-compute-copy)`,
        holds: state === 'holds',
        state,
        polarity: 'problem',
        evidence:
          `Dependency-bound between ${fmtPct(dep.lo)} and ${fmtPct(dep.hi)} of the ${fmtMs(wall / 1e6)} ms phase, ${rangeMs(strict.byClass.dependency, lane.byClass.dependency)}: ` +
          `${dep.strictGaps} gap(s) by the timestamps, ${dep.gaps.length} with the allowance, ended by an op whose input came from another lane and was ready only inside the gap ` +
          `(longest ${fmtMs(l.durNs / 1e6)} ms, waiting for ${opName(l.cause)}). ${rule} Start independent work (the next matmul) before waiting for the dependency, so the queue has work while it is produced.`,
      });
    }
  }
  return findings;
}

function matmulVerdict(m: EfficiencyMeasures): Finding {
  const g = m.matmuls;
  const p = pct(g.rate, m.peakGflops);
  const holds = g.ops.length > 0 && m.peakGflops > 0 && p >= PEAK_PCT;
  const each = g.ops.length > 0 ? g.amount / g.ops.length : 0;
  const peakEach = m.fma.ops.length > 0 ? m.fma.amount / m.fma.ops.length : 0;
  const why =
    g.ops.length === 0 || m.peakGflops <= 0
      ? `Why: ${g.ops.length === 0 ? `no timed matmul in '${WORK}'` : `no timed FMA pass in '${FMA}'`}: nothing to compare.`
      : holds
        ? 'The matmul kernel keeps the FMA units busy most of the time.'
        : each < peakEach / 10
          ? `Why: each matmul (${fmtFlop(each)}) is far less work than the peak kernel's pass (${fmtFlop(peakEach)}): too little per dispatch to fill the GPU and amortize its start-up; larger N (or batching products into one dispatch) would get closer.`
          : 'Why: at this size the matmul kernel, not the scheduling, is the limit: its loads and shared-memory traffic keep the FMA units waiting (a better-tiled kernel or a vendor library would get closer).';
  return {
    claim: `The matmuls of '${WORK}' reach ≥ ${PEAK_PCT}% of the measured FMA peak`,
    holds,
    polarity: 'good',
    measure: {
      name: 'share of the FMA peak',
      unit: 'percent',
      value: g.ops.length > 0 && m.peakGflops > 0 ? p : 0,
      threshold: PEAK_PCT,
      holdsWhen: 'at-least',
    },
    evidence:
      `${g.ops.length} matmuls, ${fmtFlop(each)} each (2N³), ${fmtMs(g.durNs / Math.max(1, g.ops.length) / 1e6)} ms each on average on the GPU: ` +
      `${fmtRate(g.rate)} GFLOP/s (Σ FLOPs / Σ GPU time; best ${fmtRate(g.best)}) = ${fmtPct(p)} of the ${fmtRate(m.peakGflops)} GFLOP/s measured in '${FMA}' (best of ${m.fma.ops.length} passes). ${why}`,
  };
}

function copyVerdict(m: EfficiencyMeasures): Finding {
  const g = m.copies;
  const p = pct(g.rate, m.peakGbps);
  const holds = g.ops.length > 0 && m.peakGbps > 0 && p >= PEAK_PCT;
  const each = g.ops.length > 0 ? g.amount / g.ops.length : 0;
  const peakEach = m.copyB2B.ops.length > 0 ? m.copyB2B.amount / m.copyB2B.ops.length : 0;
  const why =
    g.ops.length === 0 || m.peakGbps <= 0
      ? `Why: ${g.ops.length === 0 ? `no timed copy in '${WORK}'` : `no timed copy in '${COPY}'`}: nothing to compare.`
      : holds
        ? 'The read-back copies stream at close to the bandwidth this GPU showed.'
        : each < peakEach / 4
          ? `Why: each copy moves ${formatBytes(each)} vs ${formatBytes(peakEach)} in '${COPY}' (read + written): small copies pay a fixed start-up cost (and the copy into a mappable staging buffer may be slower than into device memory).`
          : 'Why: the destination is a mappable staging buffer, which may sit in slower (host-visible) memory than the device buffers of the peak copy.';
  return {
    claim: `The read-back copies of '${WORK}' reach ≥ ${PEAK_PCT}% of the measured copy bandwidth`,
    holds,
    polarity: 'good',
    measure: { name: 'share of the copy peak', unit: 'percent', value: g.ops.length > 0 && m.peakGbps > 0 ? p : 0, threshold: PEAK_PCT, holdsWhen: 'at-least' },
    evidence:
      `${g.ops.length} copies of ${formatBytes(each / 2)} to a staging buffer, ${fmtMs(g.durNs / Math.max(1, g.ops.length) / 1e6)} ms each on average: ` +
      `${fmtRate(g.rate)} GB/s read + written (best ${fmtRate(g.best)}) = ${fmtPct(p)} of the ${fmtRate(m.peakGbps)} GB/s measured in '${COPY}' ` +
      `(copyBufferToBuffer ${fmtRate(m.copyB2B.best)} GB/s, storage kernel ${fmtRate(m.copyKernel.best)} GB/s). ${why}`,
  };
}

function busyVerdict(m: EfficiencyMeasures): Finding {
  const lanes = m.idle.lanes;
  const wall = m.workload.end - m.workload.start;
  const minUtil = lanes.length > 0 ? Math.min(...lanes.map((l) => l.utilization)) : 0;
  const holds = lanes.length > 0 && 100 * minUtil >= BUSY_PCT;
  const per = lanes.map((l) => {
    const c = l.byClass;
    const s = (m.idleStrict.lanes.find((x) => x.laneId === l.laneId) ?? l).byClass;
    return (
      `'${l.laneName}' busy ${fmtMs(l.busyNs / 1e6)} ms of ${fmtMs(l.windowNs / 1e6)} ms (${fmtPct(100 * l.utilization)}); idle ${fmtMs(l.idleNs / 1e6)} ms in ${l.gaps} gap(s): ` +
      `waiting for the host ${rangeText(s.host, c.host, l.windowNs)}, on dependencies ${rangeText(s.dependency, c.dependency, l.windowNs)}, ` +
      `other ${rangeText(s.other, c.other, l.windowNs)}`
    );
  });
  return {
    claim: `The GPU queue was busy ≥ ${BUSY_PCT}% of '${WORK}'`,
    holds,
    polarity: 'good',
    measure: { name: 'least busy queue', unit: 'percent', value: lanes.length > 0 ? 100 * minUtil : 0, threshold: BUSY_PCT, holdsWhen: 'at-least' },
    evidence:
      `${lanes.length > 0 ? per.join('; ') : 'no GPU queue had work in the phase'} (phase wall ${fmtMs(wall / 1e6)} ms; idle gaps classified as in HTA's idle time breakdown: ` +
      `'host' = a submit ended inside the gap, 'dependency' = the next op's input from another lane became ready inside it, 'other' = neither, including the phase's edges; ` +
      `each as a range: by the timestamps alone, and with the calibration's ±${allowanceText(m)} allowance for a cause that seems to end just after the gap).`,
  };
}
