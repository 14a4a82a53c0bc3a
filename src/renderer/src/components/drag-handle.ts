/**
 * A resize handle's drag: from a pointerdown on the handle, every pointermove reports how far the
 * pointer has moved since the press, until pointerup. The pointer is captured, so the drag
 * continues when it leaves the thin handle. Used by the divider under the timeline and by the
 * lane-name column's edge.
 */
export function dragHandle(e: PointerEvent, onMove: (dx: number, dy: number) => void): void {
  const handle = e.currentTarget as HTMLElement;
  const { clientX: x0, clientY: y0 } = e;
  handle.setPointerCapture?.(e.pointerId);
  const move = (ev: PointerEvent): void => onMove(ev.clientX - x0, ev.clientY - y0);
  const up = (): void => {
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', up);
  };
  handle.addEventListener('pointermove', move);
  handle.addEventListener('pointerup', up);
}
