/**
 * The chapter's exercise 4 (演習 4): use a profiler (the chapter names Nsight) to check that the
 * code is efficient. Parascope answers as a profiler would, against peaks it measures itself:
 *
 * - 'peak: FMA': a WGSL kernel of long vec4 FMA chains over enough workgroups to fill the GPU
 *   (microbench.ts), GFLOP/s from its pass timestamps, best of FMA_RUNS;
 * - 'peak: copy': copyBufferToBuffer of a large buffer and a storage-buffer read/write kernel, GB/s
 *   counting bytes read + written, best of COPY_RUNS each;
 * - 'workload': the naive way of the chapter's loop — R matmuls N×N, each submitted, waited for,
 *   then its result copied to a staging buffer, mapped and read into host memory before the next.
 *
 * Each op's achieved rate and % of the measured peak go into its args (the timeline's tooltip), a
 * per-name summary into the notes; the judge (`judgeEfficiency`, pure) says whether the matmuls and
 * copies are near the peaks, how busy the queue was, why it idled (idle-time.ts: waiting for the
 * host, on dependencies, other) and what to do about it.
 */
import { Recorder, type GpuQueue } from '../recorder.js';
import { selectAdapters } from '../dawn.js';
import { checkMatrixFits, createMatmul, formatBytes, type MatmulKernel } from '../workloads/matmul.js';
import { copyBenchBytes, createCopyBench, createFmaBench, fmaConfig, type CopyBench, type FmaBench } from '../workloads/microbench.js';
import { uniformMatrix } from '../workloads/random.js';
import { checkMatmulSamples } from '../workloads/reference.js';
import { checkParams, createMatrix, matmulArgs, openDevices, throwIfCancelled, waitQueue } from './common.js';
import { experimentHeader, withVerdicts, type Experiment } from './types.js';
import { EX4_EFFICIENCY, EX4_EFFICIENCY_PHASES } from './catalog.js';
import { fmtMs } from './verdicts.js';
import { idleTime, type IdleTimeResult } from '../../core/analysis/idle-time.js';
import type { ArgValue, CorrectnessCheck, Op, Phase, Trace, Verdict } from '../../core/model.js';

const { fma: FMA, copy: COPY, workload: WORK } = EX4_EFFICIENCY_PHASES;

/** A rate at or above this % of the measured peak counts as efficient. */
export const PEAK_PCT = 50;
/** The GPU queue counts as kept busy at or above this % of the workload's wall time. */
export const BUSY_PCT = 80;
/** An idle cause worth advice: at least this % of the workload's wall time on one queue. */
export const ADVICE_PCT = 10;
const FMA_RUNS = 5;
const COPY_RUNS = 5;

/** Op names of the workload, one row each in the op table. */
export const EX4_OP_NAMES = {
  matmul: 'matmul y = x·x',
  readBack: 'copy y to staging',
  fma: 'peak FMA',
  copyB2B: 'peak copyBufferToBuffer',
  copyKernel: 'peak storage copy kernel',
} as const;
const NAMES = EX4_OP_NAMES;

export const ex4Efficiency: Experiment = {
  ...EX4_EFFICIENCY,
  async run(ctx) {
    const { size: n, reps } = ctx.params;
    checkParams(n, reps);
    const entries = await selectAdapters(ctx.params.adapter);
    const rec = new Recorder(ctx.recorder);
    const owned: { destroy(): void }[] = [];
    try {
      const { devices, topology } = await openDevices(entries, 1, ['gpu1']);
      const opened = devices[0]!;
      const main = rec.cpuLane('main thread');
      const q = rec.addQueue(opened, `GPU1: ${opened.info.name} (${opened.info.backend})`);
      const total = reps + 2;
      let done = 0;
      const progress = (phase: string) => ctx.onProgress({ phase, done: ++done, total });
      ctx.onProgress({ phase: 'set-up', done: 0, total });

      const bytes = checkMatrixFits(q.device, q.label, n);
      const fma = createFmaBench(q.device, fmaConfig(n));
      const copy = createCopyBench(q.device, copyBenchBytes(n, q.device.limits));
      owned.push(fma, copy);
      const xData = uniformMatrix(n, 1);
      const x = createMatrix(rec, q, main, 'x', n, xData);
      const y = createMatrix(rec, q, main, 'y', n);
      const kernel = createMatmul(q.device, n);
      const group = kernel.bind(x, x, y);
      const staging = q.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'staging y' });
      owned.push(staging, x, y);
      // Host memory for the result, allocated and touched up front: the phase times copying, not page faults.
      const yCpu = new Float32Array(n * n).fill(Number.NaN);
      await rec.wait(q.device.queue.onSubmittedWorkDone());

      await rec.calibrate('start');
      rec.beginRun();
      // Warm-up: every kernel and copy once (pipelines compiled, clocks up); no rates in their args.
      const warm = rec.cpu(main, 'encode warm-up', 'cpu', () => {
        const enc = rec.encoder(q, 'warm-up');
        onePass(enc, 'warm-up FMA', (p) => fma.dispatch(p));
        onePass(enc, 'warm-up copy kernel', (p) => copy.dispatchKernel(p));
        enc.copy('warm-up copy', copy.src, 0, copy.dst, 0, copy.bytes);
        onePass(enc, 'warm-up matmul', (p) => kernel.dispatch(p, group));
        return enc.finish();
      }).value;
      rec.submit(main, [warm], 'submit warm-up');
      await waitQueue(rec, q, main, warm.ops, 'warm-up');
      throwIfCancelled(ctx);

      await rec.phase(FMA, () => peakFma(rec, q, main, fma));
      progress(FMA);
      throwIfCancelled(ctx);
      await rec.phase(COPY, () => peakCopy(rec, q, main, copy));
      progress(COPY);
      throwIfCancelled(ctx);

      await rec.phase(WORK, async () => {
        for (let i = 0; i < reps; i++) {
          await naiveStep(rec, q, main, kernel, group, y, staging, bytes, yCpu, i);
          progress(WORK);
          throwIfCancelled(ctx);
        }
      });
      const checks: CorrectnessCheck[] = [
        checkMatmulSamples(`'${WORK}': y[${reps - 1}] read back = x·x, sampled against float64 on the CPU`, xData, xData, yCpu, n),
      ];
      rec.endRun();
      await rec.calibrate('end');

      const fc = fma.config;
      const raw = await rec.finish({
        experiment: experimentHeader(ex4Efficiency, ctx.params),
        topology,
        checks,
        verdicts: [],
        notes: [
          `'${FMA}': ${FMA_RUNS} passes of ${fc.workgroups} workgroups × 256 threads × ${fc.iterations} trips of 16 × 4 vec4 FMAs = ${fmtFlop(fma.flops)} each; the peak is the best pass`,
          `'${COPY}': ${COPY_RUNS} copyBufferToBuffer and ${COPY_RUNS} storage read/write kernel passes of ${formatBytes(copy.bytes)}, counted as bytes read + written; the peak is the best op`,
          `'${WORK}': ${reps} matmuls ${n}×${n} (kernel ${kernel.variant.name}), each submitted and waited for, then copied to a staging buffer, mapped and read into host memory before the next (the naive way)`,
        ],
      });
      return annotateEfficiency(raw);
    } finally {
      for (const o of owned) o.destroy();
      rec.destroy();
    }
  },
};

function onePass(enc: ReturnType<Recorder['encoder']>, name: string, body: (p: GPUComputePassEncoder) => void, args?: Record<string, ArgValue>): number {
  const { pass, op } = enc.computePass(name, args);
  body(pass);
  pass.end();
  return op;
}

async function peakFma(rec: Recorder, q: GpuQueue, main: string, fma: FmaBench): Promise<void> {
  const { value: cb } = rec.cpu(main, 'encode peak FMA', 'cpu', () => {
    const enc = rec.encoder(q, FMA);
    // peak: true marks the microbenchmarks whose best op is the peak (core/analysis/throughput.ts).
    const args = { flops: fma.flops, workgroups: fma.config.workgroups, iterations: fma.config.iterations, peak: true };
    for (let r = 0; r < FMA_RUNS; r++) onePass(enc, NAMES.fma, (p) => fma.dispatch(p), { ...args, run: r });
    return enc.finish();
  });
  rec.submit(main, [cb], `submit ${FMA}`);
  await waitQueue(rec, q, main, cb.ops, FMA);
}

async function peakCopy(rec: Recorder, q: GpuQueue, main: string, copy: CopyBench): Promise<void> {
  const { value: cb } = rec.cpu(main, 'encode peak copy', 'cpu', () => {
    const enc = rec.encoder(q, COPY);
    for (let r = 0; r < COPY_RUNS; r++) enc.copy(NAMES.copyB2B, copy.src, 0, copy.dst, 0, copy.bytes, { bytesMoved: copy.bytesMoved, run: r, peak: true });
    for (let r = 0; r < COPY_RUNS; r++)
      onePass(enc, NAMES.copyKernel, (p) => copy.dispatchKernel(p), { bytes: copy.bytes, bytesMoved: copy.bytesMoved, run: r, peak: true });
    return enc.finish();
  });
  rec.submit(main, [cb], `submit ${COPY}`);
  await waitQueue(rec, q, main, cb.ops, COPY);
}

/** One matmul, submitted and waited for; then its result copied out, mapped and read: no overlap anywhere. */
async function naiveStep(
  rec: Recorder,
  q: GpuQueue,
  main: string,
  kernel: MatmulKernel,
  group: GPUBindGroup,
  y: GPUBuffer,
  staging: GPUBuffer,
  bytes: number,
  into: Float32Array,
  i: number,
): Promise<void> {
  const { value: mm } = rec.cpu(main, `encode y[${i}]`, 'cpu', () => {
    const enc = rec.encoder(q, `y[${i}]`);
    onePass(enc, NAMES.matmul, (p) => kernel.dispatch(p, group), { i, ...matmulArgs(kernel) });
    return enc.finish();
  });
  rec.submit(main, [mm], `submit y[${i}]`);
  const matmulOp = mm.ops[0]!;
  await waitQueue(rec, q, main, mm.ops, `y[${i}]`);
  const { value: cp } = rec.cpu(main, `encode copy y[${i}]`, 'cpu', () => {
    const enc = rec.encoder(q, `copy y[${i}]`);
    enc.copy(NAMES.readBack, y, 0, staging, 0, bytes, { i, bytesMoved: 2 * bytes });
    return enc.finish();
  });
  rec.submit(main, [cp], `submit copy y[${i}]`);
  const copyOp = cp.ops[0]!;
  rec.dep(matmulOp, copyOp, 'data');
  const { op: mapOp } = await rec.cpuAsync(main, `map y[${i}]`, 'sync', () => staging.mapAsync(GPUMapMode.READ), { i, readback: true });
  rec.dep(copyOp, mapOp, 'host');
  const { op: readOp } = rec.cpu(main, `read y[${i}]`, 'cpu', () => into.set(new Float32Array(staging.getMappedRange())), { i, bytes, readback: true });
  rec.dep(copyOp, readOp, 'data');
  staging.unmap();
}

// ---- measuring and judging (pure) ---------------------------------------------------------------

const num = (o: Op, key: string): number | undefined => {
  const v = o.args?.[key];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
};
/** flops / ns = GFLOP/s; bytes / ns = GB/s. */
const rate = (amount: number, o: Op) => amount / o.dur;
const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
const fmtPct = (p: number) => `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
const fmtRate = (r: number) => (r >= 100 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2));
const round4 = (x: number) => Number(x.toPrecision(4));
const fmtFlop = (f: number) => (f >= 1e9 ? `${(f / 1e9).toPrecision(3)} GFLOP` : `${(f / 1e6).toPrecision(3)} MFLOP`);

function findPhase(trace: Trace, name: string): Phase {
  const p = trace.phases.find((x) => x.name === name);
  if (!p) throw new Error(`the trace has no phase '${name}'`);
  return p;
}

/** An op belongs to the phase its midpoint lies in. */
const inPhase = (o: Op, p: Phase) => o.start + o.dur / 2 >= p.start && o.start + o.dur / 2 <= p.end;

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
  readonly idle: IdleTimeResult;
  readonly workload: Phase;
}

/** The numbers the judge and the notes use, from the trace alone. */
export function measureEfficiency(trace: Trace): EfficiencyMeasures {
  const [pf, pc, w] = [findPhase(trace, FMA), findPhase(trace, COPY), findPhase(trace, WORK)];
  const gpuLanes = new Set(trace.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id));
  const gpu = trace.ops.filter((o) => gpuLanes.has(o.laneId));
  const fma = rateGroup(
    gpu.filter((o) => inPhase(o, pf)),
    'flops',
  );
  const copyOps = gpu.filter((o) => inPhase(o, pc));
  const copyB2B = rateGroup(
    copyOps.filter((o) => o.kind === 'transfer'),
    'bytesMoved',
  );
  const copyKernel = rateGroup(
    copyOps.filter((o) => o.kind !== 'transfer'),
    'bytesMoved',
  );
  const work = gpu.filter((o) => inPhase(o, w));
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
  const idle = idleTime(trace, { window: { start: w.start, end: w.end }, laneIds, edges: true, slackNs });
  return { peakGflops: fma.best, peakGbps: Math.max(copyB2B.best, copyKernel.best), fma, copyB2B, copyKernel, matmuls, copies, idle, workload: w };
}

/**
 * The trace with every rated op's achieved rate and % of the measured peak in its args
 * (`gflops` or `gbps`, `pctOfPeak`), and a per-name summary and the peaks in the notes; then judged.
 */
export function annotateEfficiency(trace: Trace): Trace {
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
  if (!trace.meta) throw new Error('a recorded trace has a header');
  const notes = [
    ...trace.meta.notes,
    `measured peaks: FMA ${fmtRate(m.peakGflops)} GFLOP/s; copy ${fmtRate(m.peakGbps)} GB/s (copyBufferToBuffer ${fmtRate(m.copyB2B.best)}, storage kernel ${fmtRate(m.copyKernel.best)}; bytes read + written)`,
    `achieved per op name (Σ work / Σ GPU time; each op's args carry its own gflops or gbps and pctOfPeak): ${rows.join('; ')}`,
  ];
  const annotated: Trace = { ...trace, ops, meta: { ...trace.meta, notes } };
  return withVerdicts(annotated, judgeEfficiency(annotated));
}

/** Exercise 4's findings, read from the trace: efficiency against the measured peaks, busy time, idle causes, advice. */
export function judgeEfficiency(trace: Trace): Verdict[] {
  const m = measureEfficiency(trace);
  const verdicts = [matmulVerdict(m), copyVerdict(m), busyVerdict(m)];
  for (const lane of m.idle.lanes) {
    const wall = lane.windowNs;
    const gaps = m.idle.gaps.filter((g) => g.laneId === lane.laneId);
    const host = gaps.filter((g) => g.cls === 'host');
    const dep = gaps.filter((g) => g.cls === 'dependency');
    const longest = (list: typeof gaps) => list.reduce((a, g) => (g.durNs > a.durNs ? g : a));
    const opName = (id: number | undefined) => (id === undefined ? '?' : `'${trace.ops[id]?.name ?? id}'`);
    if (host.length > 0 && pct(lane.byClass.host, wall) >= ADVICE_PCT) {
      const l = longest(host);
      verdicts.push({
        claim: `'${lane.laneName}' idle ${fmtPct(pct(lane.byClass.host, wall))} of '${WORK}' waiting for the host: batch submits`,
        holds: true,
        evidence:
          `${host.length} gap(s) on the GPU ended by a host submit, ${fmtMs(lane.byClass.host / 1e6)} ms of the ${fmtMs(wall / 1e6)} ms phase, ${fmtMs(lane.byClass.host / host.length / 1e6)} ms each on average ` +
          `(longest ${fmtMs(l.durNs / 1e6)} ms, ended by ${opName(l.cause)}). The queue ran dry while the host waited for a result, read it back and only then submitted more: ` +
          `submit several matmuls in one command buffer and wait once (ex1-independent-ops' 'one submit'), and read each result back while the next matmul computes (seed-compute-copy's pipelined phase).`,
      });
    }
    if (dep.length > 0 && pct(lane.byClass.dependency, wall) >= ADVICE_PCT) {
      const l = longest(dep);
      verdicts.push({
        claim: `'${lane.laneName}' idle ${fmtPct(pct(lane.byClass.dependency, wall))} of '${WORK}' waiting on dependencies: overlap the read-back with the next matmul (see seed-compute-copy)`,
        holds: true,
        evidence:
          `${dep.length} gap(s) on the GPU ended by an op whose input came from another lane and was ready only inside the gap, ${fmtMs(lane.byClass.dependency / 1e6)} ms of the ${fmtMs(wall / 1e6)} ms phase ` +
          `(longest ${fmtMs(l.durNs / 1e6)} ms, waiting for ${opName(l.cause)}): start independent work (the next matmul) before waiting for the dependency, so the queue has work while it is produced.`,
      });
    }
  }
  return verdicts;
}

function matmulVerdict(m: EfficiencyMeasures): Verdict {
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
    evidence:
      `${g.ops.length} matmuls, ${fmtFlop(each)} each (2N³), ${fmtMs(g.durNs / Math.max(1, g.ops.length) / 1e6)} ms each on average on the GPU: ` +
      `${fmtRate(g.rate)} GFLOP/s (Σ FLOPs / Σ GPU time; best ${fmtRate(g.best)}) = ${fmtPct(p)} of the ${fmtRate(m.peakGflops)} GFLOP/s measured in '${FMA}' (best of ${m.fma.ops.length} passes). ${why}`,
  };
}

function copyVerdict(m: EfficiencyMeasures): Verdict {
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
    evidence:
      `${g.ops.length} copies of ${formatBytes(each / 2)} to a staging buffer, ${fmtMs(g.durNs / Math.max(1, g.ops.length) / 1e6)} ms each on average: ` +
      `${fmtRate(g.rate)} GB/s read + written (best ${fmtRate(g.best)}) = ${fmtPct(p)} of the ${fmtRate(m.peakGbps)} GB/s measured in '${COPY}' ` +
      `(copyBufferToBuffer ${fmtRate(m.copyB2B.best)} GB/s, storage kernel ${fmtRate(m.copyKernel.best)} GB/s). ${why}`,
  };
}

function busyVerdict(m: EfficiencyMeasures): Verdict {
  const lanes = m.idle.lanes;
  const wall = m.workload.end - m.workload.start;
  const minUtil = lanes.length > 0 ? Math.min(...lanes.map((l) => l.utilization)) : 0;
  const holds = lanes.length > 0 && 100 * minUtil >= BUSY_PCT;
  const per = lanes.map((l) => {
    const c = l.byClass;
    return (
      `'${l.laneName}' busy ${fmtMs(l.busyNs / 1e6)} ms of ${fmtMs(l.windowNs / 1e6)} ms (${fmtPct(100 * l.utilization)}); idle ${fmtMs(l.idleNs / 1e6)} ms in ${l.gaps} gap(s): ` +
      `waiting for the host ${fmtMs(c.host / 1e6)} ms (${fmtPct(pct(c.host, l.windowNs))}), on dependencies ${fmtMs(c.dependency / 1e6)} ms (${fmtPct(pct(c.dependency, l.windowNs))}), ` +
      `other ${fmtMs(c.other / 1e6)} ms (${fmtPct(pct(c.other, l.windowNs))})`
    );
  });
  return {
    claim: `The GPU queue was busy ≥ ${BUSY_PCT}% of '${WORK}'`,
    holds,
    evidence:
      `${lanes.length > 0 ? per.join('; ') : 'no GPU queue had work in the phase'} (phase wall ${fmtMs(wall / 1e6)} ms; idle gaps classified as in HTA's idle time breakdown: ` +
      `'host' = a submit ended inside the gap, 'dependency' = the next op's input from another lane became ready inside it, 'other' = neither, including the phase's edges).`,
  };
}
