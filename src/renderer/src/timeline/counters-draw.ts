/**
 * Counter tracks on the canvas (issue 13, item 6): each series a step line (a sample's value holds
 * until the next sample), the first one also filled, scaled to the track's largest value — as
 * Perfetto draws counters. Cost per frame: a binary search for the window, then one step per
 * sample in view (samples that fall in one pixel column become vertical strokes in it, so the
 * picture stays right however dense); counters hold far fewer samples than traces hold ops.
 */
import type { CounterTrack } from '@core/model.js';
import { partitionPoint } from '@core/analysis/partition-point';
import { formatSci } from '@core/export/report-format';
import { COUNTER_H, type CounterRow } from './layout.js';
import { NAME_PALETTE } from './name-colors.js';
import { timeToX, type View } from './viewport.js';

const PAD = 3;
const maxOf = new WeakMap<CounterTrack, number>();

/** The track's largest value (at least 0, so that a negative-only counter still has a baseline), memoized. */
export function counterMax(track: CounterTrack): number {
  let m = maxOf.get(track);
  if (m === undefined) {
    m = 0;
    for (const s of track.series) for (const v of s.values) if (v > m) m = v;
    maxOf.set(track, m);
  }
  return m;
}

export interface CounterPath {
  /** Canvas x, y vertex pairs of the step line. */
  readonly points: number[];
}

/** The step line of one series over the view, in canvas px (y down), decimated to pixel columns. */
export function counterPath(ts: readonly number[], values: readonly number[], view: View, top: number, max: number): CounterPath {
  const points: number[] = [];
  const n = ts.length;
  if (n === 0 || !(view.end > view.start)) return { points };
  const scaleY = (v: number): number => top + PAD + (COUNTER_H - 2 * PAD) * (1 - (max > 0 ? Math.max(0, v) / max : 0));
  // The sample holding at the left edge: the last one at or before view.start.
  let i = Math.max(0, partitionPoint(n, (k) => ts[k]! <= view.start) - 1);
  const last = partitionPoint(n, (k) => ts[k]! <= view.end); // samples [i, last) are drawn
  let x = Math.max(0, timeToX(view, ts[i]!));
  let y = scaleY(values[i]!);
  points.push(x, y);
  for (i++; i < last; i++) {
    const nx = Math.min(view.width, timeToX(view, ts[i]!));
    const ny = scaleY(values[i]!);
    if (Math.floor(nx) === Math.floor(x)) {
      // Same pixel column: a vertical stroke to the new value; the step's level is what the column ends on.
      points.push(nx, ny);
    } else {
      points.push(nx, y, nx, ny);
    }
    x = nx;
    y = ny;
  }
  points.push(view.width, y);
  return { points };
}

export function drawCounterRow(ctx: CanvasRenderingContext2D, row: CounterRow, view: View, originY: number, muted: string, font: string): void {
  const top = originY + row.top;
  const max = counterMax(row.track);
  row.track.series.forEach((s, k) => {
    const { points } = counterPath(s.ts, s.values, view, top, max);
    if (points.length < 4) return;
    const color = NAME_PALETTE[k % NAME_PALETTE.length]!;
    ctx.beginPath();
    ctx.moveTo(points[0]!, points[1]!);
    for (let p = 2; p < points.length; p += 2) ctx.lineTo(points[p]!, points[p + 1]!);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.stroke();
    if (k === 0) {
      // Area under the first series.
      const base = top + COUNTER_H - PAD;
      ctx.lineTo(points[points.length - 2]!, base);
      ctx.lineTo(points[0]!, base);
      ctx.closePath();
      ctx.globalAlpha = 0.22;
      ctx.fillStyle = color;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
  });
  ctx.fillStyle = muted;
  ctx.font = font;
  ctx.textBaseline = 'top';
  ctx.fillText(`max ${formatSci(max)}`, 4, top + 2);
}
