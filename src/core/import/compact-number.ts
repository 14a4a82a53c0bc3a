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
