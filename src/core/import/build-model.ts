/**
 * Turns a scanned document into the trace model. Shared by every importer: they differ only in
 * how a slice's category maps to an op kind, how lanes are named and typed, and which flows
 * they keep (`FormatRules`).
 */
import { laneId, sortLanes, type ArgValue, type Dep, type DepKind, type Instant, type Lane, type LaneKind, type Op, type OpKind, type Trace, type TraceProcess } from '../model.js';
import type { Ns } from '../time.js';
import { LaneIndex } from './flow-binding.js';
import type { ScannedDoc, ScannedSlice, Warnings } from './trace-scan.js';

export interface FormatRules {
  /** Keep times as written (Parascope's own relative ns) instead of starting the trace at 0. */
  readonly keepTimes?: boolean;
  /** Whether a thread named in metadata but holding no op still gets a lane. */
  keepEmptyLane?(pid: string, tid: string, name: string): boolean;
  /** The op kind of a slice, or a reason to skip it (`{ skip: … }`), or `{ ignore: true }` for slices that are not ops by design (phase rulers). */
  kindOf(slice: ScannedSlice): OpKind | { skip: string } | { ignore: true };
  laneKind(pid: string, tid: string, kinds: ReadonlySet<OpKind>): LaneKind;
  depKind(flowCat: string): DepKind;
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

export function buildModel(doc: ScannedDoc, rules: FormatRules, warnings: Warnings): BuiltModel {
  // Kinds first: skipped slices must not create lanes or shift the origin.
  const kept: { slice: ScannedSlice; kind: OpKind }[] = [];
  for (const slice of doc.slices) {
    const k = rules.kindOf(slice);
    if (typeof k === 'string') kept.push({ slice, kind: k });
    else if ('skip' in k) warnings.add(k.skip);
  }

  let min = Infinity;
  if (rules.keepTimes) min = -doc.baseUs * 1000;
  else {
    for (const { slice } of kept) if (slice.start < min) min = slice.start;
    for (const i of doc.instants) if (i.ts < min) min = i.ts;
    if (!Number.isFinite(min)) min = 0;
  }

  const laneKeys = new Map<string, { pid: string; tid: string; kinds: Set<OpKind> }>();
  for (const { slice, kind } of kept) {
    const key = `${slice.pid}\u0000${slice.tid}`;
    let l = laneKeys.get(key);
    if (!l) laneKeys.set(key, (l = { pid: slice.pid, tid: slice.tid, kinds: new Set() }));
    l.kinds.add(kind);
  }
  // Threads named in metadata but without ops still show, as empty lanes (as in Perfetto).
  for (const [key, name] of doc.threadNames) {
    if (laneKeys.has(key)) continue;
    const [pid, tid] = key.split('\u0000') as [string, string];
    if (rules.keepEmptyLane?.(pid, tid, name) ?? true) laneKeys.set(key, { pid, tid, kinds: new Set() });
  }
  const pidNum = numbering([...[...laneKeys.values()].map((l) => l.pid)]);
  const tidNum = numbering([...laneKeys.values()].map((l) => l.tid));

  const lanes: Lane[] = [];
  const laneOf = new Map<string, string>();
  for (const [key, l] of laneKeys) {
    const pid = pidNum.get(l.pid)!;
    const tid = tidNum.get(l.tid)!;
    const id = laneId(pid, tid);
    laneOf.set(key, id);
    lanes.push({ id, pid, tid, name: doc.threadNames.get(key) ?? `thread ${l.tid}`, kind: rules.laneKind(l.pid, l.tid, l.kinds), sortIndex: doc.threadSort.get(key) ?? tid });
  }
  const processes: TraceProcess[] = [...new Set([...laneKeys.values()].map((l) => l.pid))].map((p) => {
    const label = doc.processLabels.get(p);
    const name = doc.processNames.get(p) ?? `process ${p}`;
    return { pid: pidNum.get(p)!, name: label && !name.includes(label) ? `${name} (${label})` : name, sortIndex: doc.processSort.get(p) ?? pidNum.get(p)! };
  });
  sortLanes(processes, lanes);

  const ops: Op[] = new Array(kept.length);
  for (let i = 0; i < kept.length; i++) {
    const { slice, kind } = kept[i]!;
    const op: Op = slice.args
      ? { id: i, laneId: laneOf.get(`${slice.pid}\u0000${slice.tid}`)!, name: slice.name, kind, start: (slice.start - min) as Ns, dur: slice.dur as Ns, args: slice.args as Record<string, ArgValue> }
      : { id: i, laneId: laneOf.get(`${slice.pid}\u0000${slice.tid}`)!, name: slice.name, kind, start: (slice.start - min) as Ns, dur: slice.dur as Ns };
    ops[i] = op;
  }

  const deps = bindFlows(doc, ops, laneOf, min, rules, warnings);
  const instants: Instant[] = doc.instants.map((i) => {
    const lane = i.tid === undefined ? undefined : laneOf.get(`${i.pid}\u0000${i.tid}`);
    return lane ? { name: i.name, ts: (i.ts - min) as Ns, laneId: lane } : { name: i.name, ts: (i.ts - min) as Ns };
  });
  const trace: Trace = { processes, lanes, ops, deps, phases: [], ...(instants.length > 0 ? { instants } : {}) };
  return { trace, shiftNs: min };
}

/**
 * Flow points grouped by (cat, id), ordered by time ('s' first), each bound to a slice by the
 * Trace Event Format's rules; consecutive bound points become one dependency.
 */
function bindFlows(doc: ScannedDoc, ops: readonly Op[], laneOf: ReadonlyMap<string, string>, shift: number, rules: FormatRules, warnings: Warnings): Dep[] {
  if (doc.flows.length === 0) return [];
  const index = new LaneIndex(ops);
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
        warnings.add(points[0]!.ph !== 's' ? `a flow (${points[0]!.cat || 'no category'}) has no start event` : `a flow (${points[0]!.cat || 'no category'}) has a start but no end`);
      }
      continue;
    }
    let prev: Op | undefined;
    for (const p of points) {
      const lane = laneOf.get(`${p.pid}\u0000${p.tid}`);
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
