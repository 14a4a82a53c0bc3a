/**
 * Dependency arrows between the pinned area and the scrolling rows. Each area's frame draws the
 * arrows with both ends in it (render.ts, from its own layout); an arrow with one end in each has
 * its ends in two layouts, so it is collected here: the hovered op's arrows, the selected op's
 * chain (or its own arrows) and the critical path's steps, as collectArrows bounds them; with
 * every arrow shown, also those in view, from an index of just the arrows that cross between the
 * pinned lanes and the others (built once per pin change, searched by time per frame, at most
 * MAX_ARROWS drawn and a bounded number visited). Both canvases share canvas coordinates (both
 * start at the plot's top), so the same records are drawn on each, clipped to its area: the part
 * in the pinned area on the pinned canvas, the rest on the main one.
 */
import { argsortByKey } from '@core/analysis/argsort.js';
import { ARROW_STRIDE, arrowsOf, chainOf, CRITICAL_KIND, MAX_ARROWS, MAX_SELECTED_ARROWS, type ArrowFrame, type ArrowIndex } from './arrows.js';
import { drawArrows } from './draw-arrows.js';
import { lowerBound, type TimelineIndex } from './lane-index.js';
import { barMiddle } from './layout.js';
import { origins, type PinnedFrame } from './pinned-area.js';
import type { TimelineTheme } from './theme.js';
import { timeToX, type View } from './viewport.js';

/** The arrows with exactly one end on a pinned lane, by their earlier end. */
export interface CrossArrowIndex {
  /** Arrow ids (into ArrowIndex), sorted by `early`. */
  readonly ids: Uint32Array;
  /** Aligned with `ids`: the earlier and the later end of each arrow, ns. */
  readonly early: Float64Array;
  readonly late: Float64Array;
  /** The longest of them, ns: an arrow in the window [vs, ve] has its earlier end in [vs − maxLen, ve]. */
  readonly maxLen: number;
}

/** The cross arrows for `pinnedLanes`: one pass over the arrows, when the pins (or the arrows) change. */
export function buildCrossArrowIndex(arrows: ArrowIndex, index: TimelineIndex, pinnedLanes: readonly number[]): CrossArrowIndex {
  const pinned = new Uint8Array(index.lanes.length);
  for (const l of pinnedLanes) if (l >= 0 && l < pinned.length) pinned[l] = 1;
  const found: number[] = [];
  if (pinnedLanes.length > 0)
    for (let a = 0; a < arrows.count; a++) if (pinned[index.opLane[arrows.from[a]!]!] !== pinned[index.opLane[arrows.to[a]!]!]) found.push(a);
  const earlyOf = new Float64Array(found.length);
  const lateOf = new Float64Array(found.length);
  found.forEach((a, i) => {
    const t1 = index.opEnd[arrows.from[a]!]!;
    const t2 = index.opStart[arrows.to[a]!]!;
    earlyOf[i] = Math.min(t1, t2);
    lateOf[i] = Math.max(t1, t2);
  });
  const order = argsortByKey(earlyOf);
  const ids = new Uint32Array(found.length);
  const early = new Float64Array(found.length);
  const late = new Float64Array(found.length);
  let maxLen = 0;
  order.forEach((i, r) => {
    ids[r] = found[i]!;
    early[r] = earlyOf[i]!;
    late[r] = lateOf[i]!;
    maxLen = Math.max(maxLen, lateOf[i]! - earlyOf[i]!);
  });
  return { ids, early, late, maxLen };
}

/** Cross arrows a frame may look at, per arrow it may draw (as collectArrows bounds its scan). */
const VISIT_BUDGET_PER_ARROW = 20;

export interface CrossArrowInput {
  readonly index: TimelineIndex;
  readonly arrows: ArrowIndex;
  /** With `all`: the cross arrows to find those in view in. */
  readonly cross?: CrossArrowIndex | undefined;
  readonly frame: PinnedFrame;
  readonly view: View;
  readonly scrollY: number;
  readonly pinnedScroll: number;
  /** Canvas height, px. */
  readonly height: number;
  readonly selected?: number | undefined;
  readonly hovered?: number | undefined;
  /** Every dependency is shown: the selected op's own arrows rather than its chain. */
  readonly all?: boolean;
  readonly criticalPath?: readonly number[] | undefined;
}

/** Fills `out` (normal: the hovered op's, selected, critical) with the arrows between the two areas; returns how many. */
export function collectCrossArrows(input: CrossArrowInput, out: ArrowFrame): number {
  out.normal.clear();
  out.crossing.clear();
  out.selected.clear();
  out.critical.clear();
  const { frame, index, arrows, view } = input;
  const pinned = frame.pinned;
  if (pinned === undefined || !(view.width > 0) || !(view.end > view.start)) return 0;
  const o = origins(frame, input.scrollY, input.pinnedScroll);
  const isOp = (id: number | undefined): id is number => id !== undefined && Number.isInteger(id) && id >= 0 && id < index.opCount;
  const lim = view.width * 4 + 1000; // as collectArrows: far off-screen x pulled in, keeping the direction

  /** Canvas y of op `id`'s bar middle; NaN where it is not shown (a row scrolled under the pinned area). */
  const yOf = (id: number): number => {
    const lane = index.opLane[id]!;
    const depth = index.opDepth[id]!;
    const p = pinned.laneRows[lane];
    if (p !== undefined) return o.pinned + barMiddle(p, depth);
    const r = frame.main.laneRows[lane];
    if (r === undefined) return NaN;
    const y = o.rows + barMiddle(r, depth);
    return y < frame.main.headerHeight ? NaN : y;
  };
  const isPinned = (id: number): boolean => pinned.laneRows[index.opLane[id]!] !== undefined;

  const add = (buf: ArrowFrame['normal'], from: number, to: number, kind: number): void => {
    if (isPinned(from) === isPinned(to)) return; // drawn by that area's own frame
    const t1 = index.opEnd[from]!;
    const t2 = index.opStart[to]!;
    if (Math.max(t1, t2) < view.start || Math.min(t1, t2) > view.end) return;
    const y1 = yOf(from);
    const y2 = yOf(to);
    if (Number.isNaN(y1) || Number.isNaN(y2)) return;
    if (y1 > input.height && y2 > input.height) return;
    const i = buf.alloc();
    const d = buf.data;
    d[i] = Math.min(lim, Math.max(-lim, timeToX(view, t1)));
    d[i + 1] = y1;
    d[i + 2] = Math.min(lim, Math.max(-lim, timeToX(view, t2)));
    d[i + 3] = y2;
    d[i + 4] = kind;
    d[i + 5] = 0;
  };

  const sel = input.selected;
  const cross = input.cross;
  if (input.all === true && cross !== undefined && cross.ids.length > 0) {
    // Every cross arrow in view, as collectArrows takes the others: one per pixel position, at most MAX_ARROWS.
    out.taken.reset(2 * MAX_ARROWS);
    let budget = MAX_ARROWS * VISIT_BUDGET_PER_ARROW;
    const n = cross.ids.length;
    for (let p = lowerBound(cross.early, 0, n, view.start - cross.maxLen); p < n && cross.early[p]! <= view.end && budget-- > 0; p++) {
      if (cross.late[p]! < view.start) continue;
      const a = cross.ids[p]!;
      const from = arrows.from[a]!;
      const to = arrows.to[a]!;
      if (from === sel || to === sel) continue; // drawn highlighted below
      const before = out.normal.count;
      add(out.normal, from, to, arrows.kind[a]!);
      if (out.normal.count > before) {
        const i = before * ARROW_STRIDE;
        const d = out.normal.data;
        if (!out.taken.add(d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!)) out.normal.count = before;
        else if (out.normal.count >= MAX_ARROWS) break;
      }
    }
  }
  if (isOp(input.hovered) && input.hovered !== sel && input.all !== true) {
    for (const dir of ['out', 'in'] as const)
      for (const a of arrowsOf(arrows, input.hovered, dir))
        if (out.normal.count < MAX_SELECTED_ARROWS) add(out.normal, arrows.from[a]!, arrows.to[a]!, arrows.kind[a]!);
  }
  if (isOp(sel)) {
    const list = input.all === true ? [...arrowsOf(arrows, sel, 'out'), ...arrowsOf(arrows, sel, 'in')] : chainOf(arrows, sel, MAX_SELECTED_ARROWS);
    for (const a of list) if (out.selected.count < MAX_SELECTED_ARROWS) add(out.selected, arrows.from[a]!, arrows.to[a]!, arrows.kind[a]!);
  }
  const path = input.criticalPath;
  if (path !== undefined) {
    for (let i = 0; i + 1 < path.length; i++) if (isOp(path[i]) && isOp(path[i + 1])) add(out.critical, path[i]!, path[i + 1]!, CRITICAL_KIND);
  }
  return out.normal.count + out.selected.count + out.critical.count;
}

/** Draws the collected arrows on `ctx`, clipped to canvas y [top, bottom) (one area's part of them). */
export function drawCrossArrows(
  ctx: CanvasRenderingContext2D,
  frame: ArrowFrame,
  theme: TimelineTheme,
  dpr: number,
  width: number,
  top: number,
  bottom: number,
): void {
  if (frame.normal.count + frame.selected.count + frame.critical.count === 0 || !(bottom > top)) return;
  ctx.save();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.beginPath();
  ctx.rect(0, top, width, bottom - top);
  ctx.clip();
  drawArrows(ctx, frame, theme, dpr);
  ctx.restore();
}
