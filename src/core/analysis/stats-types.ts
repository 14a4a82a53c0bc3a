/**
 * `parascope.stats/1`: the numbers `parascope report --format json` prints and every view shows.
 * Field names and meanings are fixed by docs/metrics.md; fields marked "added" are ours
 * (docs/metrics.md allows additions). All durations in ms, all numbers finite.
 */
import type { AdapterInfo, Calibration, CorrectnessCheck, LaneKind, OpKind, Verdict } from '../model.js';
import type { TraceFormat } from '../import/types.js';

export interface KindBusy {
  readonly ops: number;
  readonly busyMs: number;
}

export interface LaneStats {
  readonly id: string;
  readonly name: string;
  readonly kind: LaneKind;
  readonly ops: number;
  readonly busyMs: number;
  readonly idleMs: number;
  readonly utilization: number;
}

export interface OpRow {
  readonly name: string;
  readonly kind: OpKind;
  readonly count: number;
  readonly totalMs: number;
  /** Share of the same kind's total, in % (nsys stats' "Time (%)"). */
  readonly pctOfTotal: number;
  readonly avgMs: number;
  readonly medMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly stdDevMs: number;
}

/** A row of the folded op table: `name` is the pattern (numbers as `*`, op-name-fold.ts); `names` the exact names it holds. */
export interface OpPatternRow extends OpRow {
  readonly names: number;
}

export interface PhaseComparisonStats {
  readonly separate: readonly string[];
  readonly together: string;
  /** Σ of the separate phases' wallMs (medians over rounds). */
  readonly sumOfSeparateMs: number;
  /** The together phase's wallMs (median over rounds). */
  readonly togetherMs: number;
  /** The median over rounds of Σ separate / together (the one ratio for one round); 0 when the together phase has no length. */
  readonly speedup: number;
  /** The 95 % bootstrap interval of that median (docs/metrics.md `repeats`); [speedup, speedup] for one round. */
  readonly ci95: readonly [number, number];
  /** added: the per-round ratios, in round order (what the interval and the verdicts resample). */
  readonly ratios: readonly number[];
}

/** A phase comparison as the schema's `comparisons` names it (docs/metrics.md); `phaseComparisons` has the details. */
export interface ComparisonStats {
  readonly separate: readonly string[];
  readonly together: string;
  readonly speedup: number;
  readonly ci95: readonly [number, number];
}

/** A phase over its rounds: `wallMs` the median, with the least, the greatest and every run in round order. */
export interface PhaseStats {
  readonly name: string;
  readonly wallMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runsMs: readonly number[];
}

/** One arrangement of a parameter sweep: its speedup over the baseline at each swept value. */
export interface SweepSeriesStats {
  readonly arrangement: string;
  /** baselineMs and wallMs are the phases' medians; speedup the median of the per-round ratios, ci95 its interval. */
  readonly points: readonly {
    readonly value: number;
    readonly baselineMs: number;
    readonly wallMs: number;
    readonly speedup: number;
    readonly ci95: readonly [number, number];
  }[];
}

/** A parameter sweep (TraceMeta.sweeps): speedup = wall(baseline phase) / wall(arrangement's phase) per value. */
export interface SweepStats {
  readonly title: string;
  readonly parameter: string;
  readonly baseline: string;
  /** The speedup an arrangement must exceed to count as paying, when the experiment says. */
  readonly threshold?: number;
  readonly series: readonly SweepSeriesStats[];
}

/** Achieved throughput of one op name (analysis/throughput.ts): Σ declared work / Σ duration. */
export interface ThroughputStats {
  readonly name: string;
  readonly kind: OpKind;
  readonly unit: 'FLOP/s' | 'B/s';
  readonly count: number;
  /** Σ declared work: FLOP, or bytes read + written. */
  readonly work: number;
  readonly busyMs: number;
  readonly perSec: number;
  readonly bestPerSec: number;
  /** These ops are the trace's own peak microbenchmarks. */
  readonly peak: boolean;
  /** perSec as % of the trace's measured peak for the unit; absent without one. */
  readonly pctOfPeak?: number;
}

export interface CriticalPathStep {
  readonly id: number;
  readonly name: string;
  readonly laneId: string;
  readonly startMs: number;
  readonly durMs: number;
  /** added (revision 2): end − max(start, end of the step before), the time it adds to its kind. */
  readonly contributionMs: number;
  /** added (revision 2): max(0, start − end of the step before), the gap before it. */
  readonly gapMs: number;
}

/** docs/metrics.md revision 2 `criticalPath.byKind`: sums to `lengthMs`. */
export interface CriticalPathByKind {
  readonly compute: number;
  readonly transfer: number;
  readonly cpu: number;
  readonly sync: number;
  readonly other: number;
  readonly gap: number;
}

export interface CriticalPathStats {
  /** End of the last op − start of the first op on the chain; never more than spanMs. */
  readonly lengthMs: number;
  /** The number of ops on the chain. */
  readonly ops: number;
  readonly byKind: CriticalPathByKind;
  /** added: the chain's ops in order, the first 1,000 at most. */
  readonly path: readonly CriticalPathStep[];
}

export interface LanePairStats {
  readonly a: string;
  readonly b: string;
  readonly ms: number;
}

/** docs/metrics.md revision 2 `concurrency`. */
export interface ConcurrencyStats {
  readonly gpuMs: number;
  readonly cpuMs: number;
  /** added: 100 × gpuMs / (Σ GPU lanes' busy − the busiest's): with two GPU lanes, % of the shorter lane's busy time. */
  readonly gpuPctOfShorter: number;
  /** added: the same for CPU lanes. */
  readonly cpuPctOfShorter: number;
  /** added: GPU lanes that ran compute or transfer (the headline is gpuMs when there are two or more). */
  readonly gpuLanes: number;
  readonly pairs: readonly LanePairStats[];
  /** added: pairs not listed (more than 64 lanes with work); 0 when all are. */
  readonly pairsOmitted: number;
}

/** docs/metrics.md revision 2 `slack` (traces with data dependencies only). */
export interface SlackStats {
  readonly dataBoundMs: number;
  /** added: last end − first start of the GPU lanes' work ops. */
  readonly gpuSpanMs: number;
  readonly potentialSpeedup: number;
  readonly independentSerialized: number;
  /** added: adjacent pairs whose bounded search for a data path did not finish (counted in neither). */
  readonly undecided: number;
  /** added: the first few independent pairs, named. */
  readonly sample: readonly {
    readonly laneId: string;
    readonly first: { readonly id: number; readonly name: string };
    readonly second: { readonly id: number; readonly name: string };
  }[];
}

/** One answer over a profiled program's runs: its values in run order, their median and the median's 95 % bootstrap interval ([v, v] for one run). */
export interface SpreadStats {
  readonly values: readonly number[];
  readonly median: number;
  readonly ci95: readonly [number, number];
}

/** One run's answers (docs/metrics.md `runSpread`); the slack figures only for a run with data dependencies. */
export interface RunAnswersStats {
  readonly run: number;
  readonly wallMs: number;
  readonly gpuBusyMs: number;
  readonly hostWaitMs: number;
  readonly dataBoundMs?: number;
  readonly potentialSpeedup?: number;
  readonly independentSerialized?: number;
}

/** added: a profiled program's answers across its runs (`parascope profile --repeat K`; one run without it). */
export interface RunSpreadStats {
  readonly runs: readonly RunAnswersStats[];
  readonly wallMs: SpreadStats;
  readonly gpuBusyMs: SpreadStats;
  readonly hostWaitMs: SpreadStats;
  /** Over the runs with data dependencies; absent when none has them. */
  readonly dataBoundMs?: SpreadStats;
  readonly potentialSpeedup?: SpreadStats;
  readonly independentSerialized?: SpreadStats;
}

export interface Stats {
  readonly schema: 'parascope.stats/1';
  readonly source: { readonly file: string; readonly format: TraceFormat; readonly events: number; readonly warnings: number };
  readonly spanMs: number;
  readonly sumOfPartsMs: number;
  readonly parallelism: number;
  /** revision 2: the same without waits (sync ops); the headline parallelism. */
  readonly work: { readonly sumOfPartsMs: number; readonly parallelism: number };
  readonly compute: KindBusy;
  readonly transfer: KindBusy;
  readonly cpu: KindBusy;
  /** added */
  readonly sync: KindBusy;
  /** added */
  readonly other: KindBusy;
  readonly overlap: { readonly computeTransferMs: number; readonly pctOfTransfer: number };
  readonly concurrency: ConcurrencyStats;
  readonly lanes: readonly LaneStats[];
  readonly ops: readonly OpRow[];
  /** added: the op table folded by name pattern (numbers that stand alone as `*`), numbers over all of each row's ops */
  readonly opPatterns: readonly OpPatternRow[];
  readonly phases: readonly PhaseStats[];
  /** Rounds of the timed phases (`--repeat K`): the most runs any phase has; 1 when each ran once, 0 without phases. */
  readonly repeats: number;
  readonly comparisons: readonly ComparisonStats[];
  /** added */
  readonly phaseComparisons: readonly PhaseComparisonStats[];
  /** added: achieved FLOP/s and B/s per op name, for ops that declare their work; empty otherwise */
  readonly throughput: readonly ThroughputStats[];
  /** added: parameter sweeps, empty for traces without them */
  readonly sweeps: readonly SweepStats[];
  readonly criticalPath: CriticalPathStats;
  /** Absent for traces without data dependencies. */
  readonly slack?: SlackStats;
  /** added: present for traces of `parascope profile` only. */
  readonly runSpread?: RunSpreadStats;
  readonly verdicts: readonly Verdict[];
  /** revision 2, "Judged afresh": how `verdicts` were judged when the trace was opened (a Parascope trace opened through judges.ts) */
  readonly judging?: { readonly by: 'today' | 'recording'; readonly note: string };
  /** revision 2: the verdicts stored in the file, only when today's judge says otherwise ("recorded with an older judge") */
  readonly recordedVerdicts?: readonly Verdict[];
  /** added: from a Parascope trace's header, empty for foreign traces */
  readonly adapters: readonly AdapterInfo[];
  readonly calibration: readonly Calibration[];
  readonly checks: readonly CorrectnessCheck[];
}
