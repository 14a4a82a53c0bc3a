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
import { criticalPath } from './critical-path.js';
import { finite, nsToMsFinite as ms } from './finite.js';
import { laneBusy, laneStats } from './lanes.js';
import { opTables, type OpRowNs } from './op-table.js';
import { phaseStats } from './phases.js';
import { sweepStats } from './sweeps.js';
import { throughput } from './throughput.js';
import type { KindBusy, OpRow, Stats, SweepStats } from './stats-types.js';
import type { SweepResultNs } from './sweeps.js';

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
import { indexTrace } from './trace-index.js';

/** How many steps of the critical path the stats list (`criticalPath.ops` counts them all). */
export const CRITICAL_PATH_STEPS = 1000;

export function computeStats(trace: Trace, source: SourceInfo): Stats {
  const index = indexTrace(trace);
  const perLane = laneBusy(index); // one sweep serves the lane table and the sum of the parts
  const busy = busyStats(trace, index, perLane.busyNs);
  const lanes = laneStats(trace, index, perLane);
  const tables = opTables(trace, index);
  const phases = phaseStats(trace);
  const cp = criticalPath(trace, index);
  const kind = (k: KindBusyNs): KindBusy => ({ ops: finite(k.ops), busyMs: ms(k.busyNs) });
  const meta = trace.meta;

  return {
    schema: 'parascope.stats/1',
    source: { file: source.file, format: source.format, events: finite(source.events), warnings: finite(source.warnings) },
    spanMs: ms(busy.spanNs),
    sumOfPartsMs: ms(busy.sumOfPartsNs),
    parallelism: finite(busy.parallelism),
    compute: kind(busy.compute),
    transfer: kind(busy.transfer),
    cpu: kind(busy.cpu),
    sync: kind(busy.sync),
    other: kind(busy.other),
    overlap: { computeTransferMs: ms(busy.overlap.computeTransferNs), pctOfTransfer: finite(busy.overlap.pctOfTransfer) },
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
      ops: cp.path.length,
      // A path can be as long as the trace; reports show its head, so the stats keep the first steps.
      path: cp.path.slice(0, CRITICAL_PATH_STEPS).map((s) => ({ id: s.id, name: s.name, laneId: s.laneId, startMs: ms(s.startNs), durMs: ms(s.durNs) })),
    },
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
