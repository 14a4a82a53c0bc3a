/**
 * Indices sorted by a numeric key, for indexes built once per trace. A comparator sort of a
 * million indices costs ~150 ms; keys spread over a range sort in O(n) by bucketing them
 * (a counting sort by bucket), then sorting within the rare crowded bucket.
 */

/** Indices 0 … n−1 ordered by (keys[i], i). Keys must be finite. */
export function argsortByKey(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
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
  const bucketOf = new Uint32Array(n);
  const startOf = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((keys[i]! - min) * scale);
    bucketOf[i] = b;
    startOf[b + 1]!++;
  }
  for (let b = 0; b < buckets; b++) startOf[b + 1] = startOf[b + 1]! + startOf[b]!;
  const put = startOf.slice(0, buckets);
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
  return order;
}
