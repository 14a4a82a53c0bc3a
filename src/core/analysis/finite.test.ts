import { describe, expect, it } from 'vitest';
import { finite, nsToMsFinite } from './finite.js';

describe('finite', () => {
  it('passes finite numbers and maps NaN and ±Infinity to 0', () => {
    expect(finite(1.5)).toBe(1.5);
    expect(finite(-2)).toBe(-2);
    expect(finite(NaN)).toBe(0);
    expect(finite(Infinity)).toBe(0);
    expect(finite(-Infinity)).toBe(0);
  });
  it('converts ns to ms', () => {
    expect(nsToMsFinite(2_500_000)).toBe(2.5);
    expect(nsToMsFinite(1)).toBe(0.000001);
    expect(nsToMsFinite(0 / 0)).toBe(0);
  });
});
