/**
 * A time window of a trace as a trace of its own: what the app's range selection analyses.
 * `computeStats(clipTrace(trace, window))` gives the window's numbers under the same definitions
 * (docs/metrics.md) as the whole trace, so a selection's figures mean exactly what the
 * whole trace's mean — busy time, overlap and the critical path all counted inside the window.
 *
 * Ops are kept when they overlap the window (half-open, [start, end)) and cut to it; a
 * zero-length op is kept when it lies in [start, end). Kept ops are renumbered in their original
 * order (`Op.id` is the index in `Trace.ops`), dependencies are kept between kept ops only and
 * remapped, phases are cut like ops, instants outside are dropped. Lanes and processes are all
 * kept, so a lane idle during the window shows as idle rather than vanishing. One pass: O(n + E).
 */
import type { ArgValue, Dep, Instant, Op, Phase, Trace } from '../model.js';
import { WORK_ARGS } from './throughput.js';
import type { Ns } from '../time.js';

export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * An op cut by the window keeps the share of its declared work (throughput.ts) that its part
 * inside the window did at its own rate: otherwise its whole work over part of its time would
 * inflate the window's achieved FLOP/s and B/s.
 */
function prorateWork(args: Readonly<Record<string, ArgValue>>, share: number): Readonly<Record<string, ArgValue>> {
  let out: Record<string, ArgValue> | undefined;
  for (const { arg } of WORK_ARGS) {
    const w = args[arg];
    if (typeof w !== 'number') continue;
    out ??= { ...args };
    out[arg] = w * share;
  }
  return out ?? args;
}

export function clipTrace(trace: Trace, window: TimeWindow): Trace {
  return clipTraceMapped(trace, window).trace;
}

/** clipTrace, and each original op's id in the clipped trace (-1: not kept), for callers that carry op ids across. */
export function clipTraceMapped(trace: Trace, window: TimeWindow): { readonly trace: Trace; readonly newId: Int32Array } {
  // The model's times are integer ns: a window dragged on screen is not, so it is widened to whole ns.
  const lo = Math.floor(Math.min(window.start, window.end));
  const hi = Math.ceil(Math.max(window.start, window.end));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`not a time window: [${window.start}, ${window.end}]`);

  const ops: Op[] = [];
  const newId = new Int32Array(trace.ops.length).fill(-1);
  for (let i = 0; i < trace.ops.length; i++) {
    const op = trace.ops[i]!;
    const end = op.start + Math.max(0, op.dur);
    const inside = end > op.start ? op.start < hi && end > lo : op.start >= lo && op.start < hi;
    if (!inside) continue;
    const start = Math.max(op.start, lo);
    newId[i] = ops.length;
    // Spread keeps args and any field a later version adds; only id and times change.
    const dur = Math.min(end, hi) - start;
    const cut = dur < op.dur;
    ops.push({ ...op, id: ops.length, start: start as Ns, dur: dur as Ns, ...(cut && op.args ? { args: prorateWork(op.args, dur / op.dur) } : {}) });
  }

  const deps: Dep[] = [];
  for (const d of trace.deps) {
    const from = Number.isInteger(d.from) ? newId[d.from] : undefined;
    const to = Number.isInteger(d.to) ? newId[d.to] : undefined;
    if (from === undefined || to === undefined || from < 0 || to < 0) continue;
    deps.push({ ...d, from, to });
  }

  const phases: Phase[] = [];
  for (const p of trace.phases) {
    if (!(p.start < hi && p.end > lo)) continue;
    phases.push({ ...p, start: Math.max(p.start, lo) as Ns, end: Math.min(p.end, hi) as Ns });
  }

  const clipped: Trace = { ...trace, ops, deps, phases };
  if (trace.instants === undefined) return { trace: clipped, newId };
  const instants: Instant[] = trace.instants.filter((x) => x.ts >= lo && x.ts < hi);
  return { trace: { ...clipped, instants }, newId };
}
