import { describe, expect, it } from 'vitest';
import { bandCount, bandIndex, firstColumn, lastColumn } from './lod.js';

describe('merged columns', () => {
  it('covers the columns an op touches, at least one, inside the plot', () => {
    expect([firstColumn(2.5, 99), lastColumn(2.5, 3, 99)]).toEqual([2, 2]);
    expect([firstColumn(2, 99), lastColumn(2, 2, 99)]).toEqual([2, 2]);
    expect([firstColumn(2.2, 99), lastColumn(2.2, 4.1, 99)]).toEqual([2, 4]);
    expect([firstColumn(-5, 99), lastColumn(-5, -4, 99)]).toEqual([0, 0]);
    expect([firstColumn(150, 99), lastColumn(150, 151, 99)]).toEqual([99, 99]);
  });
});

describe('kind bands', () => {
  it('gives each merged kind its band in kind order', () => {
    const mask = 0b10101; // kinds 0, 2 and 4
    expect(bandCount(mask)).toBe(3);
    expect([0, 2, 4].map((k) => bandIndex(mask, k))).toEqual([0, 1, 2]);
    expect(bandCount(0)).toBe(0);
  });
});
