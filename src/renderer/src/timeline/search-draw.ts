/**
 * Search matches on the timeline: an amber outline around every match in view, drawn over the
 * ops. Found like the ops themselves (lod.ts): per visible (lane, depth, kind) group by binary
 * search, a match at least a pixel wide outlined on its own, narrower ones merged per pixel
 * column, and the matches that start in a column already covered skipped with one galloping
 * search. A frame's cost is bounded by the visible sub-rows × width, however many ops match.
 * The outlines are filled with the ops into the frame's pixels (render.ts).
 */
import { KIND_COUNT } from '@core/vocabulary/op-kinds.js';
import { firstColumn, lastColumn, OWN_RECT_MIN_PX } from '@core/timeline/lod.js';
import { RectBuffer } from './buffers.js';
import { gallopLowerBound, groupOf, type TimelineIndex } from './lane-index.js';
import { BAR_H, barTop, subRowTop, visibleRows, type TimelineLayout } from './layout.js';
import { matchesInView, type SearchMatches } from './search-matches.js';
import { scaleOf, type View } from './viewport.js';

/** Amber: apart from every kind colour (Okabe–Ito), the selection (the foreground) and the critical path. */
export const SEARCH_COLOR = '#ffb000';

export interface SearchFrameInput {
  readonly index: TimelineIndex;
  readonly layout: TimelineLayout;
  readonly matches: SearchMatches;
  readonly view: View;
  /** Canvas y of content y 0. */
  readonly originY: number;
  readonly clipTop: number;
  readonly clipBottom: number;
}

/** Fills `out` with the bars (x, y, w, h) to outline; returns how many. */
export function collectSearchRects(input: SearchFrameInput, out: RectBuffer): number {
  out.clear();
  const { index, layout, view, originY, matches } = input;
  if (matches.count === 0 || !(view.width > 0) || !(view.end > view.start)) return 0;
  const rows = visibleRows(layout, input.clipTop - originY, input.clipBottom - originY);
  for (let r = rows.first; r <= rows.last; r++) {
    const row = layout.rows[r]!;
    if (row.kind === 'process') {
      // A collapsed process draws its lanes' top-level ops in its summary bar (lod.ts): so are their matches.
      if (!row.collapsed) continue;
      for (const l of row.lanes) {
        const y = originY + barTop(layout.laneRows[l]!, 0);
        for (let k = 0; k < KIND_COUNT; k++) collectGroup(matches, groupOf(index, l, 0, k), view, y, BAR_H, out);
      }
      continue;
    }
    if (row.kind !== 'lane') continue; // a counter track holds no ops
    const l = row.laneIndex;
    for (let d = 0; d < (index.laneDepths[l] ?? 1); d++) {
      const subTop = originY + subRowTop(row, d);
      if (subTop + row.pitch <= input.clipTop || subTop >= input.clipBottom) continue;
      const y = originY + barTop(row, d);
      for (let k = 0; k < KIND_COUNT; k++) collectGroup(matches, groupOf(index, l, d, k), view, y, row.barH, out);
    }
  }
  return out.count;
}

/** The outlines of one group's matches in view: own rects ≥ 1 px, narrower ones merged per pixel column. */
function collectGroup(matches: SearchMatches, g: number, view: View, y: number, barH: number, out: RectBuffer): void {
  const { lo, hi } = matchesInView(matches, g, view.start, view.end);
  if (lo >= hi) return;
  const scale = scaleOf(view);
  const lastCol = Math.ceil(view.width) - 1;
  let runFrom = -1;
  let runTo = -1;
  for (let p = lo; p < hi; p++) {
    const e = matches.end[p]!;
    if (e < view.start) continue;
    const x0 = (matches.start[p]! - view.start) * scale;
    const x1 = (e - view.start) * scale;
    if (x1 - x0 >= OWN_RECT_MIN_PX) {
      const cx0 = Math.max(-3, x0);
      out.push(cx0, y, Math.min(view.width + 3, x1) - cx0, barH);
      continue;
    }
    const c0 = firstColumn(x0, lastCol);
    const c1 = lastColumn(x0, x1, lastCol);
    if (runFrom >= 0 && c0 <= runTo + 1) {
      runTo = Math.max(runTo, c1);
    } else {
      if (runFrom >= 0) out.push(runFrom, y, runTo - runFrom + 1, barH);
      runFrom = c0;
      runTo = c1;
    }
    // Skip the matches that start in a column this run already covers (as lod.ts does for ops).
    if (p + 1 < hi) {
      const tNext = view.start + (c1 + 1) / scale;
      if (matches.start[p + 1]! < tNext) {
        const q = gallopLowerBound(matches.start, p + 1, hi, tNext) - 1;
        if (q > p + 1) p = q - 1;
      }
    }
  }
  if (runFrom >= 0) out.push(runFrom, y, runTo - runFrom + 1, barH);
}
