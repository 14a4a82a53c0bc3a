/**
 * Which op is under the pointer: the row and sub-row (depth) from y, then a binary search in that
 * (lane, depth) sub-row, one per kind — the same index the frame is drawn from, so what is hit is what is drawn.
 * Ops narrower than a pixel are drawn merged into their column, so the search accepts ops within
 * a couple of pixels and returns the nearest; a gap wider than that returns undefined.
 */
import { KIND_COUNT } from '@core/vocabulary/op-kinds.js';
import { groupOf, upperBound, type TimelineIndex } from './lane-index.js';
import { depthAt, rowAt, type TimelineLayout } from './layout.js';
import { scaleOf, xToTime, type View } from './viewport.js';

/** How far (px) from an op the pointer may be and still hit it. */
export const HIT_TOLERANCE_PX = 2;

/**
 * The id of the op at plot x (px) and content y (px, before the header and scrolling are
 * applied: canvas y − header height + scroll), or undefined.
 */
export function hitTest(
  index: TimelineIndex,
  layout: TimelineLayout,
  view: View,
  x: number,
  contentY: number,
  tolerancePx = HIT_TOLERANCE_PX,
): number | undefined {
  const row = rowAt(layout, contentY);
  if (row === undefined || row.kind !== 'lane') return undefined;
  const depth = depthAt(row, contentY);
  if (depth === undefined || depth >= (index.laneDepths[row.laneIndex] ?? 1)) return undefined;
  const scale = scaleOf(view);
  if (!(scale > 0) || x < 0 || x > view.width) return undefined;

  const t = xToTime(view, x);
  const tol = tolerancePx / scale;
  const { start, end } = index;

  // Ops of one kind on a sub-row never overlap: per kind the candidates are the last op starting
  // at or before t and the one after it. Distance is 0 inside an op ([start, end], so a
  // zero-length op can be hit); the nearest op of any kind wins, and on a tie the one containing t.
  let best = -1;
  let bestDist = Infinity;
  for (let k = 0; k < KIND_COUNT; k++) {
    const g = groupOf(index, row.laneIndex, depth, k);
    const g0 = index.groupStart[g]!;
    const g1 = index.groupStart[g + 1]!;
    if (g0 === g1) continue;
    const j = upperBound(start, g0, g1, t) - 1;
    if (j >= g0) {
      const dist = t <= end[j]! ? 0 : t - end[j]!;
      // At a shared boundary (t = one op's end = the next one's start) the op starting there wins.
      if (dist <= tol && (dist < bestDist || (dist === bestDist && best >= 0 && start[j]! > start[best]!))) {
        best = j;
        bestDist = dist;
      }
    }
    if (j + 1 < g1) {
      const dist = start[j + 1]! - t;
      if (dist <= tol && dist < bestDist) {
        best = j + 1;
        bestDist = dist;
      }
    }
  }
  return best < 0 ? undefined : index.ids[best];
}
