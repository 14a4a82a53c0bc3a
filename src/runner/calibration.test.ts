import { describe, expect, it } from 'vitest';
import { solveOffset, type CalibrationSample } from './calibration.js';
import { Batch } from './timestamp-pool.js';

function samples(list: readonly [t0: bigint, t1: bigint, g: bigint][]): CalibrationSample[] {
  const batch = new Batch();
  batch.values = new BigUint64Array(list.map(([, , g]) => g));
  return list.map(([t0, t1], index) => ({ t0, t1, slot: { batch, index, querySet: undefined as unknown as GPUQuerySet } }));
}

describe('solveOffset', () => {
  // True offset 1_000_000 ns: g = host + 1_000_000 at some host time inside [t0, t1].
  it('intersects the brackets when they agree', () => {
    const r = solveOffset(
      samples([
        [100n, 300n, 1_000_150n], // offset in [999_850, 1_000_050]
        [1_000n, 1_100n, 1_001_080n], // offset in [999_980, 1_000_080]
        [2_000n, 2_500n, 1_002_010n], // offset in [999_510, 1_000_010]
      ]),
    );
    expect(r.offset).toBe((999_980n + 1_000_010n) / 2n);
    expect(r.uncertaintyNs).toBe(15);
    expect(r.method).toMatch(/^intersection of 3 brackets/);
  });

  it('falls back to the tightest bracket when they do not intersect, and says so', () => {
    const r = solveOffset(
      samples([
        [0n, 100n, 1_000_050n], // [999_950, 1_000_050]
        [1_000n, 1_010n, 1_002_000n], // [1_000_990, 1_001_000] — disjoint (a clock jump)
      ]),
    );
    expect(r.offset).toBe(1_000_995n);
    expect(r.uncertaintyNs).toBe(5);
    expect(r.method).toMatch(/^tightest of 2 brackets/);
  });

  it('refuses samples whose timestamps were never read', () => {
    const s = samples([[0n, 1n, 5n]]);
    s[0]!.slot.batch.values = undefined;
    expect(() => solveOffset(s)).toThrow(/not read back/);
  });
});
