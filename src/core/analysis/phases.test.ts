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
      { name: 'GPU1 time', wallNs: 100 },
      { name: 'GPU2 time', wallNs: 150 },
      { name: 'GPU1 & GPU2', wallNs: 150 },
      { name: 'empty', wallNs: 0 },
    ]);
  });

  it('computes speedup = Σ separate / together, skips comparisons with a missing phase, 0 for a zero-length together', () => {
    const t = withComparisons(base, [
      { separate: ['GPU1 time', 'GPU2 time'], together: 'GPU1 & GPU2' },
      { separate: ['GPU1 time', 'GPU3 time'], together: 'GPU1 & GPU2' }, // GPU3 missing
      { separate: ['GPU1 time'], together: 'all three' }, // together missing
      { separate: ['GPU1 time'], together: 'empty' },
    ]);
    expect(phaseStats(t).comparisons).toEqual([
      // (100 + 150) / 150 = 5/3
      { separate: ['GPU1 time', 'GPU2 time'], together: 'GPU1 & GPU2', sumOfSeparateNs: 250, togetherNs: 150, speedup: 250 / 150 },
      { separate: ['GPU1 time'], together: 'empty', sumOfSeparateNs: 100, togetherNs: 0, speedup: 0 },
    ]);
    expect(phaseStats(t).comparisons[0]!.speedup).toBeCloseTo(1.666667, 6);
  });

  it('a foreign trace (no header) has phases but no comparisons', () => {
    const t: Trace = { ...scenario([]), phases: [phase('p', 10, 30)] };
    expect(phaseStats(t)).toEqual({ phases: [{ name: 'p', wallNs: 20 }], comparisons: [] });
  });
});
