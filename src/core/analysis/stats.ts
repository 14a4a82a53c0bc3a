/**
 * `computeStats`: every analysis of docs/metrics.md assembled into `parascope.stats/1`.
 *
 * The analyses work in ns at full precision (and compute their ratios from ns); this file is the
 * only place that converts to ms, and every number leaving it goes through `finite`/`nsToMsFinite`
 * so that no NaN or Infinity can reach a report.
 */
import type { Trace } from '../model.js';
import type { SourceInfo } from '../import/types.js';
import { busyStats, type KindBusyNs } from './busy.js';
import { concurrency } from './concurrency.js';
import { criticalPath, GAP } from './critical-path.js';
import { indexDeps } from './dep-index.js';
import { laneOrder } from './lane-order.js';
import { slack } from './slack.js';
import { workStats } from './work.js';
import { GPU_WORK_KINDS, laneRuns, WORK_KINDS } from './work-runs.js';
import { KIND_COMPUTE, KIND_CPU, KIND_OTHER, KIND_SYNC, KIND_TRANSFER } from '../vocabulary/op-kinds.js';
import { finite, nsToMsFinite as ms } from './finite.js';
import { laneBusy, laneStats } from './lanes.js';
import { opTables, type OpRowNs } from './op-table.js';
import { phaseStats } from './phases.js';
import { sweepStats } from './sweeps.js';
import { throughput } from './throughput.js';
import type { KindBusy, OpRow, RunSpreadStats, SpreadStats, Stats, SweepStats } from './stats-types.js';
import type { SweepResultNs } from './sweeps.js';
import { runSpread, type RunSpreadResult, type SpreadNs } from './run-spread.js';
import { Scratch } from './scratch.js';

function spreadToMs(s: SpreadNs, unit: 'ms' | 'ratio'): SpreadStats {
  const f = unit === 'ms' ? ms : finite;
  return { values: s.values.map(f), median: f(s.median), ci95: [f(s.ci95[0]), f(s.ci95[1])] as const };
}

/** A profiled program's answers across its runs in ms, as `parascope.stats/1` carries them (the CLI prints the same). */
export function runSpreadToMs(r: RunSpreadResult): RunSpreadStats {
  return {
    runs: r.runs.map((x) => ({
      run: x.run,
      wallMs: ms(x.wallNs),
      gpuBusyMs: ms(x.gpuBusyNs),
      hostWaitMs: ms(x.hostWaitNs),
      ...(x.dataBoundNs !== undefined ? { dataBoundMs: ms(x.dataBoundNs) } : {}),
      ...(x.potentialSpeedup !== undefined ? { potentialSpeedup: finite(x.potentialSpeedup) } : {}),
      ...(x.independentSerialized !== undefined ? { independentSerialized: finite(x.independentSerialized) } : {}),
    })),
    wallMs: spreadToMs(r.wallNs, 'ms'),
    gpuBusyMs: spreadToMs(r.gpuBusyNs, 'ms'),
    hostWaitMs: spreadToMs(r.hostWaitNs, 'ms'),
    ...(r.dataBoundNs ? { dataBoundMs: spreadToMs(r.dataBoundNs, 'ms') } : {}),
    ...(r.potentialSpeedup ? { potentialSpeedup: spreadToMs(r.potentialSpeedup, 'ratio') } : {}),
    ...(r.independentSerialized ? { independentSerialized: spreadToMs(r.independentSerialized, 'ratio') } : {}),
  };
}

/** A sweep's numbers in ms, as `parascope.stats/1` carries them. */
export function sweepToMs(s: SweepResultNs): SweepStats {
  return {
    title: s.title,
    parameter: s.parameter,
    baseline: s.baseline,
    ...(s.threshold !== undefined ? { threshold: s.threshold } : {}),
    series: s.series.map((x) => ({
      arrangement: x.arrangement,
      points: x.points.map((p) => ({
        value: p.value,
        baselineMs: ms(p.baselineNs),
        wallMs: ms(p.wallNs),
        speedup: finite(p.speedup),
        ci95: [finite(p.ci95[0]), finite(p.ci95[1])] as const,
      })),
    })),
  };
}
import { indexTrace, type TraceIndex } from './trace-index.js';

/** Whether any GPU lane has work that is neither compute nor transfer (`other`, `cpu`): one pass over the ops. */
function gpuLanesHaveOther(index: TraceIndex): boolean {
  const gpu = index.lanes.map((l) => l.kind === 'gpu');
  for (let i = 0; i < index.n; i++) {
    const k = index.kindOf[i]!;
    if ((k === KIND_OTHER || k === KIND_CPU) && gpu[index.laneOf[i]!]) return true;
  }
  return false;
}

/** How many steps of the critical path the stats list (`criticalPath.ops` counts them all). */
export const CRITICAL_PATH_STEPS = 1000;

/**
 * Bytes of typed arrays `computeStats` asks its scratch for at most at once, for n ops and `deps`
 * edges (scratch.ts): what stays until the end — the index it builds itself (start, end: 8 + 8;
 * order, lane: 4 + 4; kind: 1), each lane's start order (4), the work runs and, when GPU lanes
 * hold other work, the GPU runs (16 + 16: one run per op at most), the edges (4 + 4 + 1) — and the
 * largest of the work arrays given back in between: the index's buckets (12), the op tables' (16),
 * the critical path's (9 + 5 an edge), slack's (29 + 9 an edge). Past it arrays are made fresh.
 */
export function statsScratchBytes(n: number, deps: number, ownIndex: boolean): number {
  const kept = (ownIndex ? 25 : 0) + 4 + 16 + 16;
  const largestTemporary = Math.max(ownIndex ? 12 : 0, 16, 29);
  // 64 KiB for the 8-byte alignment of every array and the per-lane and per-group ones.
  return (kept + largestTemporary) * n + (9 + 9) * deps + 64 * 1024;
}

/** `index`: the trace's index when the caller has it already (trace-index.ts sharedTraceIndex). */
export function computeStats(trace: Trace, source: SourceInfo, sharedIndex?: TraceIndex): Stats {
  // Every per-op array of the analyses below comes from one buffer made here (see scratch.ts for
  // why); none of them outlives this function: the stats hold numbers and plain objects only.
  const scratch = new Scratch(statsScratchBytes(trace.ops.length, trace.deps.length, sharedIndex === undefined));
  const index = sharedIndex ?? indexTrace(trace, scratch);
  const perLane = laneBusy(index); // one sweep serves the lane table and the sum of the parts
  const busy = busyStats(trace, index, perLane.busyNs);
  const lanes = laneStats(trace, index, perLane);
  const tables = opTables(trace, index, scratch);
  const phases = phaseStats(trace);
  const byLane = laneOrder(index, scratch); // each lane's ops in start order: the work runs, the critical path and slack read it
  const workRuns = laneRuns(index, byLane, WORK_KINDS, undefined, scratch);
  const work = workStats(index, workRuns);
  // gpuMs counts compute and transfer only: the work runs serve unless a GPU lane has other work.
  const gpuRuns = gpuLanesHaveOther(index) ? laneRuns(index, byLane, GPU_WORK_KINDS, (l) => index.lanes[l]!.kind === 'gpu', scratch) : workRuns;
  const conc = concurrency(index, workRuns, gpuRuns);
  const deps = indexDeps(trace, scratch);
  const cp = criticalPath(trace, index, byLane, CRITICAL_PATH_STEPS, deps, scratch);
  const spread = runSpread(trace);
  // A program profiled K ≥ 2 times is K separate processes on one timeline: one data bound over
  // all of them (and a span that includes the gaps between processes) means nothing; each run's
  // slack is in runSpread.
  const sl = spread !== undefined && spread.runs.length >= 2 ? undefined : slack(trace, index, byLane, deps, scratch);
  const kind = (k: KindBusyNs): KindBusy => ({ ops: finite(k.ops), busyMs: ms(k.busyNs) });
  const meta = trace.meta;

  return {
    schema: 'parascope.stats/1',
    // Edges the critical path had to ignore (back in time, cycles) are warnings about the source too.
    source: { file: source.file, format: source.format, events: finite(source.events), warnings: finite(source.warnings + cp.ignoredEdges) },
    spanMs: ms(busy.spanNs),
    sumOfPartsMs: ms(busy.sumOfPartsNs),
    parallelism: finite(busy.parallelism),
    work: { sumOfPartsMs: ms(work.sumOfPartsNs), parallelism: finite(work.parallelism) },
    compute: kind(busy.compute),
    transfer: kind(busy.transfer),
    cpu: kind(busy.cpu),
    sync: kind(busy.sync),
    other: kind(busy.other),
    overlap: { computeTransferMs: ms(busy.overlap.computeTransferNs), pctOfTransfer: finite(busy.overlap.pctOfTransfer) },
    concurrency: {
      gpuMs: ms(conc.gpuNs),
      cpuMs: ms(conc.cpuNs),
      gpuPctOfShorter: finite(conc.gpuPctOfShorter),
      cpuPctOfShorter: finite(conc.cpuPctOfShorter),
      gpuLanes: conc.gpuLanes,
      pairs: conc.pairs.map((p) => ({ a: p.a, b: p.b, ms: ms(p.ns) })),
      pairsOmitted: conc.pairsOmitted,
    },
    lanes: lanes.map((l) => ({
      id: l.id,
      name: l.name,
      kind: l.kind,
      ops: finite(l.ops),
      busyMs: ms(l.busyNs),
      idleMs: ms(l.idleNs),
      utilization: finite(l.utilization),
    })),
    ops: tables.exact.map(opRowToMs),
    opPatterns: tables.patterns.map((r) => ({ ...opRowToMs(r), names: finite(r.names) })),
    phases: phases.phases.map((p) => ({ name: p.name, wallMs: ms(p.wallNs), minMs: ms(p.minNs), maxMs: ms(p.maxNs), runsMs: p.runsNs.map(ms) })),
    repeats: phases.repeats,
    comparisons: phases.comparisons.map((c) => ({
      separate: c.separate,
      together: c.together,
      speedup: finite(c.speedup),
      ci95: [finite(c.ci95[0]), finite(c.ci95[1])] as const,
    })),
    phaseComparisons: phases.comparisons.map((c) => ({
      separate: c.separate,
      together: c.together,
      sumOfSeparateMs: ms(c.sumOfSeparateNs),
      togetherMs: ms(c.togetherNs),
      speedup: finite(c.speedup),
      ci95: [finite(c.ci95[0]), finite(c.ci95[1])] as const,
      ratios: c.ratios.map(finite),
    })),
    throughput: throughput(trace).map((r) => ({
      name: r.name,
      kind: r.kind,
      unit: r.unit,
      count: r.count,
      work: finite(r.work),
      busyMs: ms(r.busyNs),
      perSec: finite(r.perSec),
      bestPerSec: finite(r.bestPerSec),
      peak: r.peak,
      ...(r.pctOfPeak !== undefined ? { pctOfPeak: finite(r.pctOfPeak) } : {}),
    })),
    sweeps: sweepStats(trace, phases.phases).map(sweepToMs),
    criticalPath: {
      lengthMs: ms(cp.lengthNs),
      ops: cp.ops,
      byKind: {
        compute: ms(cp.byKindNs[KIND_COMPUTE]!),
        transfer: ms(cp.byKindNs[KIND_TRANSFER]!),
        cpu: ms(cp.byKindNs[KIND_CPU]!),
        sync: ms(cp.byKindNs[KIND_SYNC]!),
        other: ms(cp.byKindNs[KIND_OTHER]!),
        gap: ms(cp.byKindNs[GAP]!),
      },
      // A path can be as long as the trace; reports show its head, so the stats keep the first steps.
      path: cp.path.map((s) => ({
        id: s.id,
        name: s.name,
        laneId: s.laneId,
        startMs: ms(s.startNs),
        durMs: ms(s.durNs),
        contributionMs: ms(s.contributionNs),
        gapMs: ms(s.gapNs),
      })),
    },
    ...(sl === undefined
      ? {}
      : {
          slack: {
            dataBoundMs: ms(sl.dataBoundNs),
            gpuSpanMs: ms(sl.gpuSpanNs),
            potentialSpeedup: finite(sl.potentialSpeedup),
            independentSerialized: sl.independentSerialized,
            undecided: sl.undecided,
            sample: sl.sample.map((p) => ({ laneId: p.laneId, first: { ...p.first }, second: { ...p.second } })),
          },
        }),
    ...(spread === undefined ? {} : { runSpread: runSpreadToMs(spread) }),
    verdicts: [...(meta?.verdicts ?? [])],
    ...(meta?.judging ? { judging: { by: meta.judging.by, note: meta.judging.note } } : {}),
    ...(meta?.judging?.recordedVerdicts ? { recordedVerdicts: [...meta.judging.recordedVerdicts] } : {}),
    adapters: [...(meta?.adapters ?? [])],
    calibration: [...(meta?.calibration ?? [])],
    checks: [...(meta?.checks ?? [])],
  };
}

function opRowToMs(r: OpRowNs): OpRow {
  return {
    name: r.name,
    kind: r.kind,
    count: finite(r.count),
    totalMs: ms(r.totalNs),
    pctOfTotal: finite(r.pctOfTotal),
    avgMs: ms(r.avgNs),
    medMs: ms(r.medNs),
    minMs: ms(r.minNs),
    maxMs: ms(r.maxNs),
    stdDevMs: ms(r.stdDevNs),
  };
}
