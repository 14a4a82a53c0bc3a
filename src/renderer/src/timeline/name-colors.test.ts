import { describe, expect, it } from 'vitest';
import { scenario } from '@core/testing/scenario';
import { NAME_PALETTE, NAME_PALETTE_TEXT, nameColorIndex, nameColors } from './name-colors.js';

describe('nameColorIndex', () => {
  it('gives names that fold to one op-table row one colour', () => {
    expect(nameColorIndex('read y[3]')).toBe(nameColorIndex('read y[48]'));
    expect(nameColorIndex('matmul 1')).toBe(nameColorIndex('matmul 22'));
  });

  it('is FNV-1a of the folded name, modulo the palette', () => {
    // Hand-computed: FNV-1a('a') = (0x811c9dc5 ^ 0x61) * 0x01000193 mod 2^32 = 0xe40c292c = 3826002220;
    // 3826002220 mod 12 = 4 (12 × 318833518 = 3826002216).
    expect(nameColorIndex('a')).toBe(4);
    // 'gpu1' keeps its digit (inside a word, as the op table keeps it): 'gpu1' and 'gpu2' are told apart.
    expect(nameColorIndex('gpu1 queue')).toBe(nameColorIndex('gpu1 queue'));
    expect(new Set(['a 1', 'a 22', 'a 333'].map(nameColorIndex)).size).toBe(1);
  });

  it('tells many different names apart: 40 kernel-like names use most of the palette', () => {
    const names = ['matmul', 'copy', 'submit', 'softmax', 'relu', 'conv2d', 'gemm', 'reduce', 'map', 'unmap', 'write', 'read'];
    const used = new Set(names.map(nameColorIndex));
    expect(used.size).toBeGreaterThanOrEqual(6);
  });
});

describe('nameColors', () => {
  it('colours each op by its name, by op id', () => {
    const t = scenario([
      ['cpu', 'read y[1]', 'cpu', 0, 1],
      ['cpu', 'submit', 'cpu', 2, 1],
      ['cpu', 'read y[2]', 'cpu', 4, 1],
    ]);
    const c = nameColors(t);
    expect(c[0]).toBe(c[2]);
    expect(c[1]).toBe(nameColorIndex('submit'));
    expect(NAME_PALETTE_TEXT).toHaveLength(NAME_PALETTE.length);
  });
});
