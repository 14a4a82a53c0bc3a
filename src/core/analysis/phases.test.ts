import { describe, expect, it } from 'vitest';
import type { Trace } from '../model.js';
import { ns } from '../time.js';
import { scenario, withMeta } from '../testing/scenario.js';
import { phaseStats } from './phases.js';

const phase = (name: string, start: number, end: number) => ({ name, start: ns(start), end: ns(end) });

function withComparisons(t: Trace, comparisons: NonNullable<NonNullable<Trace['meta']>['comparisons']>): Trace {
  return { ...t, meta: { ...t.meta!, comparisons } };
}

describe('phaseStats', () => {
  const base = withMeta(scenario([['gpu', 'k', 'compute', 0, 10]]), [
    phase('GPU1 time', 0, 100),
    phase('GPU2 time', 100, 250),
    phase('GPU1 & GPU2', 250, 400),
    phase('empty', 400, 400),
  ]);

  it('gives wall times in trace order', () => {
    expect(phaseStats(base).phases).toEqual([
      { name: 'GPU1 time', wallNs: 100, minNs: 100, maxNs: 100, runsNs: [100] },
      { name: 'GPU2 time', wallNs: 150, minNs: 150, maxNs: 150, runsNs: [150] },
      { name: 'GPU1 & GPU2', wallNs: 150, minNs: 150, maxNs: 150, runsNs: [150] },
      { name: 'empty', wallNs: 0, minNs: 0, maxNs: 0, runsNs: [0] },
    ]);
    expect(phaseStats(base).repeats).toBe(1);
  });

  it('computes speedup = Σ separate / together, skips comparisons with a missing phase, 0 for a zero-length together', () => {
    const t = withComparisons(base, [
      { separate: ['GPU1 time', 'GPU2 time'], together: 'GPU1 & GPU2' },
      { separate: ['GPU1 time', 'GPU3 time'], together: 'GPU1 & GPU2' }, // GPU3 missing
      { separate: ['GPU1 time'], together: 'all three' }, // together missing
      { separate: ['GPU1 time'], together: 'empty' },
    ]);
    expect(phaseStats(t).comparisons).toEqual([
      // (100 + 150) / 150 = 5/3; one round: an interval without spread
      {
        separate: ['GPU1 time', 'GPU2 time'],
        together: 'GPU1 & GPU2',
        sumOfSeparateNs: 250,
        togetherNs: 150,
        speedup: 250 / 150,
        ratios: [250 / 150],
        ci95: [250 / 150, 250 / 150],
      },
      { separate: ['GPU1 time'], together: 'empty', sumOfSeparateNs: 100, togetherNs: 0, speedup: 0, ratios: [], ci95: [0, 0] },
    ]);
    expect(phaseStats(t).comparisons[0]!.speedup).toBeCloseTo(1.666667, 6);
  });

  it('a foreign trace (no header) has phases but no comparisons', () => {
    const t: Trace = { ...scenario([]), phases: [phase('p', 10, 30)] };
    expect(phaseStats(t)).toEqual({ phases: [{ name: 'p', wallNs: 20, minNs: 20, maxNs: 20, runsNs: [20] }], comparisons: [], repeats: 1 });
  });

  describe('over rounds (--repeat K)', () => {
    const r = (name: string, start: number, end: number, round: number) => ({ ...phase(name, start, end), round });
    // Interleaved A B T, A B T, …; walls per round: A 100/110/90/130/100, B 50/40/60/50/70, T 100/100/120/90/100.
    const rounds = withComparisons(
      withMeta(scenario([['gpu', 'k', 'compute', 0, 10]]), [
        r('A', 0, 100, 1),
        r('B', 100, 150, 1),
        r('T', 150, 250, 1),
        r('A', 250, 360, 2),
        r('B', 360, 400, 2),
        r('T', 400, 500, 2),
        r('A', 500, 590, 3),
        r('B', 590, 650, 3),
        r('T', 650, 770, 3),
        r('A', 770, 900, 4),
        r('B', 900, 950, 4),
        r('T', 950, 1040, 4),
        r('A', 1040, 1140, 5),
        r('B', 1140, 1210, 5),
        r('T', 1210, 1310, 5),
      ]),
      [{ separate: ['A', 'B'], together: 'T' }],
    );

    it('per phase: the median, least and greatest wall, and every run in round order', () => {
      const { phases, repeats } = phaseStats(rounds);
      expect(repeats).toBe(5);
      // A: sorted 90 100 100 110 130 → median 100; B: 40 50 50 60 70 → 50; T: 90 100 100 100 120 → 100.
      expect(phases).toEqual([
        { name: 'A', wallNs: 100, minNs: 90, maxNs: 130, runsNs: [100, 110, 90, 130, 100] },
        { name: 'B', wallNs: 50, minNs: 40, maxNs: 70, runsNs: [50, 40, 60, 50, 70] },
        { name: 'T', wallNs: 100, minNs: 90, maxNs: 120, runsNs: [100, 100, 120, 90, 100] },
      ]);
    });

    it('per comparison: the median of the per-round ratios, in round order, and the bootstrap interval of that median', () => {
      const [c] = phaseStats(rounds).comparisons;
      // Per round (A + B) / T: 150/100 = 1.5, 150/100 = 1.5, 150/120 = 1.25, 180/90 = 2, 170/100 = 1.7.
      // Sorted 1.25 1.5 1.5 1.7 2 → median 1.5 (the ratio of the medians, 150/100, happens to agree here).
      expect(c!.ratios).toEqual([1.5, 1.5, 1.25, 2, 1.7]);
      expect(c!.speedup).toBe(1.5);
      expect(c!.sumOfSeparateNs).toBe(150);
      expect(c!.togetherNs).toBe(100);
      // Five rounds: the interval spans the least to the greatest ratio (bootstrap.test.ts: P(median = min) ≈ 5.8 % > 2.5 %).
      expect(c!.ci95).toEqual([1.25, 2]);
    });

    it('the speedup is the median ratio, not the ratio of medians', () => {
      // Round 1: (10 + 10) / 10 = 2; round 2: (30 + 30) / 30 = 2; round 3: (20 + 20) / 50 = 0.8 → median ratio 2,
      // while the ratio of the medians is (20 + 20) / 30 = 1.33.
      const t = withComparisons(
        withMeta(scenario([]), [
          r('A', 0, 10, 1),
          r('B', 10, 20, 1),
          r('T', 20, 30, 1),
          r('A', 30, 60, 2),
          r('B', 60, 90, 2),
          r('T', 90, 120, 2),
          r('A', 120, 140, 3),
          r('B', 140, 160, 3),
          r('T', 160, 210, 3),
        ]),
        [{ separate: ['A', 'B'], together: 'T' }],
      );
      const [c] = phaseStats(t).comparisons;
      expect(c!.ratios).toEqual([2, 2, 0.8]);
      expect(c!.speedup).toBe(2);
      expect(c!.sumOfSeparateNs / c!.togetherNs).toBeCloseTo(40 / 30, 12);
    });

    it('pairs runs by round, whatever order the phases are stored in, and leaves out a round a phase lacks', () => {
      const t = withComparisons(
        withMeta(scenario([]), [r('T', 300, 400, 2), r('A', 0, 100, 1), r('T', 100, 150, 1), r('A', 200, 300, 2), r('A', 400, 460, 3)]),
        [{ separate: ['A'], together: 'T' }],
      );
      const { phases, comparisons } = phaseStats(t);
      // A's runs in round order: 100, 100, 60; T: 50, 100. Round 3 has no T (a cancelled run): two ratios, 2 and 1.
      expect(phases.find((p) => p.name === 'A')!.runsNs).toEqual([100, 100, 60]);
      expect(comparisons[0]!.ratios).toEqual([2, 1]);
      expect(comparisons[0]!.speedup).toBe(1.5);
    });

    it('numbers repeated names without rounds (traces from before revision 2) by their order', () => {
      const t = withComparisons(withMeta(scenario([]), [phase('A', 0, 30), phase('T', 30, 40), phase('A', 40, 50), phase('T', 50, 60)]), [
        { separate: ['A'], together: 'T' },
      ]);
      // Round 1: 30 / 10 = 3; round 2: 10 / 10 = 1.
      expect(phaseStats(t).comparisons[0]!.ratios).toEqual([3, 1]);
    });
  });
});
