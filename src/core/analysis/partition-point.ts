/**
 * Binary search over a sorted sequence: the first index in [0, length) for which `before(i)` is
 * false, given that `before` is true for a prefix and false after it (C++'s partition_point).
 * lower bound: before = (i) => a[i] < t; upper bound: before = (i) => a[i] <= t. The timeline's
 * per-frame searches over typed arrays keep their own specialised loops (lane-index.ts).
 */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
