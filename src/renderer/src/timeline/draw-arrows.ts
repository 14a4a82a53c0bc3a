/**
 * Drawing the dependency arrows that `collectArrows` chose: curves from the end of the source op
 * to the start of the target op with a head, dashed by dependency kind (as the report's SVG
 * timeline), a small hop over the bar when both ends are on one sub-row; hairlines when there are
 * many; the critical path and the selected op's arrows on top, highlighted.
 */
import { DEP_KINDS } from '@core/model.js';
import { depKindDash, depKindFaint, FAINT_DEP_OPACITY } from '@core/vocabulary/dep-kinds.js';
import { ARROW_STRIDE, type ArrowFrame } from './arrows.js';
import type { RecordBuffer } from './buffers.js';
import type { TimelineTheme } from './theme.js';

/** Dash and opacity per dependency kind, in depKindIndex order: the vocabulary's, as in the report. */
const DEP_DASH: readonly (readonly number[])[] = DEP_KINDS.map(depKindDash);
/** A faint kind at the report's opacity; the others a little stronger than the report's .75, on a busier canvas. */
const DEP_ALPHA: readonly number[] = DEP_KINDS.map((k) => (depKindFaint(k) ? FAINT_DEP_OPACITY : 0.8));
/**
 * Dependency arrows get curves, heads and dashes while there are at most DETAILED_ARROWS of them
 * and their strokes total at most DETAILED_LENGTH_PX; beyond that they are drawn as hairlines.
 * Long anti-aliased strokes are the slowest thing a canvas draws, and the cost follows their
 * length: in Chromium's software rasterizer (measured, DPR 2) 300 long dashed curves took ~40 ms,
 * 100 undashed ~7 ms, while 2,000 hairlines fit in a frame.
 */
export const DETAILED_ARROWS = 300;
export const DETAILED_LENGTH_PX = 20_000;
const HEADS_PER_PATH = 64;

export function drawArrows(ctx: CanvasRenderingContext2D, frame: ArrowFrame, theme: TimelineTheme, dpr: number): void {
  ctx.strokeStyle = theme.arrow;
  ctx.fillStyle = theme.arrow;
  if (frame.normal.count + frame.crossing.count <= DETAILED_ARROWS && strokeLength(frame.normal) + strokeLength(frame.crossing) <= DETAILED_LENGTH_PX) {
    for (let k = 0; k < DEP_DASH.length; k++) {
      ctx.globalAlpha = DEP_ALPHA[k]!;
      ctx.setLineDash(DEP_DASH[k] as number[]);
      ctx.lineWidth = 1.2;
      strokeArrows(ctx, frame.normal, k, false);
      strokeArrows(ctx, frame.crossing, k, false);
    }
    ctx.setLineDash([]);
    // Same-row edges only restate the order the row already shows: small and faint, never hiding ops.
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = 0.8;
    strokeArrows(ctx, frame.normal, -1, true);
    strokeArrows(ctx, frame.crossing, -1, true);
    ctx.globalAlpha = 0.75;
    fillHeads(ctx, frame.normal);
    fillHeads(ctx, frame.crossing);
  } else {
    // Many arrows: hairlines (one device pixel, the rasterizer's fast path), straight, no heads or dashes.
    ctx.setLineDash([]);
    ctx.globalAlpha = 0.45;
    ctx.lineWidth = 1 / dpr;
    strokeLines(ctx, frame.normal);
    strokeLines(ctx, frame.crossing);
  }

  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.lineWidth = 2;
  ctx.strokeStyle = theme.critical;
  ctx.fillStyle = theme.critical;
  strokeArrows(ctx, frame.critical, -1, undefined);
  fillHeads(ctx, frame.critical);
  ctx.strokeStyle = theme.selection;
  ctx.fillStyle = theme.selection;
  strokeArrows(ctx, frame.selected, -1, undefined);
  fillHeads(ctx, frame.selected);
}

/** About how many px of stroke the arrows of `buf` take (Manhattan length; the curves are a bit longer). */
function strokeLength(buf: RecordBuffer): number {
  const d = buf.data;
  let sum = 0;
  for (let i = 0, o = 0; i < buf.count; i++, o += ARROW_STRIDE) sum += Math.abs(d[o + 2]! - d[o]!) + Math.abs(d[o + 3]! - d[o + 1]!);
  return sum;
}

function strokeLines(ctx: CanvasRenderingContext2D, buf: RecordBuffer): void {
  if (buf.count === 0) return;
  const d = buf.data;
  ctx.beginPath();
  for (let i = 0, o = 0; i < buf.count; i++, o += ARROW_STRIDE) {
    const lift = d[o + 5] === 1 ? 7 : 0; // same-row arrows run along the top of the bar
    ctx.moveTo(d[o]!, d[o + 1]! - lift);
    ctx.lineTo(d[o + 2]!, d[o + 3]! - lift);
  }
  ctx.stroke();
}

/**
 * Strokes the arrows of `buf` of dependency kind `kind` (-1: any) and lane relation `same`
 * (undefined: any) as one path: a curve between lanes, a hop over the bar within a lane.
 */
function strokeArrows(ctx: CanvasRenderingContext2D, buf: RecordBuffer, kind: number, same: boolean | undefined): void {
  if (buf.count === 0) return;
  const d = buf.data;
  ctx.beginPath();
  for (let i = 0, o = 0; i < buf.count; i++, o += ARROW_STRIDE) {
    const isSame = d[o + 5] === 1;
    if (same !== undefined && isSame !== same) continue;
    if (kind >= 0 && d[o + 4] !== kind) continue;
    const x1 = d[o]!;
    const y1 = d[o + 1]!;
    const x2 = d[o + 2]!;
    const y2 = d[o + 3]!;
    if (isSame) {
      const top = y1 - 7;
      const dx = Math.max(2, Math.min(30, (x2 - x1) / 3));
      ctx.moveTo(x1, top);
      ctx.bezierCurveTo(x1 + dx, top - 5, x2 - dx, top - 5, x2, top);
    } else {
      const dx = Math.max(12, Math.min(60, Math.abs(x2 - x1) / 2));
      ctx.moveTo(x1, y1);
      ctx.bezierCurveTo(x1 + dx, y1, x2 - dx, y2, x2, y2);
    }
  }
  ctx.stroke();
}

/**
 * Arrowheads along each curve's last tangent, in paths of HEADS_PER_PATH: one path of thousands
 * of overlapping triangles fills far slower than many small ones (measured in Chromium).
 */
function fillHeads(ctx: CanvasRenderingContext2D, buf: RecordBuffer): void {
  const d = buf.data;
  for (let i = 0; i < buf.count;) {
    ctx.beginPath();
    for (const end = Math.min(buf.count, i + HEADS_PER_PATH); i < end; i++) {
      const o = i * ARROW_STRIDE;
      const isSame = d[o + 5] === 1;
      const x1 = d[o]!;
      const x2 = d[o + 2]!;
      let tipY = d[o + 3]!;
      let cx: number;
      let cy: number;
      if (isSame) {
        tipY = d[o + 1]! - 7;
        cx = x2 - Math.max(2, Math.min(30, (x2 - x1) / 3));
        cy = tipY - 5;
      } else {
        cx = x2 - Math.max(12, Math.min(60, Math.abs(x2 - x1) / 2));
        cy = tipY;
      }
      const a = Math.atan2(tipY - cy, x2 - cx);
      const size = isSame ? 4 : 6;
      ctx.moveTo(x2, tipY);
      ctx.lineTo(x2 - size * Math.cos(a - 0.45), tipY - size * Math.sin(a - 0.45));
      ctx.lineTo(x2 - size * Math.cos(a + 0.45), tipY - size * Math.sin(a + 0.45));
      ctx.closePath();
    }
    ctx.fill();
  }
}
