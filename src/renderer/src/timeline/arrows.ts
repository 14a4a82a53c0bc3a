/**
 * Dependency arrows: from the END of the source op to the START of the target op (the edge says
 * "B could not start before A ended"), as in the report's SVG timeline.
 *
 * Traces carry up to one edge per op (queue order), so a frame must not visit them all. Arrows
 * are indexed once per trace by the time interval they span, in classes of similar length
 * (2^k … 2^(k+1) ns), each sorted by its earlier end: an arrow crossing the window [vs, ve] starts
 * in [vs − longest of its class, ve], which is a binary search per class, with little waste.
 * Same-row arrows (a queue's order edges) have classes of their own, skipped whole when all of
 * their arrows are shorter than a pixel.
 *
 * Arrows that land on the same pixels as one already taken (zoomed out, a CPU thread's launches
 * into one GPU queue) are drawn once. A frame draws at most `maxArrows`; when more are visible,
 * those with both ends off-screen (long arrows merely crossing the view) are dropped first. A frame also looks at no more than
 * VISIT_BUDGET_PER_ARROW × maxArrows candidates, so that one where most candidates turn out hidden
 * (rows scrolled away) still costs a bounded time. The selected op's arrows and the critical path
 * are drawn on top, highlighted, outside that budget.
 */
import type { Trace } from '@core/model.js';
import { depKindIndex } from '@core/vocabulary/dep-kinds.js';
import { RecordBuffer } from './buffers.js';
import { argsortByKey } from '@core/analysis/argsort.js';
import { PixelSet } from './pixel-set.js';
import { runToEnd, SLICE_ITEMS, type SlicedJob } from './sliced-job.js';
import { lowerBound, type TimelineIndex } from './lane-index.js';
import { barMiddle, type TimelineLayout } from './layout.js';
import { scaleOf, type View } from './viewport.js';

/**
 * Arrows drawn per frame at most (plus the selected op's and the critical path's): the issue's
 * 10,000. Past a few hundred they are drawn as one-device-pixel hairlines (draw-arrows.ts), and
 * arrows that land on the same pixels are drawn once; measured with 10,000 CPU → GPU arrows in
 * view, a frame stays within one 60 Hz vsync even in Chromium's software rasterizer
 * (bench/timeline-perf.ts, docs/benchmarks.md).
 */
export const MAX_ARROWS = 10_000;
/** Arrows of the selected op drawn at most (an op can have thousands: a barrier). */
export const MAX_SELECTED_ARROWS = 500;
/** Kind index of a critical-path step (not a dependency of the trace: it may be same-lane order). */
export const CRITICAL_KIND = 255;

const LENGTH_CLASSES = 64;
const CLASSES = 2 * LENGTH_CLASSES;
/** Arrows a frame may look at, per arrow it may draw: bounds a frame where most candidates turn out hidden. */
const VISIT_BUDGET_PER_ARROW = 20;

/** Where an arrow is relative to the view (plain numbers: `Geometry.place` runs per arrow). */
type Placement = 0 | 1 | 2;
const Placement = { Hidden: 0, OnScreen: 1, Crossing: 2 } as const;

export interface ArrowIndex {
  /** Arrows kept (edges between two existing, distinct ops). */
  readonly count: number;
  /** By arrow: source op id, target op id, `depKindIndex`. */
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  readonly kind: Uint8Array;
  /** By arrow: the index of its edge in `Trace.deps`. */
  readonly dep: Uint32Array;
  /** Arrows grouped by class (see `classOf`), each class sorted by `early`. */
  readonly order: Uint32Array;
  /** Aligned with `order`: the earlier and the later end of each arrow, ns. */
  readonly early: Float64Array;
  readonly late: Float64Array;
  /** Class c holds positions [classStart[c], classStart[c + 1]). */
  readonly classStart: Uint32Array;
  /** Longest arrow of each class, ns. */
  readonly classMaxLen: Float64Array;
  /**
   * Aligned with `order`: the lane and depth of each arrow's source and target, and 1 where the
   * source's end is the later end. A frame's scan reads these in order instead of the ops'
   * arrays by id (at 10,000,000 ops, a cache miss or several per candidate arrow).
   */
  readonly fromLaneAt: Uint32Array;
  readonly toLaneAt: Uint32Array;
  readonly fromDepthAt: Uint16Array;
  readonly toDepthAt: Uint16Array;
  readonly backAt: Uint8Array;
  /** CSR adjacency by op id: outgoing arrows of op v are outArrows[outStart[v] … outStart[v + 1]); likewise incoming. */
  readonly outStart: Uint32Array;
  readonly outArrows: Uint32Array;
  readonly inStart: Uint32Array;
  readonly inArrows: Uint32Array;
}

/**
 * Class of an arrow: its length's power of two, and whether both ends are on one sub-row.
 * Arrows between sub-rows come first (0 … 63): they say more than same-row ones (64 … 127), which
 * restate the order the row already shows — and a same-row class whose longest arrow is under a
 * pixel is skipped whole when zoomed out, where a queue's edges would otherwise be visited one by one.
 */
function classOf(len: number, sameRow: boolean): number {
  const c = len < 1 ? 0 : Math.min(LENGTH_CLASSES - 1, 1 + Math.floor(Math.log2(len)));
  return sameRow ? LENGTH_CLASSES + c : c;
}

export function buildArrowIndex(trace: Trace, index: TimelineIndex): ArrowIndex {
  return runToEnd(buildArrowIndexSteps(trace, index));
}

/** `buildArrowIndex` as a sliced job (sliced-job.ts): it yields every `chunk` iterations of its loops. */
export function* buildArrowIndexSteps(trace: Trace, index: TimelineIndex, chunk = SLICE_ITEMS): SlicedJob<ArrowIndex> {
  const n = index.opCount;
  const deps = trace.deps;
  const valid = (v: number): boolean => Number.isInteger(v) && v >= 0 && v < n;
  let count = 0;
  for (let i = 0; i < deps.length; i++) {
    if (i % chunk === chunk - 1) yield;
    const d = deps[i]!;
    if (valid(d.from) && valid(d.to) && d.from !== d.to) count++;
  }

  const from = new Uint32Array(count);
  const to = new Uint32Array(count);
  const kind = new Uint8Array(count);
  const dep = new Uint32Array(count);
  const earlyOf = new Float64Array(count);
  const lateOf = new Float64Array(count);
  const cls = new Uint8Array(count);
  const classStart = new Uint32Array(CLASSES + 1);
  const classMaxLen = new Float64Array(CLASSES);
  const { opEnd, opStart, opLane, opDepth } = index;
  let a = 0;
  for (let i = 0; i < deps.length; i++) {
    if (i % chunk === chunk - 1) yield;
    const d = deps[i]!;
    const u = d.from;
    const v = d.to;
    if (!(valid(u) && valid(v) && u !== v)) continue;
    from[a] = u;
    to[a] = v;
    kind[a] = depKindIndex(d.kind);
    dep[a] = i;
    const t1 = opEnd[u]!;
    const t2 = opStart[v]!;
    const lo = t1 < t2 ? t1 : t2;
    const len = (t1 < t2 ? t2 : t1) - lo;
    earlyOf[a] = lo;
    lateOf[a] = t1 < t2 ? t2 : t1; // exactly the later end (lo + len may be off by a rounding)
    const c = classOf(len, opLane[u] === opLane[v] && opDepth[u] === opDepth[v]);
    cls[a] = c;
    classStart[c + 1]!++;
    if (len > classMaxLen[c]!) classMaxLen[c] = len;
    a++;
  }
  for (let c = 0; c < CLASSES; c++) classStart[c + 1] = classStart[c + 1]! + classStart[c]!;
  // By early end over all arrows, then a stable counting sort by class keeps that order within classes.
  const byEarly = argsortByKey(earlyOf);
  const order = new Uint32Array(count);
  const put = classStart.slice(0, CLASSES);
  for (let r = 0; r < count; r++) {
    if (r % chunk === chunk - 1) yield;
    const i = byEarly[r]!;
    order[put[cls[i]!]!++] = i;
  }
  const early = new Float64Array(count);
  const late = new Float64Array(count);
  const fromLaneAt = new Uint32Array(count);
  const toLaneAt = new Uint32Array(count);
  const fromDepthAt = new Uint16Array(count);
  const toDepthAt = new Uint16Array(count);
  const backAt = new Uint8Array(count);
  for (let p = 0; p < count; p++) {
    if (p % chunk === chunk - 1) yield;
    const i = order[p]!;
    early[p] = earlyOf[i]!;
    late[p] = lateOf[i]!;
    const u = from[i]!;
    const v = to[i]!;
    fromLaneAt[p] = opLane[u]!;
    toLaneAt[p] = opLane[v]!;
    fromDepthAt[p] = opDepth[u]!;
    toDepthAt[p] = opDepth[v]!;
    backAt[p] = opEnd[u]! < opStart[v]! ? 0 : 1;
  }

  const out = yield* adjacency(from, n, chunk);
  const inc = yield* adjacency(to, n, chunk);
  return {
    count,
    from,
    to,
    kind,
    dep,
    order,
    early,
    late,
    classStart,
    classMaxLen,
    fromLaneAt,
    toLaneAt,
    fromDepthAt,
    toDepthAt,
    backAt,
    outStart: out.start,
    outArrows: out.list,
    inStart: inc.start,
    inArrows: inc.list,
  };
}

/** No arrows: what the timeline draws from until a large trace's arrows are built (sliced-job.ts). */
export const EMPTY_ARROWS: ArrowIndex = {
  count: 0,
  from: new Uint32Array(0),
  to: new Uint32Array(0),
  kind: new Uint8Array(0),
  dep: new Uint32Array(0),
  order: new Uint32Array(0),
  early: new Float64Array(0),
  late: new Float64Array(0),
  classStart: new Uint32Array(CLASSES + 1),
  classMaxLen: new Float64Array(CLASSES),
  fromLaneAt: new Uint32Array(0),
  toLaneAt: new Uint32Array(0),
  fromDepthAt: new Uint16Array(0),
  toDepthAt: new Uint16Array(0),
  backAt: new Uint8Array(0),
  outStart: new Uint32Array(0),
  outArrows: new Uint32Array(0),
  inStart: new Uint32Array(0),
  inArrows: new Uint32Array(0),
};

/** CSR: the arrows whose `ends[a]` is v are list[start[v] … start[v + 1]). */
function* adjacency(ends: Uint32Array, n: number, chunk: number): SlicedJob<{ start: Uint32Array; list: Uint32Array }> {
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < ends.length; i++) {
    if (i % chunk === chunk - 1) yield;
    start[ends[i]! + 1]!++;
  }
  // The prefix sum runs over every op: at 10,000,000 ops it is most of the build.
  for (let v = 0; v < n; v++) {
    if (v % (4 * chunk) === 4 * chunk - 1) yield;
    start[v + 1] = start[v + 1]! + start[v]!;
  }
  const list = new Uint32Array(ends.length);
  const at = start.slice(0, n);
  for (let i = 0; i < ends.length; i++) {
    if (i % chunk === chunk - 1) yield;
    list[at[ends[i]!]!++] = i;
  }
  return { start, list };
}

/** Arrow geometry records: x1, y1 (end of the source), x2, y2 (start of the target), kind index, 1 when both ends are on one sub-row. */
export const ARROW_STRIDE = 6;

export interface ArrowFrame {
  /** Arrows with at least one end on-screen. */
  readonly normal: RecordBuffer;
  /** Arrows merely crossing the view (both ends off-screen), drawn only while the budget allows. */
  readonly crossing: RecordBuffer;
  /** Arrows into and out of the selected op. */
  readonly selected: RecordBuffer;
  /** Steps of the critical path. */
  readonly critical: RecordBuffer;
  /** Per-frame set of the pixel positions taken (see PixelSet). */
  readonly taken: PixelSet;
}

export function createArrowFrame(): ArrowFrame {
  return {
    normal: new RecordBuffer(ARROW_STRIDE),
    crossing: new RecordBuffer(ARROW_STRIDE),
    selected: new RecordBuffer(ARROW_STRIDE),
    critical: new RecordBuffer(ARROW_STRIDE),
    taken: new PixelSet(),
  };
}

export interface ArrowInput {
  readonly index: TimelineIndex;
  readonly layout: TimelineLayout;
  readonly arrows: ArrowIndex;
  readonly view: View;
  /** Canvas y of content y 0. */
  readonly originY: number;
  /** Canvas y range in which rows are visible. */
  readonly clipTop: number;
  readonly clipBottom: number;
  readonly selected?: number | undefined;
  /**
   * Every dependency in view (true, the default), or only those of the hovered op and the selected
   * op's chain — its transitive predecessors and successors (false: the app's default, as Perfetto
   * draws flows for the selection; all at once is a fan of black lines on a busy trace).
   */
  readonly all?: boolean;
  /** The op under the pointer: with `all: false`, its own arrows are drawn too. */
  readonly hovered?: number | undefined;
  /** Op ids of the critical path, in order; drawn only when given. */
  readonly criticalPath?: readonly number[] | undefined;
  readonly maxArrows?: number;
}

/** Fills `out` with the arrows of one frame; returns how many are drawn. */
export function collectArrows(input: ArrowInput, out: ArrowFrame): number {
  out.normal.clear();
  out.crossing.clear();
  out.selected.clear();
  out.critical.clear();
  const { arrows, view } = input;
  if (!(view.width > 0) || !(view.end > view.start)) return 0;
  const max = Math.max(0, Math.floor(input.maxArrows ?? MAX_ARROWS));
  const geo = new Geometry(input);
  const vs = view.start;
  const ve = view.end;
  const sel = input.selected;

  const scale = scaleOf(view);
  let budget = Math.max(1000, max * VISIT_BUDGET_PER_ARROW);
  out.taken.reset(2 * max);
  const all = input.all ?? true;
  scan: for (let c = 0; all && c < CLASSES; c++) {
    const c0 = arrows.classStart[c]!;
    const c1 = arrows.classStart[c + 1]!;
    if (c0 === c1) continue;
    // Same-row arrows all shorter than a pixel: none would show.
    if (c >= LENGTH_CLASSES && arrows.classMaxLen[c]! * scale < 1) continue;
    for (let p = lowerBound(arrows.early, c0, c1, vs - arrows.classMaxLen[c]!); p < c1 && arrows.early[p]! <= ve; p++) {
      if (--budget < 0) break scan;
      if (arrows.late[p]! < vs) continue;
      const a = arrows.order[p]!;
      const from = arrows.from[a]!;
      const to = arrows.to[a]!;
      if (from === sel || to === sel) continue; // drawn highlighted below
      const placed = geo.placeAt(p);
      if (placed === Placement.Hidden) continue;
      // An arrow on the very pixels of one already taken is not drawn again.
      if (placed === Placement.OnScreen) {
        if (!out.taken.add(geo.x1, geo.y1, geo.x2, geo.y2)) continue;
        geo.write(out.normal, arrows.kind[a]!);
        if (out.normal.count >= max) break scan; // full with arrows that have a visible end
      } else if (out.crossing.count < max && out.taken.add(geo.x1, geo.y1, geo.x2, geo.y2)) geo.write(out.crossing, arrows.kind[a]!);
    }
  }
  out.crossing.count = Math.min(out.crossing.count, Math.max(0, max - out.normal.count));

  const isOp = (id: number | undefined): id is number => id !== undefined && Number.isInteger(id) && id >= 0 && id < input.index.opCount;
  if (!all && isOp(input.hovered) && input.hovered !== sel) {
    for (const a of [...arrowsOf(arrows, input.hovered, 'out'), ...arrowsOf(arrows, input.hovered, 'in')]) {
      if (out.normal.count >= MAX_SELECTED_ARROWS) break;
      if (geo.place(arrows.from[a]!, arrows.to[a]!) !== Placement.Hidden) geo.write(out.normal, arrows.kind[a]!);
    }
  }
  if (isOp(sel)) {
    for (const a of all ? [...arrowsOf(arrows, sel, 'out'), ...arrowsOf(arrows, sel, 'in')] : chainOf(arrows, sel, MAX_SELECTED_ARROWS)) {
      if (out.selected.count >= MAX_SELECTED_ARROWS) break;
      if (geo.place(arrows.from[a]!, arrows.to[a]!) !== Placement.Hidden) geo.write(out.selected, arrows.kind[a]!);
    }
  }

  const path = input.criticalPath;
  if (path !== undefined) {
    const n = input.index.opCount;
    for (let i = 0; i + 1 < path.length && out.critical.count < max; i++) {
      const a = path[i]!;
      const b = path[i + 1]!;
      if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < n && b < n)) continue;
      if (geo.place(a, b) !== Placement.Hidden) geo.write(out.critical, CRITICAL_KIND);
    }
  }
  return out.normal.count + out.crossing.count + out.selected.count + out.critical.count;
}

/** Screen geometry of one arrow at a time (fields, not a returned object: no allocation per arrow). */
class Geometry {
  x1 = 0;
  y1 = 0;
  x2 = 0;
  y2 = 0;
  sameRow = false;
  private readonly scale: number;

  constructor(private readonly input: ArrowInput) {
    this.scale = scaleOf(input.view);
  }

  place(from: number, to: number): Placement {
    const { index } = this.input;
    return this.placeEnds(index.opEnd[from]!, index.opStart[to]!, index.opLane[from]!, index.opDepth[from]!, index.opLane[to]!, index.opDepth[to]!);
  }

  /** `place` of the arrow at position p of the index's order, from the arrays aligned with it. */
  placeAt(p: number): Placement {
    const a = this.input.arrows;
    const back = a.backAt[p] === 1;
    const early = a.early[p]!;
    const late = a.late[p]!;
    return this.placeEnds(back ? late : early, back ? early : late, a.fromLaneAt[p]!, a.fromDepthAt[p]!, a.toLaneAt[p]!, a.toDepthAt[p]!);
  }

  private placeEnds(t1: number, t2: number, laneA: number, depthA: number, laneB: number, depthB: number): Placement {
    const { layout, view, originY, clipTop, clipBottom } = this.input;
    if (Math.max(t1, t2) < view.start || Math.min(t1, t2) > view.end) return Placement.Hidden;
    const rowA = layout.laneRows[laneA];
    const rowB = layout.laneRows[laneB];
    if (rowA === undefined || rowB === undefined) return Placement.Hidden;
    this.x1 = (t1 - view.start) * this.scale;
    this.x2 = (t2 - view.start) * this.scale;
    this.y1 = originY + barMiddle(rowA, depthA);
    this.y2 = originY + barMiddle(rowB, depthB);
    this.sameRow = rowA === rowB && depthA === depthB;
    // Both ends above, or both below, the visible rows: nothing of it shows.
    if ((this.y1 < clipTop && this.y2 < clipTop) || (this.y1 > clipBottom && this.y2 > clipBottom)) return Placement.Hidden;
    // Both ends on one pixel of one sub-row (zoomed far out): an arrow of no length.
    if (this.y1 === this.y2 && Math.abs(this.x2 - this.x1) < 1) return Placement.Hidden;
    const w = view.width;
    const on1 = this.x1 >= 0 && this.x1 <= w && this.y1 >= clipTop && this.y1 <= clipBottom;
    const on2 = this.x2 >= 0 && this.x2 <= w && this.y2 >= clipTop && this.y2 <= clipBottom;
    return on1 || on2 ? Placement.OnScreen : Placement.Crossing;
  }

  write(buf: RecordBuffer, kind: number): void {
    const i = buf.alloc();
    const d = buf.data;
    // Far off-screen x are pulled in (keeping the direction) so Float32 and canvases stay exact.
    const lim = this.input.view.width * 4 + 1000;
    d[i] = clamp(this.x1, -lim, lim);
    d[i + 1] = this.y1;
    d[i + 2] = clamp(this.x2, -lim, lim);
    d[i + 3] = this.y2;
    d[i + 4] = kind;
    d[i + 5] = this.sameRow ? 1 : 0;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * The arrows of op `id`'s chain: what it depended on, transitively, and what depended on it,
 * breadth first (nearest first), at most `limit` of them (a queue's order edges can chain a whole lane).
 */
export function chainOf(arrows: ArrowIndex, id: number, limit: number): number[] {
  const out: number[] = [];
  for (const direction of ['in', 'out'] as const) {
    const seen = new Set([id]);
    let frontier = [id];
    while (frontier.length > 0 && out.length < limit) {
      const next: number[] = [];
      for (const op of frontier) {
        for (const a of arrowsOf(arrows, op, direction)) {
          if (out.length >= limit) break;
          out.push(a);
          const other = direction === 'in' ? arrows.from[a]! : arrows.to[a]!;
          if (!seen.has(other)) {
            seen.add(other);
            next.push(other);
          }
        }
      }
      frontier = next;
    }
  }
  return out;
}

/** Arrow ids into (`'in'`) or out of (`'out'`) op `id`. */
export function arrowsOf(arrows: ArrowIndex, id: number, direction: 'in' | 'out'): Uint32Array {
  const [start, list] = direction === 'in' ? [arrows.inStart, arrows.inArrows] : [arrows.outStart, arrows.outArrows];
  if (!(Number.isInteger(id) && id >= 0 && id + 1 < start.length)) return new Uint32Array(0);
  return list.subarray(start[id]!, start[id + 1]!);
}
