import { describe, expect, it } from 'vitest';
import { scenario } from '../testing/scenario.js';
import { opTable, opTables, patternMembers } from './op-table.js';

describe('opTable', () => {
  it('computes count, total, mean, median, min, max and sample std dev (as nsys) per (name, kind)', () => {
    const rows = opTable(
      scenario([
        // 'k': 40, 10, 90, 20 (out of order on purpose); sorted 10 20 40 90
        ['gpu', 'k', 'compute', 0, 40],
        ['gpu', 'k', 'compute', 100, 10],
        ['gpu', 'k', 'compute', 200, 90],
        ['gpu', 'k', 'compute', 300, 20],
        // 'j': 5, 1, 3 → sorted 1 3 5
        ['gpu', 'j', 'compute', 400, 5],
        ['gpu', 'j', 'compute', 410, 1],
        ['gpu', 'j', 'compute', 420, 3],
      ]),
    );
    // k: total 160, mean 40, median (20 + 40) / 2 = 30 (even count), deviations −30 −20 0 50,
    //    squares 900 + 400 + 0 + 2500 = 3800, / (4 − 1) → sample σ = √(3800/3) ≈ 35.590261
    //    share of compute: 160 / (160 + 9) = 94.674556…%
    expect(rows[0]).toEqual({
      name: 'k',
      kind: 'compute',
      count: 4,
      totalNs: 160,
      pctOfTotal: (100 * 160) / 169,
      avgNs: 40,
      medNs: 30,
      minNs: 10,
      maxNs: 90,
      stdDevNs: Math.sqrt(3800 / 3),
    });
    expect(rows[0]!.stdDevNs).toBeCloseTo(35.590261, 5);
    // j: total 9, mean 3, median 3 (odd count), deviations −2 0 2 → 8 / (3 − 1) = 4 → σ = 2
    expect(rows[1]).toEqual({
      name: 'j',
      kind: 'compute',
      count: 3,
      totalNs: 9,
      pctOfTotal: (100 * 9) / 169,
      avgNs: 3,
      medNs: 3,
      minNs: 1,
      maxNs: 5,
      stdDevNs: 2,
    });
  });

  it('keeps the same name with different kinds apart; shares are of the same kind; sorted by total, name, kind', () => {
    const rows = opTable(
      scenario([
        ['gpu', 'copy', 'transfer', 0, 50],
        ['cpu1', 'copy', 'cpu', 0, 50],
        ['cpu1', 'b', 'cpu', 100, 7],
        ['cpu1', 'a', 'cpu', 200, 7],
        ['gpu', 'big', 'compute', 100, 1000],
      ]),
    );
    // cpu total = 50 + 7 + 7 = 64; transfer total = 50; compute total = 1000
    expect(rows.map((r) => [r.name, r.kind, r.totalNs, r.pctOfTotal])).toEqual([
      ['big', 'compute', 1000, 100],
      ['copy', 'transfer', 50, 100], // tie on total and name: transfer before cpu (OP_KINDS order)
      ['copy', 'cpu', 50, (100 * 50) / 64],
      ['a', 'cpu', 7, (100 * 7) / 64], // tie on total: by name
      ['b', 'cpu', 7, (100 * 7) / 64],
    ]);
  });

  it('zero-length ops: all zero, share 0 (not NaN) when the kind has no time at all', () => {
    const rows = opTable(
      scenario([
        ['gpu', 'mark', 'other', 0, 0],
        ['gpu', 'mark', 'other', 10, 0],
      ]),
    );
    expect(rows).toEqual([{ name: 'mark', kind: 'other', count: 2, totalNs: 0, pctOfTotal: 0, avgNs: 0, medNs: 0, minNs: 0, maxNs: 0, stdDevNs: 0 }]);
  });

  it('std dev is exact for large values with a tiny spread, and exactly 0 for identical values', () => {
    // 1e12 + {1, 2, 3} ns (about 17 minutes each): mean 1e12 + 2, deviations −1 0 1 → σ = √(2/2) = 1.
    // The naive Σx² − n·mean² loses all of it to rounding (x² ≈ 1e24 ≫ 2^53).
    const big = opTable(
      scenario([
        ['gpu', 'long', 'compute', 0, 1e12 + 1],
        ['gpu', 'long', 'compute', 0, 1e12 + 2],
        ['gpu', 'long', 'compute', 0, 1e12 + 3],
      ]),
    );
    expect(big[0]!.stdDevNs).toBeCloseTo(1, 9);
    expect(big[0]!.medNs).toBe(1e12 + 2);
    const same = opTable(scenario(Array.from({ length: 7 }, (_, i) => ['gpu', 'k', 'compute', 1000 * i, 333] as const)));
    expect(same[0]).toMatchObject({ count: 7, totalNs: 2331, avgNs: 333, medNs: 333, stdDevNs: 0 });
  });

  it('mean, total and std dev stay exact when the durations sum past 2^53 ns (week-long ops)', () => {
    // 32 ops, 16 of W − 3 and 16 of W − 1 ns, W a week (6.048e14 ns): Σ = 32W − 64 ≈ 1.9e16 > 2^53.
    // Mean W − 2, every deviation ±1 → σ = √(32 / 31). A plain running Σd rounds the odd partial
    // sums past 2^53 (ulp 2, then 4) and gives σ ≈ 1.136.
    const W = 7 * 24 * 3600 * 1e9;
    const rows = opTable(scenario(Array.from({ length: 32 }, (_, i) => ['gpu', 'week', 'compute', 0, i % 2 ? W - 1 : W - 3] as const)));
    expect(rows[0]).toMatchObject({ count: 32, totalNs: 32 * W - 64, avgNs: W - 2, medNs: W - 2, minNs: W - 3, maxNs: W - 1 });
    expect(rows[0]!.stdDevNs).toBe(Math.sqrt(32 / 31));
  });

  it('one op: median = min = max = the op, std dev 0', () => {
    expect(opTable(scenario([['gpu', 'k', 'compute', 3, 8]]))).toEqual([
      { name: 'k', kind: 'compute', count: 1, totalNs: 8, pctOfTotal: 100, avgNs: 8, medNs: 8, minNs: 8, maxNs: 8, stdDevNs: 0 },
    ]);
  });

  it('no ops, no rows', () => {
    expect(opTable(scenario([]))).toEqual([]);
  });
});

describe('opTables: the folded table', () => {
  it('gives names that differ only in their numbers one row, its numbers over all their ops', () => {
    const { exact, patterns } = opTables(
      scenario([
        // read y[0]: 4, 6; read y[1]: 2, 8; read y[12]: 10 (transfer)
        ['gpu', 'read y[0]', 'transfer', 0, 4],
        ['gpu', 'read y[1]', 'transfer', 10, 2],
        ['gpu', 'read y[0]', 'transfer', 20, 6],
        ['gpu', 'read y[12]', 'transfer', 30, 10],
        ['gpu', 'read y[1]', 'transfer', 50, 8],
        // 'read y[3]' as compute: same pattern, other kind, so another row
        ['gpu', 'read y[3]', 'compute', 100, 30],
        // conv2d and conv3d are not folded (digits inside a word)
        ['gpu', 'conv2d', 'compute', 200, 1],
        ['gpu', 'conv3d', 'compute', 210, 1],
      ]),
    );
    expect(exact).toHaveLength(6);
    // read y[*] (transfer): durations 4 2 6 10 8 → sorted 2 4 6 8 10; count 5, total 30, mean 6,
    // median 6, min 2, max 10; deviations −4 −2 0 2 4 → squares 16 + 4 + 0 + 4 + 16 = 40,
    // / (5 − 1) = 10 → σ = √10; the only transfer row: 100 % of transfer; 3 exact names.
    // read y[*] (compute): 30, σ 0; compute total 30 + 1 + 1 = 32 → 100 × 30 / 32 = 93.75 %.
    // Equal totals (30) sort by name, then kind in OP_KINDS order: compute before transfer.
    expect(patterns).toEqual([
      { name: 'read y[*]', kind: 'compute', count: 1, totalNs: 30, pctOfTotal: 93.75, avgNs: 30, medNs: 30, minNs: 30, maxNs: 30, stdDevNs: 0, names: 1 },
      {
        name: 'read y[*]',
        kind: 'transfer',
        count: 5,
        totalNs: 30,
        pctOfTotal: 100,
        avgNs: 6,
        medNs: 6,
        minNs: 2,
        maxNs: 10,
        stdDevNs: Math.sqrt(10),
        names: 3,
      },
      { name: 'conv2d', kind: 'compute', count: 1, totalNs: 1, pctOfTotal: 3.125, avgNs: 1, medNs: 1, minNs: 1, maxNs: 1, stdDevNs: 0, names: 1 },
      { name: 'conv3d', kind: 'compute', count: 1, totalNs: 1, pctOfTotal: 3.125, avgNs: 1, medNs: 1, minNs: 1, maxNs: 1, stdDevNs: 0, names: 1 },
    ]);
  });

  it('lists the exact rows of a folded row, and only those', () => {
    const trace = scenario([
      ['gpu', 'y[2] N=64', 'compute', 0, 3],
      ['gpu', 'y[10] N=128', 'compute', 10, 5],
      ['gpu', 'y[2] N=64', 'transfer', 20, 7],
      ['gpu', 'z[2] N=64', 'compute', 30, 1],
    ]);
    const { exact, patterns } = opTables(trace);
    const row = patterns.find((r) => r.name === 'y[*] N=*' && r.kind === 'compute')!;
    // y[2] N=64 (3) + y[10] N=128 (5): count 2, total 8, median (3 + 5) / 2 = 4
    expect(row).toMatchObject({ count: 2, totalNs: 8, medNs: 4, names: 2 });
    expect(patternMembers(exact, row).map((r) => r.name)).toEqual(['y[10] N=128', 'y[2] N=64']);
  });
});
