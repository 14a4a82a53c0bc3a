/**
 * Fewer, disjoint rects for the same pixels. A frame's search outlines are four 2-px edges per
 * match, and zoomed to where ops are a pixel or two wide a third of a million ops gives tens of
 * thousands of overlapping edges in one path. The page's JavaScript builds that path in a few ms,
 * but the canvas rasterizes it later, when the frame is committed (Chromium's
 * LayerTreeHost::DoUpdateLayers, outside the draw the timeline times): with software
 * rasterization that took 60+ ms a frame (bench/timeline-perf.ts --chrome-trace). Filled in one
 * colour, a path is the union of its rects, so merging them first changes no pixel.
 *
 * Rects here are integers on the pixel grid (the callers round them), as (x, y, w, h).
 */
import { RectBuffer } from './buffers.js';

/** Width of an outline's edge, px. */
export const OUTLINE_PX = 2;

/**
 * Appends to `out` disjoint rects covering exactly the 2-px outlines drawn around each bar of
 * `bars` (bar i's outline box: its rounded x − 2 to x + max(2, w) + 2, y − 2 to y + h + 2). Bars
 * that share a y and height and come one after another (a sub-row's matches, as
 * search-draw.ts collects them) have their outlines merged: the top and bottom edges into runs,
 * the side edges into runs between them.
 */
export function outlineUnion(bars: RectBuffer, out: RectBuffer): void {
  out.clear();
  const d = bars.data;
  const row = new IntervalRun();
  const sides = new IntervalRun();
  let rowY = NaN;
  let rowH = NaN;
  const flush = (): void => {
    if (Number.isNaN(rowY)) return;
    row.emit((x0, x1) => {
      out.push(x0, rowY, x1 - x0, OUTLINE_PX);
      out.push(x0, rowY + rowH - OUTLINE_PX, x1 - x0, OUTLINE_PX);
    });
    sides.emit((x0, x1) => out.push(x0, rowY + OUTLINE_PX, x1 - x0, rowH - 2 * OUTLINE_PX));
  };
  for (let i = 0, o = 0; i < bars.count; i++, o += 4) {
    const x = Math.round(d[o]!) - OUTLINE_PX;
    const y = Math.round(d[o + 1]!) - OUTLINE_PX;
    const w = Math.round(Math.max(2, d[o + 2]!)) + 2 * OUTLINE_PX;
    const h = Math.round(d[o + 3]!) + 2 * OUTLINE_PX;
    if (y !== rowY || h !== rowH) {
      flush();
      rowY = y;
      rowH = h;
      row.clear();
      sides.clear();
    }
    row.add(x, x + w);
    sides.add(x, x + OUTLINE_PX);
    sides.add(x + w - OUTLINE_PX, x + w);
  }
  flush();
}

/**
 * Half-open intervals [x0, x1) on one line, merged as they come: one that overlaps or touches the
 * last is folded into it (the common case: they arrive nearly in order); the rest are kept and,
 * if any came out of order, sorted and merged once at the end.
 */
class IntervalRun {
  private lo: number[] = [];
  private hi: number[] = [];
  private sorted = true;

  clear(): void {
    this.lo.length = 0;
    this.hi.length = 0;
    this.sorted = true;
  }

  add(x0: number, x1: number): void {
    const n = this.lo.length;
    if (n > 0) {
      const l = this.lo[n - 1]!;
      const h = this.hi[n - 1]!;
      if (x0 <= h && x1 >= l) {
        if (x0 < l) {
          this.lo[n - 1] = x0;
          if (n > 1) this.sorted = false; // it may reach back over the one before
        }
        if (x1 > h) this.hi[n - 1] = x1;
        return;
      }
      if (x0 < l) this.sorted = false;
    }
    this.lo.push(x0);
    this.hi.push(x1);
  }

  emit(put: (x0: number, x1: number) => void): void {
    const n = this.lo.length;
    if (n === 0) return;
    if (this.sorted) {
      for (let i = 0; i < n; i++) put(this.lo[i]!, this.hi[i]!);
      return;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.lo[a]! - this.lo[b]!);
    let l = this.lo[order[0]!]!;
    let h = this.hi[order[0]!]!;
    for (let k = 1; k < n; k++) {
      const i = order[k]!;
      if (this.lo[i]! <= h) {
        if (this.hi[i]! > h) h = this.hi[i]!;
        continue;
      }
      put(l, h);
      l = this.lo[i]!;
      h = this.hi[i]!;
    }
    put(l, h);
  }
}

/**
 * The rects of `buf` snapped to whole pixels as the timeline fills ops (edges rounded, at least a
 * pixel wide; with `gap`, a rect 4 px or wider loses its last pixel so neighbours stay apart),
 * each run of rects on one line (same y and height) that touch or overlap handed to `put` as one.
 * The rects of a buffer arrive in x order per sub-row (lod.ts), so a run is merged as it comes.
 */
export function snappedRuns(buf: RectBuffer, gap: boolean, put: (x: number, y: number, w: number, h: number) => void): void {
  const d = buf.data;
  let rx0 = 0;
  let rx1 = -Infinity;
  let ry = NaN;
  let rh = NaN;
  for (let i = 0, o = 0; i < buf.count; i++, o += 4) {
    const w = d[o + 2]!;
    const x0 = Math.round(d[o]!);
    const x1 = Math.max(x0 + 1, Math.round(d[o]! + (gap && w >= 4 ? w - 1 : w)));
    const y = Math.round(d[o + 1]!);
    const h = Math.round(d[o + 3]!);
    if (y === ry && h === rh && x0 <= rx1 && x1 >= rx0) {
      if (x0 < rx0) rx0 = x0;
      if (x1 > rx1) rx1 = x1;
      continue;
    }
    if (rx1 > rx0) put(rx0, ry, rx1 - rx0, rh);
    rx0 = x0;
    rx1 = x1;
    ry = y;
    rh = h;
  }
  if (rx1 > rx0) put(rx0, ry, rx1 - rx0, rh);
}
