/**
 * What a press and drag on the minimap does (issue 13 item 5), apart from the view: the minimap
 * shows `extent` (the whole trace) on `width` px; pressing inside the viewport box grabs it where
 * it was pressed, pressing outside centres the viewport on the pointer; dragging moves it. The
 * window keeps its span; the timeline clamps it to its limits.
 */
import { span, type TimeWindow } from './viewport.js';

export function minimapTime(x: number, width: number, extent: TimeWindow): number {
  const w = width > 0 ? Math.min(width, Math.max(0, x)) / width : 0;
  return extent.start + w * (extent.end - extent.start);
}

/** Where in the window (ns from its start) the pointer holds it: where pressed, or its middle when pressed outside. */
export function grabOffset(t: number, win: TimeWindow): number {
  return t >= win.start && t <= win.end ? t - win.start : span(win) / 2;
}

/** The window moved so that `offset` into it lies at time `t`. */
export function windowAt(t: number, offset: number, win: TimeWindow): TimeWindow {
  const start = t - offset;
  return { start, end: start + span(win) };
}
