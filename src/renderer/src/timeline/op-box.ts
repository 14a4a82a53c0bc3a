/** Where one op is drawn: for outlines (hover, selection, critical path) and for tests that click an op. */
import type { TimelineIndex } from './lane-index.js';
import { barHeight, barTop, type TimelineLayout } from './layout.js';
import { timeToX, type View } from './viewport.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The op's bar in canvas px (`originY` = canvas y of content y 0), or undefined for an unknown id. */
export function opBox(index: TimelineIndex, layout: TimelineLayout, view: View, originY: number, id: number): Box | undefined {
  if (!(Number.isInteger(id) && id >= 0 && id < index.opCount)) return undefined;
  const row = layout.laneRows[index.opLane[id]!];
  if (row === undefined) return undefined;
  const x = timeToX(view, index.opStart[id]!);
  const w = timeToX(view, index.opEnd[id]!) - x;
  return { x, y: originY + barTop(row, index.opDepth[id]!), w, h: barHeight(row) };
}
