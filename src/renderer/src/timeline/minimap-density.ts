/**
 * The minimap's picture of the whole trace (issue 13 item 5): per lane (or, past MAX_MINIMAP_ROWS
 * lanes, for all lanes together) and per pixel column, the share of the column's time that the
 * lane's top-level ops cover. Computed once per trace and width in O(ops + rows × columns) with a
 * difference array: an op adds its covered time to the columns it spans, whole columns in O(1).
 * Only depth-0 ops count: they never overlap on a lane, so a lane's coverage is at most 1.
 */
import type { TimelineIndex } from './lane-index.js';
import { runToEnd, SLICE_ITEMS, type SlicedJob } from './sliced-job.js';
import type { SearchMatches } from './search-matches.js';
import type { TimeWindow } from './viewport.js';

/** More lanes than this and the minimap shows one row for all of them. */
export const MAX_MINIMAP_ROWS = 8;

export interface MinimapDensity {
  readonly rows: number;
  readonly columns: number;
  /** Row r, column c at [r × columns + c]: covered share in [0, 1] (of all lanes' time when rows is 1 for many lanes). */
  readonly cover: Float32Array;
}

export function minimapDensity(index: TimelineIndex, extent: TimeWindow, columns: number): MinimapDensity {
  return runToEnd(minimapDensitySteps(index, extent, columns));
}

/** `minimapDensity` as a sliced job (sliced-job.ts): it yields every `chunk` ops. */
export function* minimapDensitySteps(index: TimelineIndex, extent: TimeWindow, columns: number, chunk = SLICE_ITEMS): SlicedJob<MinimapDensity> {
  const cols = Math.max(1, Math.floor(columns));
  const laneCount = index.lanes.length;
  const perLane = laneCount <= MAX_MINIMAP_ROWS;
  const rows = perLane ? Math.max(1, laneCount) : 1;
  const cover = new Float32Array(rows * cols);
  const len = extent.end - extent.start;
  if (!(len > 0) || index.opCount === 0) return { rows, columns: cols, cover };
  const colNs = len / cols;
  // Per row: full[c] is a difference array of whole columns covered; part[c] adds partial time.
  const full = new Float64Array(rows * (cols + 1));
  const part = new Float64Array(rows * cols);
  for (let id = 0; id < index.opCount; id++) {
    if (id % chunk === chunk - 1) yield;
    if (index.opDepth[id] !== 0) continue;
    const r = perLane ? index.opLane[id]! : 0;
    const s = Math.max(extent.start, index.opStart[id]!) - extent.start;
    const e = Math.min(extent.end, index.opEnd[id]!) - extent.start;
    if (!(e > s)) continue;
    const c0 = Math.min(cols - 1, Math.floor(s / colNs));
    const c1 = Math.min(cols - 1, Math.floor(e / colNs));
    const base = r * cols;
    if (c0 === c1) {
      part[base + c0] = part[base + c0]! + (e - s);
      continue;
    }
    part[base + c0] = part[base + c0]! + ((c0 + 1) * colNs - s);
    part[base + c1] = part[base + c1]! + (e - c1 * colNs);
    // Whole columns c0 + 1 … c1 − 1.
    const fb = r * (cols + 1);
    full[fb + c0 + 1] = full[fb + c0 + 1]! + 1;
    full[fb + c1] = full[fb + c1]! - 1;
  }
  const lanesInRow = perLane ? 1 : Math.max(1, laneCount);
  for (let r = 0; r < rows; r++) {
    let run = 0;
    for (let c = 0; c < cols; c++) {
      run += full[r * (cols + 1) + c]!;
      const covered = run * colNs + part[r * cols + c]!;
      cover[r * cols + c] = Math.min(1, covered / colNs / lanesInRow);
    }
  }
  return { rows, columns: cols, cover };
}

/** Columns of the minimap that hold the start of a search match (1) or not (0). */
export function matchColumns(index: TimelineIndex, matches: SearchMatches, extent: TimeWindow, columns: number): Uint8Array {
  const cols = Math.max(1, Math.floor(columns));
  const out = new Uint8Array(cols);
  const len = extent.end - extent.start;
  if (!(len > 0)) return out;
  for (let k = 0; k < matches.count; k++) {
    const t = index.opStart[matches.ids[k]!]!;
    const c = Math.floor(((t - extent.start) / len) * cols);
    if (c >= 0 && c < cols) out[c] = 1;
  }
  return out;
}
