/**
 * Where the hover tooltip goes: beside the pointer, always wholly inside the window. Below and to
 * the right by default (as Perfetto and Nsight do), flipped to the left or above when it would
 * not fit there, and clamped to the window's edges when it fits neither way (a tooltip larger than
 * half the window). Pure: window coordinates in, window coordinates out (the tooltip is
 * `position: fixed`, so the timeline's own clipping box never cuts it).
 */

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** The pointer's distance from the tooltip, and the least gap kept to the window's edges. */
export const POINTER_GAP = 14;
export const EDGE_GAP = 4;

function axis(pointer: number, size: number, room: number): number {
  const after = pointer + POINTER_GAP;
  if (after + size + EDGE_GAP <= room) return after;
  const before = pointer - POINTER_GAP - size;
  if (before >= EDGE_GAP) return before;
  // Fits on neither side: as far as it can be from the pointer's side, inside the window.
  return Math.max(EDGE_GAP, Math.min(room - size - EDGE_GAP, after));
}

export function placeTooltip(pointer: { readonly x: number; readonly y: number }, tooltip: Size, viewport: Size): { left: number; top: number } {
  return { left: axis(pointer.x, tooltip.width, viewport.width), top: axis(pointer.y, tooltip.height, viewport.height) };
}
