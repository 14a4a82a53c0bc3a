/**
 * Level of detail: which rects a frame draws. Per (lane, depth, kind) group the visible ops are found by
 * binary search; an op at least a pixel wide gets a rect of its own, narrower ones are merged per
 * pixel column and kind, and runs of adjacent covered columns of one kind become one rect. A frame
 * therefore draws at most about (visible sub-rows × width) rects per kind, however many ops there
 * are — the rules of core/timeline/lod.ts, which the report's SVG timeline follows too, made
 * incremental.
 *
 * Ops of one kind that start in the same pixel column are skipped with one galloping search
 * instead of being visited one by one (ops of one kind on one sub-row never overlap, so all but
 * the last of them lie inside the column): zoomed out on a million ops, a frame visits about one
 * op per column, kind and sub-row.
 */
import { KIND_COUNT } from '@core/vocabulary/op-kinds.js';
import { bandCount, bandIndex, firstColumn, lastColumn, OWN_RECT_MIN_PX } from '@core/timeline/lod.js';
import { LabelBuffer, PointBuffer, RectBuffer } from './buffers.js';
import { NAME_PALETTE } from './name-colors.js';
import { gallopLowerBound, groupOf, lowerBound, upperBound, type TimelineIndex } from './lane-index.js';
import { AXIS_H, BAR_H, LANE_PAD, barTop, subRowTop, summaryBarTop, visibleRows, type ProcessRow, type TimelineLayout } from './layout.js';
import { scaleOf, type View } from './viewport.js';

/** Ops at least this wide (px) get their name drawn inside. */
export const LABEL_MIN_PX = 28;
/**
 * Labels drawn per frame at most. Text is what a canvas rasterizes slowest: with software
 * rendering (Chromium headless, or no GPU canvas) a frame of ~8,000 labels took 33–66 ms where
 * the same frame's rects alone fit in 16 ms (bench/timeline-perf.ts). Past a few hundred, labels
 * are too dense to read anyway; zooming in brings them back.
 */
export const MAX_LABELS = 400;

export interface LodFrame {
  /** Rects of single ops, by kind index. */
  readonly own: readonly RectBuffer[];
  /** Rects of merged sub-pixel ops, by kind index. */
  readonly merged: readonly RectBuffer[];
  /** Ops wide enough to carry their name. */
  readonly labels: LabelBuffer;
  /** Lane instants: the tips of their markers. */
  readonly instants: PointBuffer;
  /** Instants of no lane, drawn on the axis. */
  readonly globalInstants: PointBuffer;
  /** Colour by name (name-colors.ts): rects of single ops, and merged runs, by palette index instead of by kind. */
  readonly ownByName: readonly RectBuffer[];
  readonly mergedByName: readonly RectBuffer[];
}

export function createLodFrame(): LodFrame {
  return {
    own: Array.from({ length: KIND_COUNT }, () => new RectBuffer()),
    merged: Array.from({ length: KIND_COUNT }, () => new RectBuffer()),
    labels: new LabelBuffer(),
    instants: new PointBuffer(),
    globalInstants: new PointBuffer(),
    ownByName: NAME_PALETTE.map(() => new RectBuffer()),
    mergedByName: NAME_PALETTE.map(() => new RectBuffer()),
  };
}

export interface LodInput {
  readonly index: TimelineIndex;
  readonly layout: TimelineLayout;
  readonly view: View;
  /** Canvas y of content y 0 (header height − vertical scroll). */
  readonly originY: number;
  /** Canvas y range in which rows are visible. */
  readonly clipTop: number;
  readonly clipBottom: number;
  /** Each op's palette index (name-colors.ts) to colour by name; absent: by kind. */
  readonly nameColors?: Uint8Array | undefined;
}

/** Fills `out` with the rects, labels and instant markers of one frame; returns the number of rects. */
export function collectLod(input: LodInput, out: LodFrame): number {
  for (let k = 0; k < KIND_COUNT; k++) {
    out.own[k]!.clear();
    out.merged[k]!.clear();
  }
  out.labels.clear();
  out.instants.clear();
  out.globalInstants.clear();
  for (const b of out.ownByName) b.clear();
  for (const b of out.mergedByName) b.clear();
  const target = sinkFor(input.nameColors, out);

  const { index, layout, view, originY } = input;
  if (!(view.width > 0) || !(view.end > view.start)) return 0;
  const rows = visibleRows(layout, input.clipTop - originY, input.clipBottom - originY);
  for (let r = rows.first; r <= rows.last; r++) {
    const row = layout.rows[r]!;
    if (row.kind === 'process') {
      if (row.collapsed) collectSummary(index, row, view, originY, target);
      continue;
    }
    if (row.kind === 'counter') continue; // drawn by render.ts from the samples, not from the op index
    const l = row.laneIndex;
    const depths = index.laneDepths[l] ?? 1;
    for (let d = 0; d < depths; d++) {
      const subTop = originY + subRowTop(row, d);
      if (subTop + row.pitch <= input.clipTop || subTop >= input.clipBottom) continue;
      const mask = index.subRowKinds[index.subRowStart[l]! + d]!;
      const bandH = row.barH / Math.max(1, bandCount(mask));
      const y = originY + barTop(row, d);
      // Labels are drawn about 7.5 px below their y (render.ts): centred in a bar of any height.
      const labelY = y + (row.barH - BAR_H) / 2;
      for (let k = 0; k < KIND_COUNT; k++) {
        if ((mask & (1 << k)) === 0) continue;
        // Merged kinds share the bar in bands, so dense compute cannot hide the copies beside it.
        const bandY = y + bandIndex(mask, k) * bandH;
        collectGroup(index, groupOf(index, l, d, k), view, y, row.barH, labelY, bandY, bandH, target(k), out.labels);
      }
    }
    const tipY = originY + row.top + LANE_PAD + 5; // markers hang from the top of the lane
    if (tipY > input.clipTop && tipY - 5 < input.clipBottom) collectInstants(index, l, view, tipY, out.instants);
  }
  collectInstants(index, index.lanes.length, view, AXIS_H - 1, out.globalInstants);

  let rects = 0;
  for (let k = 0; k < KIND_COUNT; k++) rects += out.own[k]!.count + out.merged[k]!.count;
  for (let c = 0; c < NAME_PALETTE.length; c++) rects += out.ownByName[c]!.count + out.mergedByName[c]!.count;
  return rects;
}

/** The rects of one group: ops of one kind on one sub-row, which never overlap one another. */
/** Labels are not drawn in a collapsed process's summary: its lanes' ops overlap there. */
const NO_LABELS = new LabelBuffer();

/**
 * A collapsed process: the top-level ops (depth 0) of all its lanes in its one summary bar, merged
 * as ops narrower than a pixel are — the process's activity at a glance, as Perfetto's collapsed
 * process track shows it.
 */
function collectSummary(index: TimelineIndex, row: ProcessRow, view: View, originY: number, target: (kind: number) => Sink): void {
  const y = originY + summaryBarTop(row);
  // One band per kind present in any of the lanes, so a kind sits at the same height across lanes.
  let mask = 0;
  const lanes = row.lanes.filter((l) => (index.laneDepths[l] ?? 0) > 0); // a lane without ops has no sub-row 0
  for (const l of lanes) mask |= index.subRowKinds[index.subRowStart[l]!]!;
  const bandH = BAR_H / Math.max(1, bandCount(mask));
  for (const l of lanes) {
    for (let k = 0; k < KIND_COUNT; k++) {
      if ((mask & (1 << k)) === 0) continue;
      NO_LABELS.clear();
      collectGroup(index, groupOf(index, l, 0, k), view, y, BAR_H, y, y + bandIndex(mask, k) * bandH, bandH, target(k), NO_LABELS);
    }
  }
}

/**
 * Where a group's rects go: by kind, the group's kind's buffers; by name, the buffers of each op's
 * palette index (a merged run takes the colour of the op that opened it: under a pixel, one op of
 * the run is as good a witness as another, and runs stay as few as by kind).
 */
interface Sink {
  own(id: number): RectBuffer;
  merged(id: number): RectBuffer;
}

function sinkFor(nameColors: Uint8Array | undefined, out: LodFrame): (kind: number) => Sink {
  if (nameColors === undefined) {
    const byKind = out.own.map((own, k) => ({ own: () => own, merged: () => out.merged[k]! }));
    return (k) => byKind[k]!;
  }
  const byName: Sink = { own: (id) => out.ownByName[nameColors[id]!]!, merged: (id) => out.mergedByName[nameColors[id]!]! };
  return () => byName;
}

function collectGroup(
  index: TimelineIndex,
  g: number,
  view: View,
  y: number,
  barH: number,
  labelY: number,
  bandY: number,
  bandH: number,
  sink: Sink,
  labels: LabelBuffer,
): void {
  const { start, end, maxEnd, ids } = index;
  const g0 = index.groupStart[g]!;
  const g1 = index.groupStart[g + 1]!;
  if (g0 === g1) return;
  const vs = view.start;
  const width = view.width;
  const scale = scaleOf(view);
  // Visible: end >= vs and start <= ve. The prefix maximum makes the first bound a binary search.
  const lo = lowerBound(maxEnd, g0, g1, vs);
  const hi = upperBound(start, lo, g1, view.end);
  const lastCol = Math.ceil(width) - 1;
  let runFrom = -1; // the open run of merged columns [runFrom, runTo]
  let runTo = -1;
  let runOp = 0; // the op that opened the run (its colour, by name)

  for (let p = lo; p < hi; p++) {
    const e = end[p]!;
    if (e < vs) continue;
    const x0 = (start[p]! - vs) * scale;
    const x1 = (e - vs) * scale;
    if (x1 - x0 >= OWN_RECT_MIN_PX) {
      // Clipped to just outside the canvas: a deep zoom puts x at ±1e12, which canvases mishandle.
      const cx0 = x0 < -1 ? -1 : x0;
      const cx1 = x1 > width + 1 ? width + 1 : x1;
      sink.own(ids[p]!).push(cx0, y, cx1 - cx0, barH);
      if (cx1 - cx0 >= LABEL_MIN_PX) {
        const lx0 = cx0 < 0 ? 0 : cx0;
        const lx1 = cx1 > width ? width : cx1;
        if (lx1 - lx0 >= LABEL_MIN_PX && labels.count < MAX_LABELS) labels.push(ids[p]!, lx0, labelY, lx1 - lx0);
      }
      continue;
    }
    const c0 = firstColumn(x0, lastCol);
    const c1 = lastColumn(x0, x1, lastCol);
    if (runFrom >= 0 && c0 <= runTo + 1) {
      if (c1 > runTo) runTo = c1;
    } else {
      if (runFrom >= 0) sink.merged(runOp).push(runFrom, bandY, runTo - runFrom + 1, bandH);
      runFrom = c0;
      runTo = c1;
      runOp = ids[p]!;
    }
    // Skip the following ops that start in a column this run already covers. They lie in
    // [this op's end, the column's end), under a pixel: all but the last one add nothing, and
    // that last one (it may reach further) is visited next.
    if (p + 1 < hi) {
      const tNext = vs + (c1 + 1) / scale;
      if (start[p + 1]! < tNext) {
        const q = gallopLowerBound(start, p + 1, hi, tNext) - 1;
        if (q > p + 1) p = q - 1;
      }
    }
  }
  if (runFrom >= 0) sink.merged(runOp).push(runFrom, bandY, runTo - runFrom + 1, bandH);
}

/** One marker per pixel column: after a marker, jump to the first instant of the next column. */
function collectInstants(index: TimelineIndex, slot: number, view: View, y: number, out: PointBuffer): void {
  const { ts, slotStart } = index.instants;
  const s0 = slotStart[slot]!;
  const s1 = slotStart[slot + 1]!;
  if (s0 === s1) return;
  const scale = scaleOf(view);
  const margin = 4 / scale; // a marker is a few px wide: keep those whose tip is just off-screen
  let p = lowerBound(ts, s0, s1, view.start - margin);
  const hi = upperBound(ts, p, s1, view.end + margin);
  while (p < hi) {
    const x = (ts[p]! - view.start) * scale;
    out.push(x, y);
    p = gallopLowerBound(ts, p + 1, hi, view.start + (Math.floor(x) + 1) / scale);
  }
}
