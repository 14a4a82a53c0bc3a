import { describe, expect, it } from 'vitest';
import { compactNumber } from './compact-number.js';

describe('compactNumber', () => {
  it('returns the same value for every kind of number', () => {
    // int32 range ends at 2^31 − 1 = 2147483647; beyond it and fractions stay doubles, unchanged.
    for (const v of [0, 1, -1, 12345, 2147483647, -2147483648, 2147483648, 2 ** 53, 1.5, -2.25, 1e-9, 1e300, Infinity, -Infinity])
      expect(Object.is(compactNumber(v), v)).toBe(true);
  });

  it('keeps -0 as -0 (| 0 alone would turn it into +0)', () => {
    expect(Object.is(compactNumber(-0), -0)).toBe(true);
    expect(Object.is(compactNumber(0), 0)).toBe(true);
  });

  it('keeps NaN', () => {
    expect(compactNumber(NaN)).toBeNaN();
  });
});
