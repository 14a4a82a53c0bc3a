import { describe, expect, it } from 'vitest';
import { scenario } from '../testing/scenario.js';
import { computeStats } from './stats.js';
import { laneOrder } from './lane-order.js';
import { indexTrace } from './trace-index.js';
import { workStats } from './work.js';
import { laneRuns, WORK_KINDS } from './work-runs.js';

const SOURCE = { file: 't', format: 'pytorch', events: 0, warnings: 0, warningSamples: [] } as const;

/**
 * A PyTorch-like step: the Python thread launches two kernels on two streams, then sits in
 * cudaDeviceSynchronize until the second one ends.
 *   cpu: launch1 [0,10), launch2 [10,25), cudaDeviceSynchronize [25,1000)
 *   s1:  k1 [25,650)      s2: k2 [375,1000)
 */
const PYTORCH_LIKE = scenario([
  ['cpu', 'cudaLaunchKernel', 'cpu', 0, 10],
  ['cpu', 'cudaLaunchKernel', 'cpu', 10, 15],
  ['cpu', 'cudaDeviceSynchronize', 'sync', 25, 975],
  ['s1', 'k1', 'compute', 25, 625],
  ['s2', 'k2', 'compute', 375, 625],
]);

describe('work parallelism (revision 2)', () => {
  it('leaves the waiting out: 2.25× with waits, 1.275× of work', () => {
    const s = computeStats(PYTORCH_LIKE, SOURCE);
    // span [0,1000) = 1000. Revision 1: cpu lane busy 1000 (the wait included) + 625 + 625 = 2250 → 2.25×.
    expect(s.spanMs).toBe(1000 / 1e6);
    expect(s.sumOfPartsMs).toBe(2250 / 1e6);
    expect(s.parallelism).toBe(2.25);
    // Work: cpu 10 + 15 = 25, + 625 + 625 = 1275 → 1.275×.
    expect(s.work).toEqual({ sumOfPartsMs: 1275 / 1e6, parallelism: 1.275 });
  });

  it('is a union per lane: nested work counts once, and a zero span gives 0', () => {
    // cpu: parent [0,100) ⊃ child [10,30), wait [100,200) → work 100 of span 200 → 0.5
    const t = scenario([
      ['cpu', 'parent', 'cpu', 0, 100],
      ['cpu', 'child', 'cpu', 10, 20],
      ['cpu', 'wait', 'sync', 100, 100],
    ]);
    const index = indexTrace(t);
    expect(workStats(index, laneRuns(index, laneOrder(index), WORK_KINDS))).toEqual({ sumOfPartsNs: 100, parallelism: 0.5 });
    const zero = indexTrace(scenario([['gpu', 'k', 'compute', 5, 0]]));
    expect(workStats(zero, laneRuns(zero, laneOrder(zero), WORK_KINDS))).toEqual({ sumOfPartsNs: 0, parallelism: 0 });
  });
});
