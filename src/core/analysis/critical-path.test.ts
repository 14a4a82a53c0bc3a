import { describe, expect, it } from 'vitest';
import { scenario } from '../testing/scenario.js';
import { criticalPath } from './critical-path.js';

const ids = (r: ReturnType<typeof criticalPath>) => r.path.map((s) => s.id);

describe('criticalPath', () => {
  it('follows dependencies across lanes', () => {
    const r = criticalPath(
      scenario(
        [
          ['gpu1', 'A', 'compute', 0, 10], // 0
          ['gpu2', 'B', 'transfer', 20, 30], // 1: [20,50)
          ['gpu1', 'C', 'compute', 50, 10], // 2
          ['cpu1', 'D', 'cpu', 0, 5], // 3: unrelated
        ],
        [
          [0, 1],
          [1, 2],
        ],
      ),
    );
    // A → B → C = 10 + 30 + 10 = 50, beats the lane-only path A → C = 20 and D = 5
    expect(r.lengthNs).toBe(50);
    expect(r.path).toEqual([
      { id: 0, name: 'A', laneId: '1:1', startNs: 0, durNs: 10 },
      { id: 1, name: 'B', laneId: '2:1', startNs: 20, durNs: 30 },
      { id: 2, name: 'C', laneId: '1:1', startNs: 50, durNs: 10 },
    ]);
  });

  it('without dependencies it is the busiest lane by same-lane order', () => {
    // gpu1: 10 + 10 = 20; gpu2: 30
    const r = criticalPath(
      scenario([
        ['gpu1', 'a', 'compute', 0, 10],
        ['gpu1', 'b', 'compute', 10, 10],
        ['gpu2', 'c', 'compute', 0, 30],
      ]),
    );
    expect(r.lengthNs).toBe(30);
    expect(ids(r)).toEqual([2]);
  });

  it('drops an edge that goes backwards in time', () => {
    // P [0,100) on gpu1, Q [200,210) on gpu2, edge Q → P (Q starts later: against (start, id)).
    // Kept, it would give Q → P = 110; dropped, the longest is P alone = 100.
    const r = criticalPath(
      scenario(
        [
          ['gpu1', 'P', 'compute', 0, 100],
          ['gpu2', 'Q', 'compute', 200, 10],
        ],
        [[1, 0]],
      ),
    );
    expect(r.lengthNs).toBe(100);
    expect(ids(r)).toEqual([0]);
  });

  it('breaks a cycle by dropping its backward edge, and ignores self-loops and unknown ops', () => {
    // X [0,10) on gpu1, Y [20,40) on gpu2; X → Y kept, Y → X dropped, X → X dropped, 0 → 99 dropped:
    // X → Y = 10 + 20 = 30
    const r = criticalPath(
      scenario(
        [
          ['gpu1', 'X', 'compute', 0, 10],
          ['gpu2', 'Y', 'compute', 20, 20],
        ],
        [
          [0, 1],
          [1, 0],
          [0, 0],
          [0, 99],
          [-1, 1],
        ],
      ),
    );
    expect(r.lengthNs).toBe(30);
    expect(ids(r)).toEqual([0, 1]);
  });

  it('orders equal starts by id: an edge from the higher id to the lower one is dropped', () => {
    const ops = [
      ['gpu1', 'R0', 'compute', 0, 10],
      ['gpu2', 'R1', 'compute', 0, 10],
    ] as const;
    expect(criticalPath(scenario(ops, [[1, 0]])).lengthNs).toBe(10); // dropped: 10 alone
    expect(criticalPath(scenario(ops, [[0, 1]])).lengthNs).toBe(20); // kept: 10 + 10
  });

  it('does not chain a nested child after its parent (they are not in sequence)', () => {
    // parent [0,100) ⊃ child [10,30), then next [100,105): parent → next = 100 + 5 = 105;
    // counting the child too would give 125, more than the 105 ns span.
    const r = criticalPath(
      scenario([
        ['cpu1', 'parent', 'cpu', 0, 100],
        ['cpu1', 'child', 'cpu', 10, 20],
        ['cpu1', 'next', 'cpu', 100, 5],
      ]),
    );
    expect(r.lengthNs).toBe(105);
    expect(ids(r)).toEqual([0, 2]);
  });

  it('keeps zero-length ops that lie on the path', () => {
    // A [0,10), M [10,10) zero-length, B [20,30) on one lane: 10 + 0 + 10 = 20 over 3 ops
    const r = criticalPath(
      scenario([
        ['gpu', 'A', 'compute', 0, 10],
        ['gpu', 'M', 'sync', 10, 0],
        ['gpu', 'B', 'compute', 20, 10],
      ]),
    );
    expect(r.lengthNs).toBe(20);
    expect(ids(r)).toEqual([0, 1, 2]);
  });

  it('is empty for no ops', () => {
    expect(criticalPath(scenario([]))).toEqual({ lengthNs: 0, path: [] });
  });

  it('handles a long chain without recursion', () => {
    // 100,000 back-to-back ops of 1 ns on one lane → 100,000 ns over 100,000 ops
    const n = 100_000;
    const r = criticalPath(scenario(Array.from({ length: n }, (_, i) => ['gpu', 'k', 'compute', i, 1] as const)));
    expect(r.lengthNs).toBe(n);
    expect(r.path).toHaveLength(n);
  });
});
