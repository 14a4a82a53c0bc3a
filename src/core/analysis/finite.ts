/**
 * The boundary between the analysis (ns, ratios, computed at full precision) and `Stats` (ms,
 * docs/metrics.md: "Numbers are finite; nothing is NaN or Infinity"). Every number that reaches the
 * output passes through one of these two helpers, so a division by a zero span somewhere upstream
 * can never leak into a report or a JSON file.
 */

/** `x` when it is a finite number, else 0. */
export function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/** ns → ms, done once, at the very end (no intermediate value is ever rounded or converted). */
export function nsToMsFinite(ns: number): number {
  return finite(ns / 1e6);
}
