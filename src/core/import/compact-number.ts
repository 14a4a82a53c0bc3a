/**
 * Numbers kept by the million (every op's start and duration, every numeric arg) in the form V8
 * stores most cheaply. A value computed in floating point (`intPart * 1000 + milli`, a
 * Float64Array element) is kept by V8 as a 16-byte heap box even when it is a small integer;
 * the same value passed through `| 0` is kept as a small integer inside the object. On a trace
 * of a million ops with three numeric args that was 80 of the 215 bytes each op took on the
 * heap, and the garbage collector's work grows with it (docs/benchmarks.md).
 */

/** `v` itself (same value, `Object.is` equal), as a small integer when it is an int32. */
export function compactNumber(v: number): number {
  // -0 is an int32 by `(v | 0) === v` but `| 0` would make it +0: keep it as it is.
  return (v | 0) === v && (v !== 0 || 1 / v > 0) ? v | 0 : v;
}

/**
 * The small integers V8 keeps inside an object on every engine Parascope runs in: 31 bits where
 * pointers are compressed (Chromium and Electron's renderer), 32 in Node. Beyond them a number is
 * a heap box.
 */
export const SMALL_INT_MIN = -(2 ** 30);
export const SMALL_INT_MAX = 2 ** 30 - 1;

/** Whether every value of `values` (or those `keep` selects) is a small integer on every engine. */
export function allSmallInts(n: number, value: (i: number) => number, keep: (i: number) => boolean = () => true): boolean {
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    const v = value(i);
    if (!(v >= SMALL_INT_MIN && v <= SMALL_INT_MAX && Math.floor(v) === v)) return false;
  }
  return true;
}
