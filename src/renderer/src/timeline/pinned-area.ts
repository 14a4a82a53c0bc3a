/**
 * The pinned area (as Perfetto's pinned tracks): the pinned lanes' rows in a fixed band under the
 * header that does not scroll with the other rows. It is drawn from its own layout
 * (`TimelineLayout.pinned`, built with the rest by buildLayout) on a canvas over the top of the
 * main one, from the same index and buffers; the scrolling rows are drawn from the layout with its
 * header moved down past the band. This module is the band's geometry: how tall it is, which
 * layout a canvas y falls in, and where an op of either is drawn.
 */
import { opBox, type Box } from './op-box.js';
import type { TimelineIndex } from './lane-index.js';
import type { TimelineLayout } from './layout.js';
import type { View } from './viewport.js';

/** The pinned area takes at most this share of the rows' height; past it, it scrolls by itself. */
export const PINNED_MAX_SHARE = 0.4;

export interface PinnedFrame {
  /** Canvas y of the pinned area's top (the header's height), px. */
  readonly top: number;
  /** Its height on the canvas, px: 0 without pinned lanes. */
  readonly height: number;
  /** The pinned lanes' layout, content y 0 at `top` (less the pinned scroll); undefined without pinned lanes. */
  readonly pinned: TimelineLayout | undefined;
  /** The scrolling rows as drawn: the layout with `headerHeight` at the pinned area's bottom. */
  readonly main: TimelineLayout;
  /** The largest scroll of the pinned area itself, px (its rows are taller than its share). */
  readonly maxPinnedScroll: number;
}

/** The pinned area of `layout` on a canvas `canvasHeight` px tall. */
export function pinnedFrame(layout: TimelineLayout, canvasHeight: number): PinnedFrame {
  const top = layout.headerHeight;
  const p = layout.pinned;
  if (p === undefined || p.contentHeight <= 0) return { top, height: 0, pinned: undefined, main: layout, maxPinnedScroll: 0 };
  const room = Math.max(0, canvasHeight - top);
  const height = Math.min(p.contentHeight, Math.floor(room * PINNED_MAX_SHARE));
  return { top, height, pinned: p, main: { ...layout, headerHeight: top + height }, maxPinnedScroll: Math.max(0, p.contentHeight - height) };
}

export interface CanvasPlace {
  readonly layout: TimelineLayout;
  /** Content y in that layout. */
  readonly contentY: number;
  readonly area: 'pinned' | 'rows';
}

/** Which layout canvas y falls in, and where in it; undefined on the header. */
export function placeAt(frame: PinnedFrame, y: number, scrollY: number, pinnedScroll: number): CanvasPlace | undefined {
  if (!(y >= frame.top)) return undefined;
  if (frame.pinned !== undefined && y < frame.top + frame.height) return { layout: frame.pinned, contentY: y - frame.top + pinnedScroll, area: 'pinned' };
  if (y < frame.top + frame.height) return undefined;
  return { layout: frame.main, contentY: y - frame.main.headerHeight + scrollY, area: 'rows' };
}

/** Canvas y of content y 0 of the pinned area's layout and of the scrolling rows' layout. */
export function origins(frame: PinnedFrame, scrollY: number, pinnedScroll: number): { readonly pinned: number; readonly rows: number } {
  return { pinned: frame.top - pinnedScroll, rows: frame.main.headerHeight - scrollY };
}

/**
 * Where op `id` is drawn on the canvas: in the pinned area when its lane is pinned (and that part
 * of the area is in view), else in the scrolling rows; undefined where neither shows it.
 */
export function placedOpBox(index: TimelineIndex, frame: PinnedFrame, view: View, scrollY: number, pinnedScroll: number, id: number): Box | undefined {
  const o = origins(frame, scrollY, pinnedScroll);
  if (frame.pinned !== undefined) {
    const b = opBox(index, frame.pinned, view, o.pinned, id);
    if (b !== undefined && b.y + b.h > frame.top && b.y < frame.top + frame.height) return b;
  }
  const b = opBox(index, frame.main, view, o.rows, id);
  return b !== undefined && b.y + b.h > frame.main.headerHeight ? b : undefined;
}
