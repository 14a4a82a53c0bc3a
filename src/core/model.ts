/**
 * Parascope's in-memory trace model: what the recorder produces, what every importer returns,
 * what every analysis reads. Definitions of the words follow docs/metrics.md.
 */
import type { Ns } from './time.js';

/** What an op spends time on. `sync` is waiting and never counts as compute. */
export type OpKind = 'compute' | 'transfer' | 'cpu' | 'sync' | 'other';
export const OP_KINDS: readonly OpKind[] = ['compute', 'transfer', 'cpu', 'sync', 'other'];

export type LaneKind = 'gpu' | 'cpu';

/** A process in the Chrome sense: one adapter/device, or the host. */
export interface TraceProcess {
  readonly pid: number;
  readonly name: string;
  readonly sortIndex: number;
  /** Chrome's `process_labels` (Kineto: "GPU 0", "CPU"). */
  readonly labels?: string;
}

/** A serial resource: one GPU queue or one CPU thread. */
export interface Lane {
  /** Stable id, `pid:tid`. */
  readonly id: string;
  readonly pid: number;
  readonly tid: number;
  readonly name: string;
  readonly kind: LaneKind;
  readonly sortIndex: number;
}

export type ArgValue = string | number | boolean;

export interface Op {
  /** Index in `Trace.ops`. */
  readonly id: number;
  readonly laneId: string;
  readonly name: string;
  readonly kind: OpKind;
  readonly start: Ns;
  readonly dur: Ns;
  readonly args?: Readonly<Record<string, ArgValue>>;
}

/**
 * Why an edge exists: `data` (B reads what A wrote, or a foreign trace's flow says B follows A),
 * `queue-order` (same queue, submitted after), `host` (the host waited for A before going on with
 * B), `launch` (A, a host call, issued B, GPU work: PyTorch's `ac2g` flows).
 */
export type DepKind = 'data' | 'queue-order' | 'host' | 'launch';
export const DEP_KINDS: readonly DepKind[] = ['data', 'queue-order', 'host', 'launch'];

export interface Dep {
  readonly from: number;
  readonly to: number;
  readonly kind: DepKind;
}

export interface Phase {
  readonly name: string;
  readonly start: Ns;
  readonly end: Ns;
  /**
   * Which round of a repeated recording (`--repeat K`, docs/metrics.md `repeats`) this run of the
   * phase belongs to, 1-based; absent when the phase ran once. Phases of one name share it K times.
   */
  readonly round?: number;
}

export interface AdapterInfo {
  readonly name: string;
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly backend: string;
  readonly timestampQuery: boolean;
  readonly isFallback?: boolean;
}

export interface Calibration {
  /** How the offset was obtained, in words. */
  readonly method: string;
  readonly device: string;
  /** GPU timestamp minus host clock, ns, as a decimal string (it exceeds 2^53). */
  readonly offsetNs: string;
  /** Half-width of the interval the true offset lies in, ns. */
  readonly uncertaintyNs: number;
  readonly samples: number;
  /** Offset measured again at the end of the run minus the one used, ns (clock drift + noise). */
  readonly driftNs?: number;
}

export interface CorrectnessCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly samples: number;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  /** The error bound the samples were held to, in words. */
  readonly tolerance: string;
}

/** docs/metrics.md, revision 2, "Verdict states": decided by the 95 % interval against the threshold. */
export type VerdictState = 'holds' | 'does-not-hold' | 'inconclusive';
export const VERDICT_STATES: readonly VerdictState[] = ['holds', 'does-not-hold', 'inconclusive'];
/** `warning`: the verdict names a problem (never shown green); `info`: neither good nor bad news. */
export type Severity = 'ok' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['ok', 'warning', 'info'];

export interface Verdict {
  readonly claim: string;
  /** True only for `state: 'holds'` (kept from revision 1). */
  readonly holds: boolean;
  readonly evidence: string;
  /** Absent in traces judged before revision 2: read it with `verdictState`. */
  readonly state?: VerdictState;
  /** Absent in traces judged before revision 2: read it with `verdictSeverity`. */
  readonly severity?: Severity;
  /** How many runs (rounds of `--repeat K`; 1 for a single run) it was judged on; absent before revision 2. */
  readonly runs?: number;
  /** A claim against a threshold: the measured value, its interval and the rule (docs/metrics.md "Verdict states"). */
  readonly measure?: VerdictMeasure;
  /** A claim without a threshold judged over several runs: in how many of `runs` it held. */
  readonly heldIn?: number;
}

/** How a measured value must lie against its threshold for the claim to hold. */
export type HoldsWhen = 'above' | 'at-least' | 'below' | 'at-most';
export const HOLDS_WHEN: readonly HoldsWhen[] = ['above', 'at-least', 'below', 'at-most'];
/** How a measure prints: a ratio ('1.33×') or a percentage ('42%'). */
export type MeasureUnit = 'ratio' | 'percent';
export const MEASURE_UNITS: readonly MeasureUnit[] = ['ratio', 'percent'];

export interface VerdictMeasure {
  /** What is measured, as the evidence names it ('speedup', 'overlap'). */
  readonly name: string;
  readonly unit: MeasureUnit;
  readonly threshold: number;
  readonly holdsWhen: HoldsWhen;
  /** The median of `values`: the one value of a single run. */
  readonly value: number;
  /** The value of each run, in round order. */
  readonly values: readonly number[];
  /** The 95 % bootstrap interval of the median (two or more runs); absent for one run. */
  readonly interval?: readonly [number, number];
}

/** A verdict's state; a verdict from before revision 2 holds or does not, on its one run. */
export function verdictState(v: Verdict): VerdictState {
  return v.state ?? (v.holds ? 'holds' : 'does-not-hold');
}

/** A verdict's severity; before revision 2 every verdict was shown as good or bad news alike: `info`. */
export function verdictSeverity(v: Verdict): Severity {
  return v.severity ?? 'info';
}

/** How a recording's verdicts were judged on opening: by today's judge, or as recorded (and why). */
export interface TraceJudging {
  readonly by: 'today' | 'recording';
  /** In words: which judge, or why the stored verdicts are shown. */
  readonly note: string;
  /** The verdicts stored in the file, when today's differ from them ("recorded with an older judge"). */
  readonly recordedVerdicts?: readonly Verdict[];
}

/** The `parascope` header of a Parascope trace; absent for foreign traces. */
export interface TraceMeta {
  readonly schema: 'parascope.trace/1';
  readonly tool: { readonly name: 'parascope'; readonly version: string };
  readonly host: { readonly hostname: string; readonly platform: string; readonly cpus: string; readonly node: string };
  /** Absolute host monotonic clock (ns, decimal string) at relative time 0. */
  readonly originHostNs: string;
  /** Wall-clock ISO time at relative time 0. */
  readonly recordedAt: string;
  /** `method` (how the experiment answers its question) is absent in traces from before it was recorded. */
  readonly experiment: {
    readonly id: string;
    readonly title: string;
    readonly question: string;
    readonly method?: string;
    readonly params: Readonly<Record<string, ArgValue>>;
  };
  readonly adapters: readonly AdapterInfo[];
  /** How the queues map onto hardware, in words (e.g. two devices on one adapter). */
  readonly topology: string;
  /** The Chrome pid of the host process: its lanes are CPU lanes, all others GPU lanes. */
  readonly hostPid: number;
  readonly run: { readonly start: Ns; readonly end: Ns };
  readonly calibration: readonly Calibration[];
  readonly checks: readonly CorrectnessCheck[];
  readonly verdicts: readonly Verdict[];
  /**
   * How `verdicts` were judged when the trace was opened (docs/metrics.md "Judged afresh"): set by
   * the opener (src/runner/experiments/judges.ts), never written by the recorder.
   */
  readonly judging?: TraceJudging;
  /** Which phases answer the experiment's question together (speedup = Σ separate / together). */
  readonly comparisons?: readonly PhaseComparison[];
  /** Parameter sweeps over the phases (speedup against the swept value); absent in older traces. */
  readonly sweeps?: readonly PhaseSweep[];
  readonly notes: readonly string[];
}

/** A point event (Chrome `i`/`I`): shown as a marker, never counted as busy time. */
export interface Instant {
  readonly name: string;
  readonly ts: Ns;
  /** The lane it belongs to; absent for process- or global-scoped instants. */
  readonly laneId?: string;
}

/** How the phases of an experiment are compared: separate phases against the one running them together. */
export interface PhaseComparison {
  readonly separate: readonly string[];
  readonly together: string;
}

/**
 * A parameter sweep: the same arrangements of work repeated at several values of one parameter
 * (e.g. the matrix side N), each arrangement's phase wall compared with the baseline
 * arrangement's at the same value: speedup = wall(baseline phase) / wall(arrangement's phase).
 * It answers "from which size on does X stop paying" with a curve rather than one number.
 */
export interface PhaseSweep {
  readonly title: string;
  /** The swept parameter as an axis names it, e.g. 'N (matrix side)'. */
  readonly parameter: string;
  /** The arrangement the speedups are over, e.g. 'serialized'. */
  readonly baseline: string;
  /** The arrangements compared with it, e.g. ['concurrent', 'two devices']. */
  readonly arrangements: readonly string[];
  /** Per swept value, the phase of each arrangement (the baseline's included), by arrangement. */
  readonly points: readonly SweepPoint[];
  /** The speedup an arrangement must exceed to count as paying (drawn as a reference line), e.g. 1.05. */
  readonly threshold?: number;
}

export interface SweepPoint {
  readonly value: number;
  readonly phases: Readonly<Record<string, string>>;
}

/**
 * A counter track (Chrome `C` events): one named value, or several series of one name, sampled
 * over time on a process (memory in use, queue depth, clock MHz). A sample holds until the next;
 * counters are shown, never counted as busy time.
 */
export interface CounterTrack {
  /** Stable id: `pid:name`, or `pid:name:id` for an event `id`. */
  readonly id: string;
  readonly pid: number;
  /** As shown: the event name, with the event `id` in parentheses when there is one. */
  readonly name: string;
  /** The `C` events' name and `id` as written (an export writes them back). */
  readonly event: { readonly name: string; readonly id?: string };
  readonly series: readonly CounterSeries[];
}

export interface CounterSeries {
  /** The args key the values were written under (Chrome: each key of `args` is a series). */
  readonly name: string;
  /** Sample times, ascending, and the value from each on. */
  readonly ts: readonly Ns[];
  readonly values: readonly number[];
}

export interface Trace {
  readonly meta?: TraceMeta;
  readonly processes: readonly TraceProcess[];
  readonly lanes: readonly Lane[];
  readonly ops: readonly Op[];
  readonly deps: readonly Dep[];
  readonly phases: readonly Phase[];
  readonly instants?: readonly Instant[];
  /** Counter tracks, when the source has `C` events; absent otherwise. */
  readonly counters?: readonly CounterTrack[];
  /** Properties of the devices a foreign trace describes (PyTorch's `deviceProperties`), kept as found. */
  readonly devices?: readonly Readonly<Record<string, ArgValue>>[];
  /** Absolute time of relative 0 in ns since the Unix epoch, when the source says (Kineto's baseTimeNanoseconds). */
  readonly epochNs?: string;
}

export function laneId(pid: number, tid: number): string {
  return `${pid}:${tid}`;
}

/** Display order, in place: processes by sort index then pid; lanes by their process's, then their own. */
export function sortLanes(processes: TraceProcess[], lanes: Lane[]): void {
  processes.sort((a, b) => a.sortIndex - b.sortIndex || a.pid - b.pid);
  const rank = new Map(processes.map((p, i) => [p.pid, i]));
  lanes.sort((a, b) => (rank.get(a.pid) ?? Infinity) - (rank.get(b.pid) ?? Infinity) || a.pid - b.pid || a.sortIndex - b.sortIndex || a.tid - b.tid);
}
