import { describe, expect, it } from 'vitest';
import { scenario } from '@core/testing/scenario';
import { buildTimelineIndex } from './lane-index.js';
import { matchColumns, MAX_MINIMAP_ROWS, minimapDensity } from './minimap-density.js';
import { buildNameIndex, findMatches, nameMask } from './search-matches.js';

describe('minimapDensity', () => {
  it('gives each lane the covered share of each column', () => {
    const index = buildTimelineIndex(
      scenario([
        ['gpu', 'a', 'compute', 0, 25], // columns of 10 ns over [0, 40): covers 0, 1 fully, half of 2
        ['gpu', 'inner', 'compute', 0, 5], // nested (depth 1): not counted again
        ['cpu1', 'b', 'cpu', 33, 4], // 4 of column 3's 10 ns
      ]),
    );
    const d = minimapDensity(index, { start: 0, end: 40 }, 4);
    expect(d.rows).toBe(2);
    expect([...d.cover]).toEqual([1, 1, 0.5, 0, 0, 0, 0, 0.4000000059604645]); // Float32 of 0.4
  });

  it('past MAX_MINIMAP_ROWS lanes, one row: the share of all lanes\u2019 time', () => {
    const lanes = MAX_MINIMAP_ROWS + 2; // 10 lanes, one busy all the time
    const index = buildTimelineIndex(scenario(Array.from({ length: lanes }, (_, i) => [`gpu${i}`, 'k', 'compute', 0, i === 0 ? 100 : 1] as const)));
    const d = minimapDensity(index, { start: 0, end: 100 }, 2);
    expect(d.rows).toBe(1);
    // column 0 [0, 50): 50 (lane 0) + 9 × 1 = 59 ns of 10 × 50 = 500 → 0.118; column 1: 50 / 500 = 0.1
    expect(d.cover[0]).toBeCloseTo(0.118, 6);
    expect(d.cover[1]).toBeCloseTo(0.1, 6);
  });

  it('marks the columns where search matches start', () => {
    const trace = scenario([
      ['gpu', 'read y[0]', 'transfer', 5, 1],
      ['gpu', 'matmul', 'compute', 15, 1],
      ['gpu', 'read y[1]', 'transfer', 35, 1],
    ]);
    const index = buildTimelineIndex(trace);
    const names = buildNameIndex(trace, index);
    const m = findMatches(
      names,
      index,
      nameMask(names, (n) => n.startsWith('read')),
    );
    expect([...matchColumns(index, m, { start: 0, end: 40 }, 4)]).toEqual([1, 0, 0, 1]);
  });
});
