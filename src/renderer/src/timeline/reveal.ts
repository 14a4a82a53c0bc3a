/**
 * Windows that bring something into view: an op picked from a list, a search match, the
 * selection (issue 13 items 4 and 5). Pure, like viewport.ts's moves, and built on them.
 */
import { centerOn, clampWindow, span, type TimeWindow, type ViewLimits } from './viewport.js';

/** An op narrower than this (px) is zoomed in on when revealed, so that it can be seen and clicked. */
export const REVEAL_MIN_PX = 2;
/** …to about this width, px. */
export const REVEAL_ZOOM_PX = 40;
/** Room around what "zoom to selection" fits, as a share of its length on each side. */
export const ZOOM_MARGIN = 0.05;

/**
 * The window that shows [start, end] on `width` px: the same window when it already shows it at
 * least REVEAL_MIN_PX wide; centred on it when it is out of view; zoomed in on it when it is too
 * narrow to see (to about REVEAL_ZOOM_PX); fitted to it when it is longer than the window.
 */
export function revealWindow(w: TimeWindow, start: number, end: number, width: number, limits: ViewLimits): TimeWindow {
  const len = Math.max(0, end - start);
  const s = span(w);
  if (len >= s) return zoomToFit(start, end, limits);
  const px = s > 0 ? (len / s) * width : 0;
  const inView = start >= w.start && end <= w.end;
  if (px < REVEAL_MIN_PX) {
    const target = Math.max(limits.minSpan, (len * width) / REVEAL_ZOOM_PX);
    return centerOn({ start: 0, end: Math.min(s, target) }, (start + end) / 2, limits);
  }
  return inView ? w : centerOn(w, (start + end) / 2, limits);
}

/** [start, end] with ZOOM_MARGIN on each side, inside the limits ("zoom to selection"). */
export function zoomToFit(start: number, end: number, limits: ViewLimits): TimeWindow {
  const len = Math.max(0, end - start);
  const margin = len * ZOOM_MARGIN;
  return clampWindow({ start: start - margin, end: end + margin }, limits);
}
