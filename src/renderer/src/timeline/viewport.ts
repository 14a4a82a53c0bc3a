/**
 * The visible time window and its mapping to pixels, and the moves that change it: zoom around a
 * pointer, pan, fit. Pure: every move returns a new window, so the component can compare, emit
 * and share windows (the compare view gives two timelines one window).
 *
 * x is in CSS px from the left edge of the plot (the canvas; the lane-name gutter is outside it),
 * times are ns relative to the trace origin. Windows are real numbers: a deep zoom shows a
 * fraction of a nanosecond per pixel, so they are never rounded.
 */
import { niceTicks, tickLabel, tickTimes } from '@core/timeline/ticks.js';

export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** A window shown on `width` px. */
export interface View extends TimeWindow {
  readonly width: number;
}

/** Where the window may go: inside [start, end], no narrower than minSpan. */
export interface ViewLimits extends TimeWindow {
  readonly minSpan: number;
}

/** The narrowest window, ns: at 1000 px that is 100 px per ns, enough to tell integer timestamps apart. */
export const MIN_SPAN_NS = 10;
/** Room left around the trace when fitted, as a share of its span, so the first and last ops do not touch the edges. */
export const FIT_MARGIN = 0.02;
/** Zoom factor of one W/S key press. */
export const KEY_ZOOM = 1.3;
/** Share of the width one A/D key press pans. */
export const KEY_PAN = 0.2;

export function span(w: TimeWindow): number {
  return w.end - w.start;
}

/** px per ns. */
export function scaleOf(v: View): number {
  const s = v.end - v.start;
  return s > 0 ? v.width / s : 0;
}

export function timeToX(v: View, t: number): number {
  return (t - v.start) * scaleOf(v);
}

export function xToTime(v: View, x: number): number {
  return v.width > 0 ? v.start + (x / v.width) * (v.end - v.start) : v.start;
}

/** The limits for a trace whose content spans `extent`: a small margin around it. */
export function limitsFor(extent: TimeWindow, minSpan = MIN_SPAN_NS): ViewLimits {
  const s = Math.max(0, extent.end - extent.start);
  const margin = Math.max(s * FIT_MARGIN, minSpan / 2);
  return { start: extent.start - margin, end: extent.end + margin, minSpan };
}

/** Limits widened to contain `w` (a window imposed from outside, e.g. shared with another trace). */
export function widenLimits(limits: ViewLimits, w: TimeWindow | undefined): ViewLimits {
  if (!w || !(w.end > w.start)) return limits;
  return { start: Math.min(limits.start, w.start), end: Math.max(limits.end, w.end), minSpan: limits.minSpan };
}

/** The whole trace. */
export function fit(limits: ViewLimits): TimeWindow {
  return { start: limits.start, end: limits.end };
}

/**
 * `w` moved (never rescaled, unless it is wider than the limits) so that it lies inside the
 * limits, and no narrower than minSpan.
 */
export function clampWindow(w: TimeWindow, limits: ViewLimits): TimeWindow {
  const maxSpan = limits.end - limits.start;
  const minSpan = Math.min(limits.minSpan, maxSpan);
  let s = span(w);
  if (!(s > 0) || !Number.isFinite(s)) return fit(limits);
  let start = w.start;
  if (s > maxSpan) {
    s = maxSpan;
    start = limits.start;
  } else if (s < minSpan) {
    const mid = (w.start + w.end) / 2;
    s = minSpan;
    start = mid - s / 2;
  }
  if (start < limits.start) start = limits.start;
  if (start + s > limits.end) start = limits.end - s;
  return { start, end: start + s };
}

/**
 * Zoom by `factor` (> 1 zooms in) keeping the time under pixel `x` where it is — unless the
 * limits force the window to move (zooming out at an edge of the trace).
 */
export function zoomAt(v: View, factor: number, x: number, limits: ViewLimits): TimeWindow {
  if (!(factor > 0) || !Number.isFinite(factor)) return { start: v.start, end: v.end };
  const t = xToTime(v, x);
  const maxSpan = limits.end - limits.start;
  const s = Math.min(maxSpan, Math.max(Math.min(limits.minSpan, maxSpan), span(v) / factor));
  const frac = v.width > 0 ? x / v.width : 0.5;
  return clampWindow({ start: t - frac * s, end: t - frac * s + s }, limits);
}

/** Move the window by `dx` px of its own scale; positive shows later times. */
export function panBy(v: View, dx: number, limits: ViewLimits): TimeWindow {
  const dt = v.width > 0 ? (dx / v.width) * span(v) : 0;
  return clampWindow({ start: v.start + dt, end: v.end + dt }, limits);
}

/** The window of the same span centred on `t` (to reveal an op picked from a list). */
export function centerOn(w: TimeWindow, t: number, limits: ViewLimits): TimeWindow {
  const s = span(w);
  return clampWindow({ start: t - s / 2, end: t + s / 2 }, limits);
}

/** Wheel zoom factor for a wheel delta in px: exponential, so zooming in then out by the same delta returns. */
export function wheelZoomFactor(deltaPx: number): number {
  return Math.exp(-deltaPx * 0.002);
}

export interface Tick {
  /** ns */
  readonly t: number;
  /** px */
  readonly x: number;
  readonly label: string;
}

export interface TickSet {
  readonly ticks: readonly Tick[];
  /** 's' | 'ms' | 'µs' | 'ns': the unit the labels are written in. */
  readonly unit: string;
  /** ns between ticks. */
  readonly step: number;
}

/** Ticks about `minPx` apart at a 1/2/5 × 10^k step, labelled in the unit that step reads best in. */
export function timeTicks(v: View, minPx = 90): TickSet {
  const target = Math.max(2, Math.floor(v.width / minPx));
  const t = niceTicks(span(v), target);
  const ticks: Tick[] = [];
  if (!(v.width > 0) || !(span(v) > 0)) return { ticks, unit: t.unitName, step: t.step };
  for (const time of tickTimes(v.start, v.end, t.step)) ticks.push({ t: time, x: timeToX(v, time), label: tickLabel(time, t) });
  return { ticks, unit: t.unitName, step: t.step };
}

export function sameWindow(a: TimeWindow | undefined, b: TimeWindow | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.start === b.start && a.end === b.end);
}
