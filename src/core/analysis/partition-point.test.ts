import { describe, expect, it } from 'vitest';
import { partitionPoint } from './partition-point.js';

describe('partitionPoint', () => {
  const a = [1, 2, 2, 2, 5, 8];
  it('gives lower and upper bounds', () => {
    expect(partitionPoint(a.length, (i) => a[i]! < 2)).toBe(1);
    expect(partitionPoint(a.length, (i) => a[i]! <= 2)).toBe(4);
    expect(partitionPoint(a.length, (i) => a[i]! < 0)).toBe(0);
    expect(partitionPoint(a.length, (i) => a[i]! < 9)).toBe(6);
    expect(partitionPoint(0, () => true)).toBe(0);
  });
});
