/**
 * Data dependencies from resource hazards, in the order the ops' effects reach the queue:
 * for op B and each byte it touches,
 * - RAW: B reads it, and A is the last op before B that wrote it;
 * - WAW: B writes it, and A is the last op before B that wrote it;
 * - WAR: B writes it, and A read it after that last write (and before B).
 * One edge per pair (A, B), whatever hazards it has; never a self-edge (an op that reads and
 * writes a binding of its own). Edges are not reduced transitively: A writes X, B reads X,
 * C writes X gives A→B (RAW), B→C (WAR) and A→C (WAW) — each is a hazard the queue must respect.
 * Pure: ops are numbers, resources are strings, ranges are bytes [lo, hi).
 */

export type HazardMode = 'r' | 'w' | 'rw';

export interface HazardOp {
  readonly op: number;
  readonly acc: readonly (readonly [resource: string, lo: number, hi: number, mode: HazardMode])[];
}

export type Hazard = 'RAW' | 'WAR' | 'WAW';

export interface HazardEdge {
  readonly from: number;
  readonly to: number;
  readonly hazards: readonly Hazard[];
}

interface Segment {
  lo: number;
  hi: number;
  writer: number | undefined;
  readers: number[];
}

/** Splits the segments so that `lo` and `hi` are boundaries, and fills gaps in [lo, hi) with empty ones; returns those inside. */
function cover(segs: Segment[], lo: number, hi: number): Segment[] {
  const out: Segment[] = [];
  let at = lo;
  for (let i = 0; i < segs.length && at < hi; i++) {
    const s = segs[i]!;
    if (s.hi <= at) continue;
    if (s.lo >= hi) break;
    if (s.lo > at) {
      const gap: Segment = { lo: at, hi: s.lo, writer: undefined, readers: [] };
      segs.splice(i, 0, gap);
      out.push(gap);
      at = s.lo;
      continue;
    }
    if (s.lo < at) {
      const left: Segment = { lo: s.lo, hi: at, writer: s.writer, readers: [...s.readers] };
      s.lo = at;
      segs.splice(i, 0, left);
      continue;
    }
    if (s.hi > hi) {
      const right: Segment = { lo: hi, hi: s.hi, writer: s.writer, readers: [...s.readers] };
      s.hi = hi;
      segs.splice(i + 1, 0, right);
    }
    out.push(s);
    at = s.hi;
  }
  if (at < hi) {
    const tail: Segment = { lo: at, hi, writer: undefined, readers: [] };
    let i = segs.findIndex((s) => s.lo >= hi);
    if (i < 0) i = segs.length;
    segs.splice(i, 0, tail);
    out.push(tail);
  }
  return out;
}

export function hazardEdges(ops: readonly HazardOp[]): HazardEdge[] {
  const state = new Map<string, Segment[]>();
  const edges = new Map<string, { from: number; to: number; hazards: Set<Hazard> }>();
  const add = (from: number, to: number, h: Hazard) => {
    if (from === to) return;
    const k = `${from}>${to}`;
    let e = edges.get(k);
    if (!e) edges.set(k, (e = { from, to, hazards: new Set() }));
    e.hazards.add(h);
  };
  for (const { op, acc } of ops) {
    for (const [res, lo, hi, mode] of acc) {
      if (!(hi > lo)) continue;
      let segs = state.get(res);
      if (!segs) state.set(res, (segs = []));
      const inside = cover(segs, lo, hi);
      for (const s of inside) {
        if (mode !== 'w' && s.writer !== undefined) add(s.writer, op, 'RAW');
        if (mode !== 'r') {
          if (s.writer !== undefined) add(s.writer, op, 'WAW');
          for (const r of s.readers) add(r, op, 'WAR');
        }
      }
    }
    // Effects after all of the op's edges (its own accesses never order it after itself); covered
    // afresh, since a second access of the op may have split the first one's segments.
    for (const [res, lo, hi, mode] of acc) {
      if (!(hi > lo)) continue;
      for (const s of cover(state.get(res)!, lo, hi)) {
        if (mode === 'r') {
          if (!s.readers.includes(op)) s.readers.push(op);
        } else {
          s.writer = op;
          s.readers = [];
        }
      }
    }
  }
  return [...edges.values()].map((e) => ({ from: e.from, to: e.to, hazards: [...e.hazards].sort() }));
}
