import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi95, median } from './bootstrap.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('bootstrapMedianCi95', () => {
  it('is the same interval every time for the same values (fixed seed)', () => {
    const xs = [1.31, 1.29, 1.37, 1.33, 1.3];
    expect(bootstrapMedianCi95(xs)).toEqual(bootstrapMedianCi95([...xs]));
  });

  it('for five runs spans the least to the greatest value: P(resampled median = min) ≈ 5.8 % > 2.5 %', () => {
    // Hand-computed: the median of 5 draws is the smallest value when ≥ 3 draws are it:
    // Σ_{k≥3} C(5,k) 0.2^k 0.8^(5−k) = 0.0579, above 2.5 %, so the 2.5th percentile is the minimum.
    expect(bootstrapMedianCi95([1.31, 1.29, 1.37, 1.33, 1.3])).toEqual([1.29, 1.37]);
  });

  it('narrows to the middle values with many runs', () => {
    const xs = Array.from({ length: 41 }, (_, i) => i); // 0..40, median 20
    const [lo, hi] = bootstrapMedianCi95(xs);
    expect(lo).toBeGreaterThan(10);
    expect(hi).toBeLessThan(30);
    expect(lo).toBeLessThan(20);
    expect(hi).toBeGreaterThan(20);
  });

  it('has no spread for one run, and [0, 0] for none', () => {
    expect(bootstrapMedianCi95([2.3])).toEqual([2.3, 2.3]);
    expect(bootstrapMedianCi95([])).toEqual([0, 0]);
  });
});
