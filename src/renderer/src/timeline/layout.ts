/**
 * Vertical layout of the interactive timeline: one header row per process, then one row per
 * lane, in the order of `Trace.lanes` (importers sort it: GPU processes first, then the host), and
 * the strip above the rows that holds the time axis and the phases.
 *
 * Coordinates here are "content y": 0 is the top of the first row, before vertical scrolling.
 * The canvas draws content y at `headerHeight + y − scrollY`. Lane names are not drawn on the
 * canvas at all: the component puts them in a DOM gutter (real text for tests and screen
 * readers), so the layout only says where each row is.
 */
import { partitionPoint } from '@core/analysis/partition-point';
import type { CounterTrack, Lane, Phase, TraceProcess } from '@core/model.js';
import { layerPhases } from '@core/analysis/phase-layers.js';
import { AXIS_H, BAR_H, labelColumnPx, laneLabelPx, processLabelPx, SCREEN_TIMELINE } from '@core/timeline/geometry.js';

// The screen's numbers (core/timeline/geometry.ts, beside the printed report's), under the names
// the timeline's modules use.
/** The time axis at the top of the canvas, and an op's bar inside its sub-row: as in the report. */
export { AXIS_H, BAR_H };
/** Height of one phase layer under the axis, px. */
export const PHASE_ROW_H = SCREEN_TIMELINE.phaseRowH;
/** Height of a process header row, px. */
export const PROCESS_H = SCREEN_TIMELINE.processH;
/** Padding above the first and below the last sub-row of a lane, px. */
export const LANE_PAD = SCREEN_TIMELINE.lanePad;
/** Pitch of one nesting depth (sub-row) of a lane at the normal row height, px. */
export const SUB_ROW_H = SCREEN_TIMELINE.subRowH;

/**
 * The timeline's row height (the toolbar's setting): the pitch of a lane's sub-rows and the height
 * of the op bars in them. A lane made taller (the ↕ on its name) is at least `tall`, one step above
 * `tall` when that is the setting: its nested depths further apart and its labels in roomier bars.
 */
export type RowDensity = 'compact' | 'normal' | 'tall';
export const ROW_DENSITIES: readonly RowDensity[] = ['compact', 'normal', 'tall'];

export interface RowMetrics {
  /** Pitch of one sub-row (nesting depth), px. */
  readonly pitch: number;
  /** Height of an op's bar inside its sub-row, px. */
  readonly barH: number;
}

/** From the densest to the roomiest; the last is only reached by a taller lane at the `tall` setting. */
const METRIC_STEPS: readonly RowMetrics[] = [
  { pitch: 13, barH: 11 },
  { pitch: SUB_ROW_H, barH: BAR_H },
  { pitch: 28, barH: 22 },
  { pitch: 40, barH: 32 },
];

/** The sub-row pitch and bar height of a lane at `density`, made taller or not. */
export function rowMetrics(density: RowDensity, taller = false): RowMetrics {
  const step = ROW_DENSITIES.indexOf(density);
  const tallStep = ROW_DENSITIES.indexOf('tall');
  return METRIC_STEPS[taller ? Math.max(step + 1, tallStep) : step]!;
}

export interface ProcessRow {
  readonly kind: 'process';
  readonly pid: number;
  readonly name: string;
  readonly top: number;
  readonly height: number;
  /** Collapsed: its lanes have no rows of their own; their top-level ops are drawn merged in this row. */
  readonly collapsed: boolean;
  /** Lane indices of the process, in row order (drawn in this row when collapsed). */
  readonly lanes: readonly number[];
}

export interface LaneRow {
  readonly kind: 'lane';
  readonly lane: Lane;
  /** Index into the lanes the layout was built from (`TimelineIndex.lanes`). */
  readonly laneIndex: number;
  readonly top: number;
  readonly height: number;
  /** Sub-rows (nesting depths), at least 1. */
  readonly depths: number;
  /** Pitch of its sub-rows and height of its bars, px (rowMetrics). */
  readonly pitch: number;
  readonly barH: number;
  /** Made taller than the row-height setting (the ↕ on its name). */
  readonly taller: boolean;
  /** Pinned: the row is in the pinned area's layout (`TimelineLayout.pinned`), not in the scrolling rows. */
  readonly pinned: boolean;
  /** Every other lane gets a faint band, so that rows can be followed across a wide view. */
  readonly stripe: boolean;
  /**
   * The lane's process is collapsed: this row is not in `rows`; it stands for the process header
   * (same top and height), so arrows, outlines and reveals of its ops land on the summary there.
   */
  readonly hidden?: boolean;
}

/** A counter track (Chrome `C` events) under its process's lanes: a step chart of its series. */
export interface CounterRow {
  readonly kind: 'counter';
  readonly track: CounterTrack;
  /** Index into `Trace.counters`. */
  readonly counterIndex: number;
  readonly top: number;
  readonly height: number;
  readonly stripe: boolean;
}

export type Row = ProcessRow | LaneRow | CounterRow;

export interface TimelineLayout {
  /** Process headers and lanes, top to bottom. */
  readonly rows: readonly Row[];
  /**
   * The lane row of each lane, by lane index. A hole where the lane has no row in this layout: a
   * pinned lane (of an expanded process) in the scrolling layout, an unpinned one in the pinned area's.
   */
  readonly laneRows: readonly LaneRow[];
  /** Height of all rows, px. */
  readonly contentHeight: number;
  /** Axis plus phase layers, px: where row content starts on the canvas. */
  readonly headerHeight: number;
  /** Phase layer (0-based) of each phase, so that overlapping phases stack instead of covering each other. */
  readonly phaseLayers: readonly number[];
  /** Width of the DOM gutter that holds the lane names, px. */
  readonly gutterWidth: number;
  /**
   * The pinned lanes (as Perfetto's pinned tracks): their rows, in pin order from content y 0, in a
   * layout of their own, drawn in the fixed area under the header that does not scroll with the
   * rows (pinned-area.ts). Undefined when no lane is pinned, and in the pinned area's own layout.
   */
  readonly pinned?: TimelineLayout | undefined;
}

export interface LayoutOptions {
  /** Lane indices pinned to the top, in pin order (unknown indices and repeats are ignored). */
  readonly pinned?: readonly number[];
  /** The row-height setting; 'normal' by default. */
  readonly density?: RowDensity;
  /** Lane indices made taller than the setting. */
  readonly taller?: ReadonlySet<number>;
}

// Text widths are estimated (geometry.ts): the gutter errs towards being wide enough; CSS
// ellipsis covers the rest.

/**
 * Rows for `lanes` (in the given order) grouped under their process. A process's lanes are
 * contiguous in an imported trace; should they not be, the lanes still join their process's
 * group (first appearance decides the group's place) so that no process gets two headers.
 */
export function buildLayout(
  processes: readonly TraceProcess[],
  lanes: readonly Lane[],
  laneDepths: ArrayLike<number>,
  phases: readonly Phase[] = [],
  collapsed: ReadonlySet<number> = new Set(),
  counters: readonly CounterTrack[] = [],
  options: LayoutOptions = {},
): TimelineLayout {
  const density = options.density ?? 'normal';
  const taller = options.taller ?? new Set<number>();
  const pinOrder = [...new Set(options.pinned ?? [])].filter((i) => Number.isInteger(i) && i >= 0 && i < lanes.length);
  const pinnedSet = new Set(pinOrder);
  const laneRow = (i: number, top: number, stripe: boolean, pinned: boolean): LaneRow => {
    const depths = Math.max(1, laneDepths[i] ?? 1);
    const isTaller = taller.has(i);
    const m = rowMetrics(density, isTaller);
    return {
      kind: 'lane',
      lane: lanes[i]!,
      laneIndex: i,
      top,
      height: laneHeight(depths, m.pitch),
      depths,
      pitch: m.pitch,
      barH: m.barH,
      taller: isTaller,
      pinned,
      stripe,
    };
  };
  const names = new Map<number, string>();
  for (const p of processes) if (!names.has(p.pid)) names.set(p.pid, p.name);

  const groups = new Map<number, number[]>();
  lanes.forEach((lane, i) => {
    const g = groups.get(lane.pid);
    if (g) g.push(i);
    else groups.set(lane.pid, [i]);
  });
  // Counters go under their process's lanes; a process with counters only gets a group of its own.
  const countersOf = new Map<number, number[]>();
  counters.forEach((c, i) => {
    const list = countersOf.get(c.pid);
    if (list) list.push(i);
    else countersOf.set(c.pid, [i]);
    if (!groups.has(c.pid)) groups.set(c.pid, []);
  });

  const rows: Row[] = [];
  const laneRows = new Array<LaneRow>(lanes.length);
  let y = 0;
  let stripe = false;
  let longest = 0;
  for (const [pid, members] of groups) {
    const name = names.get(pid) ?? `process ${pid}`;
    const isCollapsed = collapsed.has(pid);
    const header: ProcessRow = { kind: 'process', pid, name, top: y, height: isCollapsed ? COLLAPSED_H : PROCESS_H, collapsed: isCollapsed, lanes: members };
    rows.push(header);
    longest = Math.max(longest, processLabelPx(name));
    y += header.height;
    if (isCollapsed) {
      // A pinned lane too: the summary stands for all the process's lanes; its pinned row shows it as well.
      for (const i of members)
        laneRows[i] = {
          kind: 'lane',
          lane: lanes[i]!,
          laneIndex: i,
          top: header.top,
          height: header.height,
          depths: 1,
          pitch: SUB_ROW_H,
          barH: BAR_H,
          taller: taller.has(i),
          pinned: pinnedSet.has(i),
          stripe: false,
          hidden: true,
        };
      continue;
    }
    for (const i of members) {
      longest = Math.max(longest, laneLabelPx(lanes[i]!.name));
      if (pinnedSet.has(i)) continue; // in the pinned area instead
      const row = laneRow(i, y, stripe, false);
      rows.push(row);
      laneRows[i] = row;
      stripe = !stripe;
      y += row.height;
    }
    for (const c of countersOf.get(pid) ?? []) {
      const track = counters[c]!;
      rows.push({ kind: 'counter', track, counterIndex: c, top: y, height: COUNTER_H, stripe });
      stripe = !stripe;
      longest = Math.max(longest, laneLabelPx(track.name));
      y += COUNTER_H;
    }
  }

  const phaseLayers = layerPhases(phases);
  const layerCount = phaseLayers.reduce((n, k) => Math.max(n, k + 1), 0);
  const headerHeight = AXIS_H + layerCount * PHASE_ROW_H;
  const gutterWidth = labelColumnPx(longest, SCREEN_TIMELINE.labelMin, SCREEN_TIMELINE.labelMax);

  let pinned: TimelineLayout | undefined;
  if (pinOrder.length > 0) {
    const pinnedRows: LaneRow[] = [];
    const pinnedLaneRows = new Array<LaneRow>(lanes.length);
    let py = 0;
    pinOrder.forEach((i, k) => {
      const row = laneRow(i, py, k % 2 === 1, true);
      pinnedRows.push(row);
      pinnedLaneRows[i] = row;
      py += row.height;
    });
    pinned = { rows: pinnedRows, laneRows: pinnedLaneRows, contentHeight: py, headerHeight, phaseLayers, gutterWidth };
  }
  return { rows, laneRows, contentHeight: y, headerHeight, phaseLayers, gutterWidth, pinned };
}

/** Height of a lane of `depths` sub-rows at sub-row pitch `pitch`, px. */
export function laneHeight(depths: number, pitch: number = SUB_ROW_H): number {
  return LANE_PAD * 2 + Math.max(1, depths) * pitch;
}

/** Index of the row containing content y, or -1 outside all rows (binary search: rows are sorted by top). */
export function rowIndexAt(layout: TimelineLayout, y: number): number {
  const rows = layout.rows;
  if (!(y >= 0) || y >= layout.contentHeight) return -1;
  return partitionPoint(rows.length, (i) => rows[i]!.top <= y) - 1;
}

export function rowAt(layout: TimelineLayout, y: number): Row | undefined {
  const i = rowIndexAt(layout, y);
  return i < 0 ? undefined : layout.rows[i];
}

/** Height of a counter track's row, px. */
export const COUNTER_H = 30;

/** Height of a collapsed process's row: its header with one summary bar, px. */
export const COLLAPSED_H = Math.max(PROCESS_H, LANE_PAD * 2 + SUB_ROW_H);

/** Content y of the summary bar in a collapsed process's row. */
export function summaryBarTop(row: { readonly top: number; readonly height: number }): number {
  return row.top + (row.height - BAR_H) / 2;
}

/** The nesting depth (sub-row) of a lane row at content y; undefined in the lane's padding. */
export function depthAt(row: LaneRow, y: number): number | undefined {
  const d = Math.floor((y - row.top - LANE_PAD) / row.pitch);
  return d >= 0 && d < row.depths ? d : undefined;
}

/** Content y of the top of sub-row `depth` of `row` (its pitch is `row.pitch`). */
export function subRowTop(row: LaneRow, depth: number): number {
  return row.top + LANE_PAD + depth * row.pitch;
}

/** Height of the op bars of `row`, px (a collapsed process's summary bar: BAR_H). */
export function barHeight(row: LaneRow): number {
  return row.hidden === true ? BAR_H : row.barH;
}

/** Content y of the top of an op's bar at `depth` in `row`. */
export function barTop(row: LaneRow, depth: number): number {
  if (row.hidden === true) return summaryBarTop(row);
  return subRowTop(row, depth) + (row.pitch - row.barH) / 2;
}

/** Content y of the middle of an op's bar at `depth` in `row` (where arrows attach). */
export function barMiddle(row: LaneRow, depth: number): number {
  if (row.hidden === true) return summaryBarTop(row) + BAR_H / 2;
  return subRowTop(row, depth) + row.pitch / 2;
}

/** Rows [first, last] that intersect content y range [y0, y1); first > last when none do. */
export function visibleRows(layout: TimelineLayout, y0: number, y1: number): { readonly first: number; readonly last: number } {
  const n = layout.rows.length;
  if (n === 0 || y1 <= 0 || y0 >= layout.contentHeight) return { first: 0, last: -1 };
  const first = Math.max(0, rowIndexAt(layout, Math.max(0, y0)));
  const lastIdx = rowIndexAt(layout, Math.min(layout.contentHeight - 1e-6, y1));
  return { first, last: lastIdx < 0 ? n - 1 : lastIdx };
}

/** The largest vertical scroll offset for a canvas of `canvasHeight` px. */
export function maxScroll(layout: TimelineLayout, canvasHeight: number): number {
  return Math.max(0, layout.contentHeight - (canvasHeight - layout.headerHeight));
}
