import { describe, expect, it } from 'vitest';
import { OP_KINDS, type OpKind } from '../model.js';
import { KIND_COLORS, KIND_COUNT, KIND_INDEX, kindIndex, kindLabel, kindTitle } from './op-kinds.js';

describe('op-kind vocabulary', () => {
  it('numbers the kinds in OP_KINDS order', () => {
    expect(KIND_COUNT).toBe(OP_KINDS.length);
    OP_KINDS.forEach((k, i) => expect(kindIndex(k)).toBe(i));
    expect(KIND_INDEX).toEqual({ compute: 0, transfer: 1, cpu: 2, sync: 3, other: 4 });
    expect(() => kindIndex('gpu' as OpKind)).toThrow('unknown op kind: gpu');
  });

  it('names and colours every kind as the reports always have', () => {
    expect(OP_KINDS.map(kindLabel)).toEqual(['compute', 'transfer', 'CPU', 'sync (waiting)', 'other']);
    expect(OP_KINDS.map(kindTitle)).toEqual(['Compute', 'Transfer', 'CPU', 'Sync (waiting)', 'Other']);
    expect(KIND_COLORS).toEqual({ compute: '#0072B2', transfer: '#E69F00', cpu: '#009E73', sync: '#A3A3A3', other: '#CC79A7' });
  });
});
