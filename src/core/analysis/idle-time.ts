/**
 * GPU idle time, broken down by cause (after Meta's HolisticTraceAnalysis "idle time breakdown":
 * host wait, kernel wait, other). For each GPU lane, within a window, every gap between consecutive
 * ops (the holes in the union of the lane's op intervals) is classified:
 *
 * - 'dependency': the op that ends the gap has an incoming dependency (not queue order, not a launch)
 *   from an op on another lane that ended inside the gap: the lane waited for that op's result.
 * - 'host': a host submit (a CPU-lane op named like a submit or a launch) ended inside the gap, or the
 *   next op has an incoming 'launch' edge from an op that ended inside it: the queue was empty,
 *   waiting for the host to give it work. The submit whose end is closest before the next op's
 *   start is named as the cause.
 * - 'other': neither (e.g. the host was busy elsewhere without submitting, or the cause is not in
 *   the trace).
 *
 * A dependency outranks a submit: where the host waited for another lane's result and then
 * submitted, the dependency is the reason and the submit only its consequence.
 * Pure: reads the trace, returns ns.
 */
import type { Lane, Op, Trace } from '../model.js';

export type IdleClass = 'host' | 'dependency' | 'other';
export const IDLE_CLASSES: readonly IdleClass[] = ['host', 'dependency', 'other'];

export interface IdleGap {
  readonly laneId: string;
  readonly start: number;
  readonly end: number;
  readonly durNs: number;
  readonly cls: IdleClass;
  /** The op whose end starts the gap; absent for a leading edge gap. */
  readonly prevOp?: number;
  /** The op whose start ends the gap; absent for a trailing edge gap. */
  readonly nextOp?: number;
  /** The op blamed: the submit (host) or the dependency's source (dependency). */
  readonly cause?: number;
  /** Set on the gaps between the window's edge and the lane's first / after its last op. */
  readonly edge?: 'leading' | 'trailing';
}

export interface IdleByClass {
  readonly host: number;
  readonly dependency: number;
  readonly other: number;
}

export interface LaneIdle {
  readonly laneId: string;
  readonly laneName: string;
  /** Window length, ns. */
  readonly windowNs: number;
  /** busy(lane) ∩ window, ns. */
  readonly busyNs: number;
  /** Sum of the lane's classified gaps, ns (window − busy when edges are counted). */
  readonly idleNs: number;
  /** busy / window; 0 for an empty window. */
  readonly utilization: number;
  readonly byClass: IdleByClass;
  readonly gaps: number;
}

export interface IdleTimeResult {
  readonly window: { readonly start: number; readonly end: number };
  readonly lanes: readonly LaneIdle[];
  readonly totals: { readonly busyNs: number; readonly idleNs: number } & IdleByClass;
  readonly gaps: readonly IdleGap[];
}

export interface IdleTimeOptions {
  /** Defaults to the trace's span (first op start to last op end, all lanes). */
  readonly window?: { readonly start: number; readonly end: number };
  /** GPU lanes to analyse; defaults to every lane of kind 'gpu'. */
  readonly laneIds?: readonly string[];
  /** Also count the window's edges (before a lane's first op, after its last) as gaps. Default false. */
  readonly edges?: boolean;
  /**
   * How late after the next op's start a cause may still end and count (timestamps of host and GPU
   * are aligned only to the calibration's uncertainty). Default 0.
   */
  readonly slackNs?: number;
  /** Which host ops hand work to a queue. Default: CPU-lane ops whose name says submit or launch. */
  readonly isSubmit?: (op: Op, lane: Lane) => boolean;
}

const SUBMIT_NAME = /submit|launch/i;
export const defaultIsSubmit = (op: Op, lane: Lane): boolean => lane.kind === 'cpu' && SUBMIT_NAME.test(op.name);

const end = (o: Op) => o.start + o.dur;

export function idleTime(trace: Trace, options: IdleTimeOptions = {}): IdleTimeResult {
  const laneById = new Map(trace.lanes.map((l) => [l.id, l]));
  const window = options.window ?? spanOf(trace.ops);
  const slack = Math.max(0, options.slackNs ?? 0);
  const isSubmit = options.isSubmit ?? defaultIsSubmit;
  const laneIds = options.laneIds ?? trace.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id);

  // Submits sorted by end, for a binary search of the last one ending at or before a time.
  const submits = trace.ops
    .filter((o) => {
      const lane = laneById.get(o.laneId);
      return lane !== undefined && isSubmit(o, lane);
    })
    .sort((a, b) => end(a) - end(b) || a.id - b.id);
  const submitEnds = submits.map(end);
  const incoming = new Map<number, { from: number; kind: string }[]>();
  for (const d of trace.deps) {
    const list = incoming.get(d.to);
    if (list) list.push({ from: d.from, kind: d.kind });
    else incoming.set(d.to, [{ from: d.from, kind: d.kind }]);
  }

  const classify = (laneId: string, gStart: number, gEnd: number, next: Op | undefined): { cls: IdleClass; cause?: number } => {
    if (!next) return { cls: 'other' };
    const inGap = (t: number) => t > gStart && t <= gEnd + slack;
    let dep: Op | undefined;
    let launch: Op | undefined;
    for (const e of incoming.get(next.id) ?? []) {
      const src = trace.ops[e.from];
      if (!src || src.laneId === laneId || !inGap(end(src))) continue;
      if (e.kind === 'launch') {
        if (!launch || end(src) > end(launch)) launch = src;
      } else if (e.kind !== 'queue-order') {
        if (!dep || end(src) > end(dep)) dep = src;
      }
    }
    if (dep) return { cls: 'dependency', cause: dep.id };
    // The submit ending last at or before next.start + slack, if it ended inside the gap.
    const i = lastAtOrBefore(submitEnds, gEnd + slack);
    const sub = i >= 0 ? submits[i] : undefined;
    if (sub && inGap(end(sub))) {
      if (launch && end(launch) > end(sub)) return { cls: 'host', cause: launch.id };
      return { cls: 'host', cause: sub.id };
    }
    if (launch) return { cls: 'host', cause: launch.id };
    return { cls: 'other' };
  };

  const gaps: IdleGap[] = [];
  const lanes: LaneIdle[] = [];
  const windowNs = Math.max(0, window.end - window.start);
  for (const id of laneIds) {
    const lane = laneById.get(id);
    const ops = trace.ops
      .filter((o) => o.laneId === id && end(o) > window.start && o.start < window.end)
      .sort((a, b) => a.start - b.start || end(a) - end(b) || a.id - b.id);
    const laneGaps: IdleGap[] = [];
    let busy = 0;
    let cur: { start: number; end: number; last: Op } | undefined;
    const push = (g: Omit<IdleGap, 'laneId' | 'durNs' | 'cls' | 'cause'>, next: Op | undefined) => {
      if (g.end <= g.start) return;
      const c = classify(id, g.start, g.end, next);
      laneGaps.push({ laneId: id, ...g, durNs: g.end - g.start, cls: c.cls, ...(c.cause !== undefined ? { cause: c.cause } : {}) });
    };
    for (const o of ops) {
      const s = Math.max(o.start, window.start);
      const e = Math.min(end(o), window.end);
      if (!cur) {
        if (options.edges) push({ start: window.start, end: s, nextOp: o.id, edge: 'leading' }, o);
        cur = { start: s, end: e, last: o };
      } else if (s > cur.end) {
        busy += cur.end - cur.start;
        push({ start: cur.end, end: s, prevOp: cur.last.id, nextOp: o.id }, o);
        cur = { start: s, end: e, last: o };
      } else if (e > cur.end) {
        cur.end = e;
        cur.last = o;
      }
    }
    if (cur) {
      busy += cur.end - cur.start;
      if (options.edges) push({ start: cur.end, end: window.end, prevOp: cur.last.id, edge: 'trailing' }, undefined);
    } else if (options.edges) {
      push({ start: window.start, end: window.end }, undefined);
    }
    const byClass = sumByClass(laneGaps);
    lanes.push({
      laneId: id,
      laneName: lane?.name ?? id,
      windowNs,
      busyNs: busy,
      idleNs: byClass.host + byClass.dependency + byClass.other,
      utilization: windowNs > 0 ? busy / windowNs : 0,
      byClass,
      gaps: laneGaps.length,
    });
    gaps.push(...laneGaps);
  }
  const totals = sumByClass(gaps);
  return {
    window: { start: window.start, end: window.end },
    lanes,
    totals: { busyNs: lanes.reduce((s, l) => s + l.busyNs, 0), idleNs: totals.host + totals.dependency + totals.other, ...totals },
    gaps,
  };
}

function sumByClass(gaps: readonly IdleGap[]): IdleByClass {
  const r = { host: 0, dependency: 0, other: 0 };
  for (const g of gaps) r[g.cls] += g.durNs;
  return r;
}

function spanOf(ops: readonly Op[]): { start: number; end: number } {
  if (ops.length === 0) return { start: 0, end: 0 };
  let s = Infinity;
  let e = -Infinity;
  for (const o of ops) {
    s = Math.min(s, o.start);
    e = Math.max(e, end(o));
  }
  return { start: s, end: e };
}

/** Index of the last element ≤ t in an ascending array, or −1. */
function lastAtOrBefore(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
