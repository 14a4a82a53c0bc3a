/**
 * Draws one frame of the timeline on a Canvas 2D context: rows, ops (via LOD), op names, instants,
 * dependency arrows, the critical path, hover and selection outlines, the range selection, and
 * the header (time axis, phases). Lane names are not drawn: they are DOM text in the gutter.
 *
 * Cost: the frame's work is bounded by what is visible (LOD rects, ≤ maxArrows arrows), never by
 * the trace's size. The rects under everything else — row bands, grid lines, ops and search
 * outlines — are filled into the frame's own pixels and put on the canvas as one image
 * (pixel-frame.ts: with software rasterization, the canvas's replay of thousands of rect paths at
 * commit was what made frames miss a vsync); text, markers, arrows and outlines are drawn on top
 * with the canvas.
 *
 * Without a context (happy-dom, or a canvas that could not get one) everything but the drawing
 * still runs, so the counts (and the tests that read them) are the same as on screen.
 */
import { OP_KINDS, type Trace } from '@core/model.js';
import { formatDuration } from '@core/time.js';
import { phaseColorSlots, phaseLabel } from '@core/timeline/phase-names.js';
import { collectArrows, createArrowFrame, type ArrowFrame, type ArrowIndex } from './arrows.js';
import { RectBuffer, type RecordBuffer } from './buffers.js';
import { resolveCssColor, type Rgba } from './css-color.js';
import { drawArrows } from './draw-arrows.js';
import { outlineUnion, snappedRuns } from './rect-union.js';
import { PixelFrame } from './pixel-frame.js';
import { SEARCH_COLOR } from './search-draw.js';
import type { TimelineIndex } from './lane-index.js';
import { AXIS_H, PHASE_ROW_H, visibleRows, type TimelineLayout } from './layout.js';
import { collectLod, createLodFrame, type LodFrame } from './lod.js';
import { NAME_PALETTE, NAME_PALETTE_TEXT } from './name-colors.js';
import { opBox } from './op-box.js';
import { drawCounterRow } from './counters-draw.js';
import type { RecordingRegion } from '@core/analysis/recording-regions.js';
import type { TimelineTheme } from './theme.js';
import { timeTicks, timeToX, type TimeWindow, type View } from './viewport.js';

export interface FrameInput {
  /** For op and phase names. */
  readonly trace: Trace;
  readonly index: TimelineIndex;
  readonly layout: TimelineLayout;
  readonly arrows: ArrowIndex;
  /** Window and plot width (CSS px). */
  readonly view: View;
  /** Canvas height, CSS px. */
  readonly height: number;
  readonly scrollY: number;
  readonly dpr: number;
  readonly theme: TimelineTheme;
  readonly selected?: number | undefined;
  readonly hovered?: number | undefined;
  /** Every dependency in view, or only the hovered op's and the selected op's chain (arrows.ts). */
  readonly allArrows?: boolean;
  readonly range?: TimeWindow | undefined;
  /** Op ids of the critical path, only when it is to be shown. */
  readonly criticalPath?: readonly number[] | undefined;
  /**
   * Where each step's part of the critical path begins (ns, parallel to criticalPath): the end of
   * the step before it or its own start, whichever is later (docs/metrics.md revision 2). Only that
   * segment of the op is highlighted; without it, the whole op.
   */
  readonly criticalFrom?: readonly number[] | undefined;
  readonly maxArrows?: number;
  /** Each op's palette index (name-colors.ts) to colour by name; absent: by kind. */
  readonly nameColors?: Uint8Array | undefined;
  /** A recording's set-up, warm-up and after-the-phases spans (recording-regions.ts), marked in the header. */
  readonly regions?: readonly RecordingRegion[] | undefined;
  /** Search matches' bars to outline (search-draw.ts collectSearchRects), over the ops. */
  readonly search?: RectBuffer | undefined;
}

export interface FrameBuffers {
  readonly lod: LodFrame;
  readonly arrows: ArrowFrame;
  /** The frame's rects as pixels, one per canvas (its size). */
  readonly pixels: PixelFrame;
  /** The row bands, one pixel wide (drawPixels). */
  readonly bandColumn: PixelFrame;
}

export function createFrameBuffers(): FrameBuffers {
  return { lod: createLodFrame(), arrows: createArrowFrame(), pixels: new PixelFrame(), bandColumn: new PixelFrame() };
}

export interface FrameStats {
  readonly rectsDrawn: number;
  readonly arrowsDrawn: number;
}

/** Average glyph width of the label font, px: labels are cut by estimate, measureText per op would cost more than the frame. */
const LABEL_CHAR_W = 6.2;
const MERGED_ALPHA = 0.8;

export function renderFrame(ctx: CanvasRenderingContext2D | undefined, input: FrameInput, buffers: FrameBuffers): FrameStats {
  const { layout, view, height } = input;
  const originY = layout.headerHeight - input.scrollY;
  const clipTop = layout.headerHeight;
  const rectsDrawn = collectLod({ index: input.index, layout, view, originY, clipTop, clipBottom: height, nameColors: input.nameColors }, buffers.lod);
  const arrowsDrawn = collectArrows(
    {
      index: input.index,
      layout,
      arrows: input.arrows,
      view,
      originY,
      clipTop,
      clipBottom: height,
      selected: input.selected,
      hovered: input.hovered,
      all: input.allArrows ?? true,
      criticalPath: input.criticalPath,
      ...(input.maxArrows !== undefined ? { maxArrows: input.maxArrows } : {}),
    },
    buffers.arrows,
  );
  if (ctx !== undefined) draw(ctx, input, buffers, originY);
  return { rectsDrawn, arrowsDrawn };
}

function draw(ctx: CanvasRenderingContext2D, input: FrameInput, buffers: FrameBuffers, originY: number): void {
  const { layout, view, height, theme } = input;
  const width = view.width;
  const header = layout.headerHeight;
  const ticks = timeTicks(view);
  const { lod } = buffers;
  drawPixels(ctx, input, buffers, originY, ticks.ticks);

  ctx.setTransform(input.dpr, 0, 0, input.dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, header, width, height - header);
  ctx.clip();
  drawLabels(ctx, input, lod);
  drawCounters(ctx, input, originY);
  drawMarkers(ctx, lod.instants, theme.foreground);

  if (input.criticalPath !== undefined) drawCriticalOutlines(ctx, input, originY);
  drawArrows(ctx, buffers.arrows, theme, input.dpr);
  outline(ctx, input, originY, input.hovered, theme.hover, 1);
  outline(ctx, input, originY, input.selected, theme.selection, 2, theme.background);
  ctx.restore();

  drawHeader(ctx, input, ticks.ticks);
  drawMarkers(ctx, lod.globalInstants, theme.foreground);
  if (input.range !== undefined) drawRange(ctx, input, input.range);
}

function drawCounters(ctx: CanvasRenderingContext2D, input: FrameInput, originY: number): void {
  const { layout, height } = input;
  const rows = visibleRows(layout, layout.headerHeight - originY, height - originY);
  for (let r = rows.first; r <= rows.last; r++) {
    const row = layout.rows[r]!;
    if (row.kind === 'counter') drawCounterRow(ctx, row, input.view, originY, input.theme.muted, input.theme.font);
  }
}

/**
 * The frame's rects into its pixels, then on the canvas in one putImageData: the background, the
 * row bands and grid lines, the ops (merged ones first, translucent), and the search outlines
 * over them. Coordinates are CSS px scaled by the DPR, as the canvas's transform scaled them.
 */
function drawPixels(ctx: CanvasRenderingContext2D, input: FrameInput, buffers: FrameBuffers, originY: number, ticks: readonly { readonly x: number }[]): void {
  const { layout, view, height, theme, dpr } = input;
  const px = buffers.pixels;
  const header = layout.headerHeight;
  px.resize(Math.round(view.width * dpr), Math.round(height * dpr));
  // The row bands span the width: composed in one column of pixels, then copied across each row.
  const bands = buffers.bandColumn;
  bands.resize(1, px.height);
  bands.clear(resolveCssColor(theme.background));
  bands.setClip(0, header * dpr, 1, bands.height);
  const band = (y: number, h: number, color: string): void => bands.fillRect(0, y * dpr, 1, (y + h) * dpr, resolveCssColor(color));
  const rows = visibleRows(layout, header - originY, height - originY);
  for (let r = rows.first; r <= rows.last; r++) {
    const row = layout.rows[r]!;
    const y = originY + row.top;
    if (row.kind === 'process') {
      band(y, row.height, theme.processBand);
      band(y, 1, theme.grid);
    } else if (row.stripe) {
      band(y, row.height, theme.stripe);
    }
  }
  px.fillRowsFrom(bands);
  px.setClip(0, header * dpr, px.width, px.height);
  const grid = resolveCssColor(theme.grid);
  // Grid lines are part of the base the ops are blended over (pixel-frame.ts), left to right.
  const xs = ticks.map((t) => Math.round(t.x)).sort((a, b) => a - b);
  for (const x of xs) px.baseLine(x * dpr, header * dpr, (x + 1) * dpr, height * dpr, grid);

  const { lod } = buffers;
  OP_KINDS.forEach((kind, k) => fillRects(px, dpr, lod.merged[k]!, theme.kinds[kind], MERGED_ALPHA, false));
  NAME_PALETTE.forEach((color, c) => fillRects(px, dpr, lod.mergedByName[c]!, color, MERGED_ALPHA, false));
  OP_KINDS.forEach((kind, k) => fillRects(px, dpr, lod.own[k]!, theme.kinds[kind], 1, true));
  NAME_PALETTE.forEach((color, c) => fillRects(px, dpr, lod.ownByName[c]!, color, 1, true));
  if (input.search !== undefined && input.search.count > 0) {
    // Each outline as 2-px edges on the pixel grid, the outlines of neighbouring matches merged
    // first (rect-union.ts): disjoint rects, one opaque colour.
    outlineUnion(input.search, searchEdges);
    const d = searchEdges.data;
    lines.begin(px, dpr, resolveCssColor(SEARCH_COLOR), 1);
    for (let i = 0, o = 0; i < searchEdges.count; i++, o += 4) lines.add(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!);
    lines.end();
  }
  ctx.putImageData(px.imageData(), 0, 0);
}

/** The edges of one frame's search outlines (reused: a frame allocates nothing per match). */
const searchEdges = new RectBuffer();

/**
 * The rects of one colour as one canvas path filled once would draw them: each pixel blended once
 * (a union pass). Own rects lose a pixel at their right end when wide, so neighbours stay apart;
 * edges are snapped to whole CSS px and narrower rects that touch are one (rect-union.ts).
 */
function fillRects(px: PixelFrame, dpr: number, buf: RectBuffer, color: string, alpha: number, gap: boolean): void {
  if (buf.count === 0) return;
  px.beginUnion();
  lines.begin(px, dpr, resolveCssColor(color), alpha);
  snappedRuns(buf, gap, lines.add);
  lines.end();
  px.endUnion();
}

/**
 * Rects (CSS px) handed to the pixel frame a line at a time: consecutive rects of one y and
 * height (a sub-row's runs, as lod.ts and snappedRuns give them) go in one fillSpans call.
 */
class LineSpans {
  private px: PixelFrame | undefined;
  private dpr = 1;
  private color: Rgba = { r: 0, g: 0, b: 0, a: 1 };
  private alpha = 1;
  private y = NaN;
  private h = NaN;
  private xs = new Float64Array(512);
  private n = 0;

  begin(px: PixelFrame, dpr: number, color: Rgba, alpha: number): void {
    this.px = px;
    this.dpr = dpr;
    this.color = color;
    this.alpha = alpha;
    this.n = 0;
  }

  readonly add = (x: number, y: number, w: number, h: number): void => {
    if (y !== this.y || h !== this.h) {
      this.flush();
      this.y = y;
      this.h = h;
    }
    if (2 * this.n + 2 > this.xs.length) {
      const xs = new Float64Array(this.xs.length * 2);
      xs.set(this.xs);
      this.xs = xs;
    }
    this.xs[2 * this.n] = x * this.dpr;
    this.xs[2 * this.n + 1] = (x + w) * this.dpr;
    this.n++;
  };

  end(): void {
    this.flush();
    this.px = undefined;
  }

  private flush(): void {
    if (this.n > 0 && this.px) this.px.fillSpans(this.y * this.dpr, (this.y + this.h) * this.dpr, this.xs, this.n, this.color, this.alpha);
    this.n = 0;
  }
}

const lines = new LineSpans();

function drawLabels(ctx: CanvasRenderingContext2D, input: FrameInput, lod: LodFrame): void {
  const { labels } = lod;
  if (labels.count === 0) return;
  const ops = input.trace.ops;
  ctx.font = input.theme.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (let i = 0; i < labels.count; i++) {
    const op = ops[labels.ids[i]!];
    if (op === undefined) continue;
    const x = labels.geom[i * 3]!;
    const y = labels.geom[i * 3 + 1]!;
    const w = labels.geom[i * 3 + 2]!;
    const text = fitText(op.name, w - 6);
    if (text === '') continue;
    ctx.fillStyle = input.nameColors ? NAME_PALETTE_TEXT[input.nameColors[op.id]!]! : input.theme.kindText[op.kind];
    ctx.fillText(text, x + 3, y + 7.5);
  }
}

/** `s` cut to about `px` wide with an ellipsis; '' when not even two characters fit. */
export function fitText(s: string, px: number): string {
  const max = Math.floor(px / LABEL_CHAR_W);
  if (s.length <= max) return s;
  if (max < 2) return '';
  return `${s.slice(0, max - 1)}…`;
}

/** Small downward triangles with their tip at each point. */
function drawMarkers(ctx: CanvasRenderingContext2D, pts: RecordBuffer, color: string): void {
  if (pts.count === 0) return;
  const d = pts.data;
  ctx.fillStyle = color;
  ctx.beginPath();
  for (let i = 0, o = 0; i < pts.count; i++, o += 2) {
    const x = d[o]!;
    const tip = d[o + 1]!;
    ctx.moveTo(x, tip);
    ctx.lineTo(x - 3.5, tip - 5);
    ctx.lineTo(x + 3.5, tip - 5);
    ctx.closePath();
  }
  ctx.fill();
}

function drawCriticalOutlines(ctx: CanvasRenderingContext2D, input: FrameInput, originY: number): void {
  const path = input.criticalPath ?? [];
  const from = input.criticalFrom;
  const { view, theme } = input;
  ctx.strokeStyle = theme.critical;
  ctx.fillStyle = theme.critical;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i < path.length; i++) {
    const b = opBox(input.index, input.layout, view, originY, path[i]!);
    if (b === undefined) continue;
    // The step's segment: from where it took over the chain to its end (a wait's part after what it waited for).
    const f = from?.[i];
    const segStart = f === undefined ? b.x : Math.max(b.x, timeToX(view, f));
    const segEnd = b.x + b.w;
    if (segEnd < -2 || segStart > view.width + 2) continue;
    const x0 = Math.max(-2, segStart);
    const x1 = Math.min(view.width + 2, Math.max(segEnd, x0 + 2));
    ctx.rect(x0, b.y - 1, x1 - x0, b.h + 2);
  }
  ctx.globalAlpha = 0.25;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.stroke();
}

/**
 * An outline around op `id`; with `inner`, a second, thin line of that colour inside it, so that
 * the outline stands out on any kind colour (the selection).
 */
function outline(
  ctx: CanvasRenderingContext2D,
  input: FrameInput,
  originY: number,
  id: number | undefined,
  color: string,
  lineWidth: number,
  inner?: string,
): void {
  if (id === undefined) return;
  const b = opBox(input.index, input.layout, input.view, originY, id);
  if (b === undefined) return;
  // At least a few px wide, so a selected op narrower than a pixel can still be seen.
  const w = Math.max(3, b.w);
  const x0 = Math.max(-4, b.x - (w - b.w) / 2);
  const x1 = Math.min(input.view.width + 4, x0 + w);
  if (x1 < 0 || x0 > input.view.width) return;
  ctx.strokeStyle = color;
  ctx.lineWidth = lineWidth;
  ctx.strokeRect(x0 - lineWidth / 2, b.y - lineWidth / 2, x1 - x0 + lineWidth, b.h + lineWidth);
  if (inner === undefined) return;
  ctx.strokeStyle = inner;
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 + 0.5, b.y + 0.5, x1 - x0 - 1, b.h - 1);
}

function drawHeader(ctx: CanvasRenderingContext2D, input: FrameInput, ticks: readonly { readonly x: number; readonly label: string }[]): void {
  const { layout, theme, view, trace } = input;
  const width = view.width;
  ctx.fillStyle = theme.axisBackground;
  ctx.fillRect(0, 0, width, layout.headerHeight);
  ctx.fillStyle = theme.grid;
  ctx.fillRect(0, layout.headerHeight - 1, width, 1);

  ctx.font = input.theme.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const t of ticks) {
    ctx.fillStyle = theme.muted;
    ctx.fillRect(Math.round(t.x), AXIS_H - 6, 1, 6);
    ctx.fillStyle = theme.foreground;
    ctx.fillText(t.label, Math.round(t.x) + 3, AXIS_H / 2 - 1);
  }

  // A recording's set-up, warm-up and checks: marked in the first phase row, dashed and muted, so
  // that the time they take reads as what it is rather than as unexplained idle time.
  for (const r of input.regions ?? []) {
    const x0 = Math.max(-2, timeToX(view, r.start));
    const x1 = Math.min(width + 2, timeToX(view, r.end));
    if (x1 < 0 || x0 > width || layout.headerHeight <= AXIS_H) continue;
    const y = AXIS_H;
    const w = Math.max(1, x1 - x0);
    ctx.strokeStyle = theme.muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.strokeRect(x0 + 0.5, y + 1.5, w - 1, PHASE_ROW_H - 4);
    ctx.setLineDash([]);
    const lx = Math.max(0, x0) + 4;
    const text = fitText(`${r.kind} · ${formatDuration(r.end - r.start)}`, Math.min(x1, width) - lx - 2);
    if (text !== '') {
      ctx.fillStyle = theme.muted;
      ctx.fillText(text, lx, y + PHASE_ROW_H / 2);
    }
  }

  // The runs of one phase over rounds share its colour; the label names the round.
  const slots = phaseColorSlots(trace.phases);
  trace.phases.forEach((p, i) => {
    const x0 = Math.max(-2, timeToX(view, p.start));
    const x1 = Math.min(width + 2, timeToX(view, p.end));
    if (x1 < 0 || x0 > width) return;
    const y = AXIS_H + (layout.phaseLayers[i] ?? 0) * PHASE_ROW_H;
    const color = theme.phases[(slots[i] ?? i) % theme.phases.length] ?? theme.muted;
    const w = Math.max(1, x1 - x0);
    ctx.globalAlpha = 0.22;
    ctx.fillStyle = color;
    ctx.fillRect(x0, y + 1, w, PHASE_ROW_H - 3);
    ctx.globalAlpha = 0.8;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, y + 1.5, w - 1, PHASE_ROW_H - 4);
    ctx.globalAlpha = 1;
    const lx = Math.max(0, x0) + 4;
    const text = fitText(`${phaseLabel(p)} · ${formatDuration(p.end - p.start)}`, Math.min(x1, width) - lx - 2);
    if (text !== '') {
      ctx.fillStyle = theme.foreground;
      ctx.fillText(text, lx, y + PHASE_ROW_H / 2);
    }
  });
}

function drawRange(ctx: CanvasRenderingContext2D, input: FrameInput, range: TimeWindow): void {
  const { view, theme, height } = input;
  const x0 = Math.max(-1, timeToX(view, range.start));
  const x1 = Math.min(view.width + 1, timeToX(view, range.end));
  if (x1 < 0 || x0 > view.width) return;
  ctx.fillStyle = theme.rangeFill;
  ctx.fillRect(x0, 0, Math.max(1, x1 - x0), height);
  ctx.fillStyle = theme.rangeStroke;
  ctx.fillRect(Math.round(x0), 0, 1, height);
  ctx.fillRect(Math.round(x1), 0, 1, height);
  const label = formatDuration(range.end - range.start);
  const w = label.length * LABEL_CHAR_W + 10;
  const cx = Math.min(view.width - w / 2, Math.max(w / 2, (x0 + x1) / 2));
  ctx.fillStyle = theme.rangeStroke;
  ctx.fillRect(cx - w / 2, 2, w, AXIS_H - 6);
  ctx.fillStyle = theme.background;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, cx, AXIS_H / 2 - 1);
  ctx.textAlign = 'left';
}
