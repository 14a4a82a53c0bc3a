/**
 * Timeline geometry, px, for both timelines: the report's SVG (a printed page, one row per lane)
 * and the app's canvas (a screen, a sub-row per nesting depth). What they share is declared once;
 * where they differ on purpose, both numbers stand here side by side, named for the medium.
 *
 * Text widths are estimated (neither timeline has font metrics where it lays out): CHAR_W is a
 * generous average for 12 px sans-serif, so estimates err towards truncating, never overlapping.
 */

/** Height of an op's bar. */
export const BAR_H = 14;
/** Height of the time axis strip. */
export const AXIS_H = 24;
/** Average width of one character of a 12 px sans-serif label. */
export const CHAR_W = 6.9;
/** Process names are bold: wider per character. */
export const PROCESS_CHAR_SCALE = 1.08;
/** Lane names sit this far right of their process's name. */
export const LANE_INDENT = 14;
/** Space around the longest label in the label column (8 px padding, both sides, and a gap). */
export const LABEL_MARGIN = 24;

/** The report's SVG timeline: a printed page, room to breathe, one row per lane. */
export const PAGE_TIMELINE = {
  pad: 8,
  rowH: 22,
  processH: 22,
  phaseH: 20,
  legendLineH: 20,
  /** The label column: at least this, at most labelMax and labelMaxShare of the page. */
  labelMin: 110,
  labelMax: 300,
  labelMaxShare: 0.3,
} as const;

/** The app's canvas timeline: a screen, dense, a sub-row per nesting depth of a lane. */
export const SCREEN_TIMELINE = {
  processH: 20,
  phaseRowH: 18,
  /** Padding above the first and below the last sub-row of a lane. */
  lanePad: 2,
  subRowH: 18,
  /** The DOM gutter of lane names. */
  labelMin: 120,
  labelMax: 280,
} as const;

/** Estimated width of a process name in the label column. */
export function processLabelPx(name: string): number {
  return name.length * CHAR_W * PROCESS_CHAR_SCALE;
}

/** Estimated width of a lane name, its indent included. */
export function laneLabelPx(name: string): number {
  return name.length * CHAR_W + LANE_INDENT;
}

/** The label column for the longest label (processLabelPx/laneLabelPx), clamped to [min, max], whole px. */
export function labelColumnPx(longest: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, longest + LABEL_MARGIN)));
}
