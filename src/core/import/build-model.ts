/**
 * Turns a scanned document into the trace model. Shared by every importer: they differ only in
 * how a slice's category maps to an op kind, how lanes are typed, and which flows they expect
 * (`FormatRules`).
 */
import {
  laneId,
  OP_KINDS,
  sortLanes,
  type ArgValue,
  type Dep,
  type DepKind,
  type Instant,
  type Lane,
  type LaneKind,
  type Op,
  type OpKind,
  type Trace,
  type TraceProcess,
} from '../model.js';
import type { Ns } from '../time.js';
import { LaneIndex } from './flow-binding.js';
import { allSmallInts, compactNumber } from './compact-number.js';
import { buildCounters } from './counters.js';
import type { ScannedDoc, Warnings } from './trace-scan.js';

export type KindDecision = OpKind | { readonly skip: string } | { readonly ignore: true };

export interface FormatRules {
  /** Keep times as written (Parascope's own relative ns) instead of starting the trace at 0. */
  readonly keepTimes?: boolean;
  /**
   * The op kind of a slice from its category (and name), a reason to skip it (`{ skip }`, counted
   * as a warning), or `{ ignore: true }` for slices that are not ops by design (phase rulers).
   */
  kindOf(cat: string, name: string): KindDecision;
  laneKind(pid: string, tid: string, kinds: ReadonlySet<OpKind>): LaneKind;
  depKind(flowCat: string): DepKind;
  /** Whether a thread named in metadata but holding no op still gets a lane (default yes, as Perfetto). */
  keepEmptyLane?(pid: string, tid: string, name: string): boolean;
  /** Flows of this category that lack a start or an end by design (not worth a warning). */
  unpairedFlowIsNormal?(flowCat: string): boolean;
}

export interface BuiltModel {
  readonly trace: Trace;
  /** ns subtracted from scanned times so the trace starts at 0. */
  readonly shiftNs: number;
}

/** Numeric pid/tid strings keep their number; other ids get numbers above every numeric one. */
function numbering(ids: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  const named: string[] = [];
  let max = 0;
  for (const id of ids) {
    if (out.has(id)) continue;
    const n = /^-?\d+$/.test(id) ? Number(id) : NaN;
    if (Number.isSafeInteger(n)) {
      out.set(id, n);
      max = Math.max(max, n);
    } else named.push(id);
  }
  named.forEach((id, i) => out.set(id, max + 1 + i));
  return out;
}

/** Every op the importers build is made here, so its fields' representation is decided in one place. */
function makeOp(id: number, laneId: string, name: string, kind: OpKind, start: Ns, dur: Ns, args: Record<string, ArgValue> | undefined): Op {
  return args ? { id, laneId, name, kind, start, dur, args } : { id, laneId, name, kind, start, dur };
}

/**
 * Makes V8 keep op starts (or durations) as doubles from the first op on when some of them are not
 * small integers. Left to itself, V8 gives the field the small-integer representation of the first
 * values it sees; the first op past it (a trace longer than 2^30 ns ≈ 1.07 s) makes it generalize
 * the field and deprecate the shape, and every op made before is then migrated when next touched —
 * 28 s for 7M ops in a micro-benchmark, and what made a 14M-event report take twice 3.5M's time
 * per event (docs/benchmarks.md). Shapes are shared by the process, so one throwaway op of each
 * shape with a double in the field, made before the real ones, decides it. Once doubles, always
 * doubles in this process: a later trace's small integers are stored as doubles too (the same
 * values; 16 bytes more per op).
 */
function primeOpTimes(startsSmall: boolean, dursSmall: boolean): void {
  if (startsSmall && dursSmall) return;
  const start = (startsSmall ? 0 : 0.5) as Ns;
  const dur = (dursSmall ? 0 : 0.5) as Ns;
  makeOp(0, '', '', 'cpu', start, dur, undefined);
  makeOp(0, '', '', 'cpu', start, dur, {});
}

const SKIP = -1;
const IGNORE = -2;

export function buildModel(doc: ScannedDoc, rules: FormatRules, warnings: Warnings): BuiltModel {
  const { slices, strings } = doc;
  const n = slices.n;

  // Kind of each slice, decided once per distinct (category, name).
  const decided = new Map<number, number>();
  const skipReasons = new Map<number, string>();
  const kindCode = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const key = slices.cat[i]! * strings.length + slices.name[i]!;
    let code = decided.get(key);
    if (code === undefined) {
      const d = rules.kindOf(strings[slices.cat[i]!]!, strings[slices.name[i]!]!);
      if (typeof d === 'string') code = OP_KINDS.indexOf(d);
      else if ('skip' in d) {
        code = SKIP;
        skipReasons.set(key, d.skip);
      } else code = IGNORE;
      decided.set(key, code);
    }
    kindCode[i] = code;
    if (code === SKIP) warnings.add(skipReasons.get(key)!);
  }

  let min = Infinity;
  if (rules.keepTimes) min = -doc.baseUs * 1000;
  else {
    for (let i = 0; i < n; i++) if (kindCode[i]! >= 0 && slices.start[i]! < min) min = slices.start[i]!;
    for (const i of doc.instants) if (i.ts < min) min = i.ts;
    for (const c of doc.counters) if (c.ts < min) min = c.ts;
    if (!Number.isFinite(min)) min = 0;
  }

  // Lanes: those holding ops, and threads named in metadata (shown empty, as Perfetto does).
  const kindsOfLane = new Map<number, Set<OpKind>>();
  for (let i = 0; i < n; i++) {
    const code = kindCode[i]!;
    if (code < 0) continue;
    const lane = slices.lane[i]!;
    let set = kindsOfLane.get(lane);
    if (!set) kindsOfLane.set(lane, (set = new Set()));
    set.add(OP_KINDS[code]!);
  }
  for (const [lane, name] of doc.threadNames) {
    if (kindsOfLane.has(lane)) continue;
    const l = doc.lanes[lane]!;
    if (rules.keepEmptyLane?.(l.pid, l.tid, name) ?? true) kindsOfLane.set(lane, new Set());
  }
  const used = [...kindsOfLane.keys()].sort((a, b) => a - b);
  // Counters may sit on a process without threads: their pids are numbered with the lanes'.
  const counterPids = [...new Set(doc.counters.map((c) => c.pid))];
  const pidNum = numbering([...used.map((i) => doc.lanes[i]!.pid), ...counterPids]);
  const tidNum = numbering(used.map((i) => doc.lanes[i]!.tid));
  const lanes: Lane[] = [];
  const modelLane: (string | undefined)[] = new Array(doc.lanes.length);
  for (const i of used) {
    const l = doc.lanes[i]!;
    const pid = pidNum.get(l.pid)!;
    const tid = tidNum.get(l.tid)!;
    const id = laneId(pid, tid);
    modelLane[i] = id;
    lanes.push({
      id,
      pid,
      tid,
      name: doc.threadNames.get(i) ?? `thread ${l.tid}`,
      kind: rules.laneKind(l.pid, l.tid, kindsOfLane.get(i)!),
      sortIndex: doc.threadSort.get(i) ?? tid,
    });
  }
  const processes: TraceProcess[] = [...new Set([...used.map((i) => doc.lanes[i]!.pid), ...counterPids])].map((p) => {
    const labels = doc.processLabels.get(p);
    const proc: TraceProcess = { pid: pidNum.get(p)!, name: doc.processNames.get(p) ?? `process ${p}`, sortIndex: doc.processSort.get(p) ?? pidNum.get(p)! };
    return labels === undefined ? proc : { ...proc, labels };
  });
  sortLanes(processes, lanes);

  // Starts and durations are kept as small integers only when all of them are (see primeOpTimes).
  const kept = (i: number) => kindCode[i]! >= 0;
  const startsSmall = allSmallInts(n, (i) => slices.start[i]! - min, kept);
  const dursSmall = allSmallInts(n, (i) => slices.dur[i]!, kept);
  primeOpTimes(startsSmall, dursSmall);
  const ops: Op[] = [];
  for (let i = 0; i < n; i++) {
    const code = kindCode[i]!;
    if (code < 0) continue;
    const start = slices.start[i]! - min;
    const dur = slices.dur[i]!;
    ops.push(
      makeOp(
        ops.length,
        modelLane[slices.lane[i]!]!,
        strings[slices.name[i]!]!,
        OP_KINDS[code]!,
        (startsSmall ? compactNumber(start) : start) as Ns,
        (dursSmall ? compactNumber(dur) : dur) as Ns,
        slices.args[i] as Record<string, ArgValue> | undefined,
      ),
    );
  }

  const deps = bindFlows(doc, ops, modelLane, min, rules, warnings);
  const instants: Instant[] = doc.instants.map((i) => {
    const lane = i.threadScoped ? modelLane[i.lane] : undefined;
    return lane ? { name: i.name, ts: (i.ts - min) as Ns, laneId: lane } : { name: i.name, ts: (i.ts - min) as Ns };
  });
  const counters = buildCounters(doc.counters, (p) => pidNum.get(p)!, min);
  const trace: Trace = {
    processes,
    lanes,
    ops,
    deps,
    phases: [],
    ...(instants.length > 0 ? { instants } : {}),
    ...(counters.length > 0 ? { counters } : {}),
  };
  return { trace, shiftNs: min };
}

/**
 * Flow points grouped by (cat, id), ordered by time ('s' first), each bound to a slice by the
 * Trace Event Format's rules; consecutive bound points become one dependency.
 */
function bindFlows(
  doc: ScannedDoc,
  ops: readonly Op[],
  modelLane: readonly (string | undefined)[],
  shift: number,
  rules: FormatRules,
  warnings: Warnings,
): Dep[] {
  if (doc.flows.length === 0) return [];
  const flowLanes = new Set<string>();
  for (const f of doc.flows) {
    const l = modelLane[f.lane];
    if (l !== undefined) flowLanes.add(l);
  }
  const index = new LaneIndex(ops, flowLanes);
  const groups = new Map<string, ScannedDoc['flows'][number][]>();
  for (const f of doc.flows) {
    let g = groups.get(f.key);
    if (!g) groups.set(f.key, (g = []));
    g.push(f);
  }
  const deps: Dep[] = [];
  const rank = { s: 0, t: 1, f: 2 } as const;
  for (const points of groups.values()) {
    points.sort((a, b) => rank[a.ph] - rank[b.ph] || a.ts - b.ts || a.order - b.order);
    if (points[0]!.ph !== 's' || points.length < 2) {
      if (!rules.unpairedFlowIsNormal?.(points[0]!.cat)) {
        warnings.add(
          points[0]!.ph !== 's'
            ? `a flow (${points[0]!.cat || 'no category'}) has no start event`
            : `a flow (${points[0]!.cat || 'no category'}) has a start but no end`,
        );
      }
      continue;
    }
    let prev: Op | undefined;
    for (const p of points) {
      const lane = modelLane[p.lane];
      const t = p.ts - shift;
      const op = lane === undefined ? undefined : p.bindEnclosing ? index.enclosing(lane, t) : index.nextStarting(lane, t);
      if (!op) {
        warnings.add(`a flow point (${p.ph}, ${p.cat || 'no category'}) binds to no slice on its thread`);
        prev = undefined;
        continue;
      }
      if (prev && prev.id !== op.id) deps.push({ from: prev.id, to: op.id, kind: rules.depKind(p.cat) });
      prev = op;
    }
  }
  return deps;
}
