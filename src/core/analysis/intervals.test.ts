import { describe, expect, it } from 'vitest';
import { clip, intersect, totalLength, union } from './intervals.js';

const iv = (start: number, end: number) => ({ start, end });

describe('union', () => {
  it('merges overlapping and touching intervals, drops empty ones', () => {
    expect(union([iv(5, 7), iv(0, 2), iv(1, 3), iv(3, 4), iv(9, 9), iv(8, 10)])).toEqual([iv(0, 4), iv(5, 7), iv(8, 10)]);
  });
  it('keeps a nested interval inside its parent', () => {
    expect(union([iv(0, 10), iv(2, 3)])).toEqual([iv(0, 10)]);
  });
  it('is empty for no input', () => {
    expect(union([])).toEqual([]);
    expect(totalLength(union([]))).toBe(0);
  });
});

describe('intersect and clip', () => {
  it('intersects disjoint lists by construction', () => {
    const a = union([iv(0, 10), iv(20, 30)]);
    const b = union([iv(5, 25)]);
    expect(intersect(a, b)).toEqual([iv(5, 10), iv(20, 25)]);
    expect(totalLength(intersect(a, b))).toBe(10);
  });
  it('gives nothing for disjoint and for merely touching intervals', () => {
    expect(intersect([iv(0, 5)], [iv(5, 9)])).toEqual([]);
    expect(intersect([iv(0, 5)], [iv(6, 9)])).toEqual([]);
  });
  it('clips to a window', () => {
    expect(clip([iv(0, 10), iv(20, 30)], iv(8, 22))).toEqual([iv(8, 10), iv(20, 22)]);
  });
});
