import { describe, expect, it } from 'vitest';
import { DEP_KINDS, type DepKind } from '../model.js';
import { depKindDash, depKindFaint, depKindIndex, depKindLabel } from './dep-kinds.js';

describe('dependency-kind vocabulary', () => {
  it('numbers the kinds in DEP_KINDS order', () => {
    DEP_KINDS.forEach((k, i) => expect(depKindIndex(k)).toBe(i));
    expect(() => depKindIndex('flow' as DepKind)).toThrow('unknown dependency kind: flow');
  });

  it('names and dashes every kind', () => {
    expect(DEP_KINDS.map(depKindLabel)).toEqual(['data dependency', 'queue order', 'host waited', 'launch']);
    expect(DEP_KINDS.map(depKindDash)).toEqual([[], [2, 2], [5, 3], [7, 2, 1, 2]]);
    expect(DEP_KINDS.filter(depKindFaint)).toEqual(['queue-order']);
  });
});
