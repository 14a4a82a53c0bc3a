/**
 * Exercise 3 judged from a finished trace: did GPU compute, CPU compute in workers and the host's
 * copy-out, issued together, take less than the three one after another, and which pairs really
 * ran at the same time? Pure: a function of the trace.
 */
import type { Interval } from '../../../core/analysis/intervals.js';
import type { Phase, Trace } from '../../../core/model.js';
import { EX3_CPU_GPU_COMM_PHASES } from '../catalog.js';
import {
  busyIn,
  busyMs,
  fmtMs,
  type Finding,
  meanDurMs,
  opsIn,
  overlapMeasure,
  overlapMs,
  PAYS,
  pays,
  OVERLAP_SHARE,
  pct,
  percent,
  phaseNamed,
  phaseTime,
  ratio,
  softwareAdapter,
  speedupOf,
  times,
  totalVsSumFinding,
} from '../judge-kit.js';

/** CPU worker lanes are named `${prefix} 1`, `${prefix} 2`, …; the judge finds CPU compute by this. */
export const CPU_WORKER_LANE_PREFIX = 'cpu worker';

const { gpu: GPU, cpu: CPU, comm: COMM, all: ALL } = EX3_CPU_GPU_COMM_PHASES;

/** The three resources' busy intervals in a window: GPU compute, CPU compute (worker lanes), host copy-out. */
function resources(trace: Trace, window: Interval) {
  const workerLanes = new Set(trace.lanes.filter((l) => l.kind === 'cpu' && l.name.startsWith(CPU_WORKER_LANE_PREFIX)).map((l) => l.id));
  const cpuOps = opsIn(trace, window, (o) => o.kind === 'cpu' && workerLanes.has(o.laneId));
  return {
    gpu: busyIn(
      trace.ops.filter((o) => o.kind === 'compute'),
      window,
    ),
    cpu: busyIn(cpuOps, window),
    comm: busyIn(
      trace.ops.filter((o) => o.kind === 'cpu' && o.args?.['readback'] === true),
      window,
    ),
    cpuOps,
    workers: new Set(cpuOps.map((o) => o.laneId)).size,
  };
}

type Resources = ReturnType<typeof resources>;
const PAIRS = [
  { a: 'gpu', b: 'cpu', label: 'GPU compute ∩ CPU compute', claim: 'the GPU computed while the CPU workers computed' },
  { a: 'gpu', b: 'comm', label: 'GPU compute ∩ communication', claim: 'the host copied results out while the GPU computed' },
  { a: 'cpu', b: 'comm', label: 'CPU compute ∩ communication', claim: 'the host copied results out while the CPU workers computed' },
] as const;
const NAMES = { gpu: 'GPU compute', cpu: 'CPU compute (workers)', comm: 'host copy-out' } as const;

/** Each pair of resources in 'All together': both busy at once, in ms and % of the shorter one's busy time. */
export function pairOverlaps(trace: Trace): { label: string; ms: number; pctOfShorter: number; aMs: number; bMs: number }[] {
  const r = resources(trace, phaseNamed(trace, ALL));
  return PAIRS.map(({ a, b, label }) => {
    const ms = overlapMs(r[a], r[b]);
    const [aMs, bMs] = [busyMs(r[a]), busyMs(r[b])];
    return { label, ms, pctOfShorter: percent(ms, Math.min(aMs, bMs)), aMs, bMs };
  });
}

/** The per-pair overlaps as one line for meta.notes. */
export function overlapNote(trace: Trace): string {
  return `overlap in '${ALL}': ${pairOverlaps(trace)
    .map((p) => `${p.label} ${fmtMs(p.ms)} ms (${pct(p.ms, Math.min(p.aMs, p.bMs))} of the shorter)`)
    .join('; ')}`;
}

/** Exercise 3's verdicts, read from the finished trace: the chapter's claim, then one per pair of resources. */
export function judgeCpuGpuComm(trace: Trace): Finding[] {
  const [g, c, k, a] = [phaseNamed(trace, GPU), phaseNamed(trace, CPU), phaseNamed(trace, COMM), phaseNamed(trace, ALL)];
  const alone = { gpu: resources(trace, g), cpu: resources(trace, c), comm: resources(trace, k) };
  const all = resources(trace, a);
  const pairs = pairOverlaps(trace);
  return [claimVerdict(trace, [g, c, k], a, alone, all, pairs), ...PAIRS.map((p, i) => pairVerdict(p, pairs[i]!, alone, all))];
}

interface Alone {
  readonly gpu: Resources;
  readonly cpu: Resources;
  readonly comm: Resources;
}

function claimVerdict(
  trace: Trace,
  separate: readonly Phase[],
  together: Phase,
  alone: Alone,
  all: Resources,
  pairs: ReturnType<typeof pairOverlaps>,
): Finding {
  const t = { separate: separate.map(phaseTime), together: phaseTime(together) };
  const sum = t.separate.reduce((s, p) => s + p.wallMs, 0);
  const holds = pays(speedupOf(t));
  const overlaps = pairs.map((p) => `${p.label} ${fmtMs(p.ms)} ms`).join(', ');
  const [gpuA, gpuT] = [busyMs(alone.gpu.gpu), busyMs(all.gpu)];
  const [cpuA, cpuT] = [meanDurMs(alone.cpu.cpuOps), meanDurMs(all.cpuOps)];
  const [commA, commT] = [busyMs(alone.comm.comm), busyMs(all.comm)];
  const soft = softwareAdapter(trace);
  const cores = Number.parseInt(trace.meta?.host.cpus ?? '', 10);
  const workers = Math.max(alone.cpu.workers, all.workers);
  const shared = soft
    ? `the adapter '${soft.name}' is a software renderer (${soft.isFallback ? 'isFallback' : 'architecture software'}): its "GPU" matmuls run on the host's CPU cores` +
      (Number.isFinite(cores) ? `, the same ${cores} logical CPUs as the ${workers} CPU worker(s) and the main thread` : ', the same cores as the CPU workers')
    : undefined;
  let why: string;
  if (holds) {
    // What the separate phases spent not computing (submits, waits, message round trips) is what running together can hide.
    const busyAlone = gpuA + busyMs(alone.cpu.cpu) + commA;
    why =
      `Why: the resources worked at the same time in '${ALL}' (${overlaps}); the separate phases were busy computing or copying out for ${fmtMs(busyAlone)} ms of their ${fmtMs(sum)} ms.` +
      (shared ? ` Note: ${shared}, so what ran at the same time shared those cores.` : '');
  } else {
    const reasons: string[] = [];
    if (shared) reasons.push(`${shared}, so there is no second processor to overlap with`);
    const slower: string[] = [];
    if (gpuT > PAYS * gpuA) slower.push(`GPU compute busy ${fmtMs(gpuT)} ms vs ${fmtMs(gpuA)} ms alone`);
    if (cpuT > PAYS * cpuA) slower.push(`each CPU product ${fmtMs(cpuT)} ms vs ${fmtMs(cpuA)} ms alone (${times(ratio(cpuT, cpuA))})`);
    if (commT > PAYS * commA) slower.push(`host copy-out ${fmtMs(commT)} ms vs ${fmtMs(commA)} ms alone`);
    if (slower.length > 0) reasons.push(`together each resource was slower (${slower.join('; ')}): they competed for the same hardware`);
    const largest = t.separate.reduce((x, p) => (p.wallMs > x.wallMs ? p : x), t.separate[0]!);
    if (largest.wallMs >= 0.8 * sum) reasons.push(`there was little to hide: '${largest.name}' is ${pct(largest.wallMs, sum)} of the sum`);
    if (pairs.every((p) => p.pctOfShorter < 100 * OVERLAP_SHARE)) reasons.push(`the resources barely overlapped (${overlaps})`);
    if (reasons.length === 0) reasons.push(`the resources overlapped (${overlaps}), but not enough to make up for the cost of running together`);
    why = `Why: ${reasons.join('; ')}.`;
  }
  return totalVsSumFinding(t, why);
}

function pairVerdict(p: (typeof PAIRS)[number], o: ReturnType<typeof pairOverlaps>[number], alone: Alone, all: Resources): Finding {
  const holds = o.ms > 0 && o.pctOfShorter >= 100 * OVERLAP_SHARE;
  const aloneMs = (r: 'gpu' | 'cpu' | 'comm') => busyMs(alone[r][r]);
  const extra = (r: 'gpu' | 'cpu' | 'comm') => (r === 'cpu' ? ` over ${all.workers} worker(s)` : '');
  return {
    claim: `In '${ALL}' ${p.claim}`,
    holds,
    polarity: 'good',
    // Nothing at once is 0% (a resource that was never busy has no share to take).
    measure: overlapMeasure(o.ms > 0 ? o.pctOfShorter : 0),
    evidence:
      `${NAMES[p.a]} busy ${fmtMs(o.aMs)} ms${extra(p.a)} (${fmtMs(aloneMs(p.a))} ms in its own phase), ${NAMES[p.b]} busy ${fmtMs(o.bMs)} ms${extra(p.b)} (${fmtMs(aloneMs(p.b))} ms in its own phase); ` +
      `both at once ${fmtMs(o.ms)} ms = ${pct(o.ms, Math.min(o.aMs, o.bMs))} of the shorter.`,
  };
}
