import { describe, expect, it } from 'vitest';
import { argsortByKey } from './argsort.js';

function reference(keys: Float64Array): number[] {
  return [...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
}

describe('argsortByKey', () => {
  it('orders by key, ties by index, like a comparator sort', () => {
    let seed = 3;
    const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const n of [0, 1, 2, 10, 1000, 5000]) {
      const spread = Float64Array.from({ length: n }, () => Math.floor(rand() * 1e9));
      const clustered = Float64Array.from({ length: n }, () => (rand() < 0.5 ? 42 : Math.floor(rand() * 10))); // crowded buckets
      const negative = Float64Array.from({ length: n }, () => -Math.floor(rand() * 100) + rand());
      for (const keys of [spread, clustered, negative]) expect([...argsortByKey(keys)]).toEqual(reference(keys));
    }
  });

  it('returns the identity for sorted keys', () => {
    expect([...argsortByKey(new Float64Array([1, 1, 2, 5]))]).toEqual([0, 1, 2, 3]);
  });
});
