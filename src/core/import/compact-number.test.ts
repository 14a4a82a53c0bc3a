import { describe, expect, it } from 'vitest';
import { allSmallInts, compactNumber } from './compact-number.js';

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

describe('allSmallInts', () => {
  const of = (xs: number[]) => allSmallInts(xs.length, (i) => xs[i]!);
  it('is true only for integers in the 31-bit range every engine keeps inside objects', () => {
    expect(of([0, 1, -1, 2 ** 30 - 1, -(2 ** 30)])).toBe(true);
    expect(of([0, 2 ** 30])).toBe(false); // an int32, but a heap number where pointers are compressed
    expect(of([-(2 ** 30) - 1])).toBe(false);
    expect(of([1.5])).toBe(false);
    expect(of([NaN])).toBe(false);
    expect(of([])).toBe(true);
  });
  it('looks only at the values `keep` selects', () => {
    const xs = [1, 2 ** 40, 3];
    expect(
      allSmallInts(
        3,
        (i) => xs[i]!,
        (i) => i !== 1,
      ),
    ).toBe(true);
    expect(allSmallInts(3, (i) => xs[i]!)).toBe(false);
  });
});
