/**
 * Indices sorted by a numeric key, for indexes built once per trace. A comparator sort of a
 * million indices costs ~150 ms; keys spread over a range sort in O(n) by bucketing them
 * (a counting sort by bucket), then sorting within the rare crowded bucket.
 */

import { FRESH, type Alloc } from './scratch.js';

/** Indices 0 … n−1 ordered by (keys[i], i). Keys must be finite. `alloc`: where the result and the buckets come from. */
export function argsortByKey(keys: Float64Array, alloc: Alloc = FRESH): Uint32Array {
  const n = keys.length;
  const order = alloc.u32(n);
  let sorted = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    const k = keys[i]!;
    if (i > 0 && k < keys[i - 1]!) sorted = false;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (sorted || n < 2) return order; // already in order: the common case for recorded traces

  // Counting sort into n buckets by key (stable: ties stay in index order), then each bucket sorted.
  const buckets = n;
  const scale = max > min ? (buckets - 1) / (max - min) : 0;
  const temporaries = alloc.mark(); // the buckets are given back below; `order` stays
  const bucketOf = alloc.u32(n);
  const startOf = alloc.u32(buckets + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((keys[i]! - min) * scale);
    bucketOf[i] = b;
    startOf[b + 1]!++;
  }
  for (let b = 0; b < buckets; b++) startOf[b + 1] = startOf[b + 1]! + startOf[b]!;
  const put = alloc.u32(buckets);
  put.set(startOf.subarray(0, buckets));
  for (let i = 0; i < n; i++) order[put[bucketOf[i]!]!++] = i;
  for (let b = 0; b < buckets; b++) {
    const lo = startOf[b]!;
    const hi = startOf[b + 1]!;
    if (hi - lo < 2) continue;
    if (hi - lo > 32) {
      order.subarray(lo, hi).sort((x, y) => keys[x]! - keys[y]! || x - y);
      continue;
    }
    for (let i = lo + 1; i < hi; i++) {
      const v = order[i]!;
      const kv = keys[v]!;
      let j = i - 1;
      while (j >= lo && keys[order[j]!]! > kv) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = v;
    }
  }
  alloc.release(temporaries);
  return order;
}
