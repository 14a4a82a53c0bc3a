/**
 * Level of detail, the rules both timelines follow (the report's SVG in one pass per lane, the
 * app's canvas incrementally per frame): an op at least OWN_RECT_MIN_PX wide gets a rect of its
 * own; narrower ones are merged into the pixel columns they touch, per kind; and where several
 * kinds are merged on one bar each gets its own band of it, in OP_KINDS order, so dense compute
 * cannot hide the transfers under it.
 */

/** How both timelines' legends say it: "ops narrower than a pixel are merged per pixel column and kind". */
export const MERGED_OPS_NOTE = 'narrower than a pixel are merged per pixel column and kind';

/** Below this width (px) an op is merged into its pixel column instead of getting its own rect. */
export const OWN_RECT_MIN_PX = 1;

/** The first pixel column (0 … lastCol) a merged op from x0 to x1 (px from the plot's left) covers. */
export function firstColumn(x0: number, lastCol: number): number {
  return Math.min(lastCol, Math.max(0, Math.floor(x0)));
}

/** The last pixel column it covers (inclusive): at least its first, so a zero-length op still shows. */
export function lastColumn(x0: number, x1: number, lastCol: number): number {
  return Math.min(lastCol, Math.max(firstColumn(x0, lastCol), Math.ceil(x1) - 1));
}

/** Set bits of a kind mask (bit k: kind index k is merged on the bar). */
export function bandCount(mask: number): number {
  let c = 0;
  for (let v = mask; v !== 0; v &= v - 1) c++;
  return c;
}

/** Which band of the bar kind index `k` gets: the number of merged kinds before it. */
export function bandIndex(mask: number, k: number): number {
  return bandCount(mask & ((1 << k) - 1));
}
