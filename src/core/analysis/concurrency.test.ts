import { describe, expect, it } from 'vitest';
import { scenario } from '../testing/scenario.js';
import { concurrency, MAX_PAIR_LANES } from './concurrency.js';
import { laneOrder } from './lane-order.js';
import { indexTrace } from './trace-index.js';
import { GPU_WORK_KINDS, laneRuns, WORK_KINDS } from './work-runs.js';
import type { Trace } from '../model.js';

function conc(t: Trace) {
  const index = indexTrace(t);
  const byLane = laneOrder(index);
  return concurrency(
    index,
    laneRuns(index, byLane, WORK_KINDS),
    laneRuns(index, byLane, GPU_WORK_KINDS, (l) => index.lanes[l]!.kind === 'gpu'),
  );
}

describe('concurrency (revision 2)', () => {
  it('two CUDA streams: the time both computed, and its share of the shorter stream', () => {
    // s1: [0,100) [200,300) = 200 busy; s2: [50,250) = 200 busy; the host launches [0,5) and waits [5,300).
    // Both streams at work: [50,100) + [200,250) = 100; possible 200 + 200 − 200 = 200 → 50 %.
    const r = conc(
      scenario([
        ['s1', 'k', 'compute', 0, 100],
        ['s1', 'k', 'compute', 200, 100],
        ['s2', 'm', 'transfer', 50, 200],
        ['cpu', 'launch', 'cpu', 0, 5],
        ['cpu', 'sync', 'sync', 5, 295],
      ]),
    );
    expect(r).toMatchObject({ gpuNs: 100, cpuNs: 0, gpuPctOfShorter: 50, cpuPctOfShorter: 0, gpuLanes: 2, pairsOmitted: 0 });
    // Lane order: the host process (pid 100) after the GPUs (pids 1, 2). cpu work is [0,5) only:
    // with s1 [0,100) → 5; with s2 [50,250) → 0. The wait is not work.
    expect(r.pairs).toEqual([
      { a: '1:1', b: '2:1', ns: 100 },
      { a: '1:1', b: '100:1', ns: 5 },
      { a: '2:1', b: '100:1', ns: 0 },
    ]);
  });

  it('counts ≥ 2 lanes once however many overlap, touching runs do not overlap, waits and other ops do not count on GPUs', () => {
    // g1 [0,100), g2 [50,150), g3 [60,70) and [150,160) (touches g2's end); g2's memset [150,200) is 'other'.
    // ≥ 2 GPU lanes computing: [50,100) = 50 (g3's [60,70) lies inside it). g3's second run starts as g2's ends.
    // Busy 100 + 100 + 20, the busiest 100 → possible 120 → 50 / 120.
    const r = conc(
      scenario([
        ['g1', 'a', 'compute', 0, 100],
        ['g2', 'b', 'compute', 50, 100],
        ['g3', 'c', 'compute', 60, 10],
        ['g3', 'c', 'compute', 150, 10],
        ['g2', 'memset', 'other', 150, 50],
        ['g1', 'wait', 'sync', 100, 100],
      ]),
    );
    expect(r.gpuNs).toBe(50);
    expect(r.gpuPctOfShorter).toBeCloseTo((100 * 50) / 120, 12);
    // pairs count work (memset included, the wait not): g2 work [50,200); g3 ∩ g2 = [60,70) + [150,160) = 20
    expect(r.pairs.find((p) => p.a === '2:1' && p.b === '3:1')?.ns).toBe(20);
    expect(r.pairs.find((p) => p.a === '1:1' && p.b === '2:1')?.ns).toBe(50);
  });

  it('two CPU threads at work at once', () => {
    // t1 [0,10), t2 [5,20), t2's wait [20,40): both working in [5,10) = 5; possible 10 + 15 − 15 = 10 → 50 %.
    const r = conc(
      scenario([
        ['cpu1', 'a', 'cpu', 0, 10],
        ['cpu2', 'b', 'cpu', 5, 15],
        ['cpu2', 'w', 'sync', 20, 20],
      ]),
    );
    expect(r).toMatchObject({ gpuNs: 0, cpuNs: 5, cpuPctOfShorter: 50, gpuLanes: 0 });
    expect(r.pairs).toEqual([{ a: '100:1', b: '100:2', ns: 5 }]);
  });

  it(`lists no pairs above ${MAX_PAIR_LANES} lanes with work, and says how many it left out`, () => {
    const lanes = MAX_PAIR_LANES + 1;
    const r = conc(scenario(Array.from({ length: lanes }, (_, i) => [`g${i}`, 'k', 'compute', i, 10] as const)));
    expect(r.pairs).toEqual([]);
    expect(r.pairsOmitted).toBe((lanes * (lanes - 1)) / 2);
    // 65 lanes of [i, i + 10), i = 0 … 64: two or more are open from t = 1 (lane 1 starts) until
    // t = 73 (lane 63's [63,73) ends, leaving lane 64's [64,74) alone) → 72
    expect(r.gpuNs).toBe(72);
  });

  it('is zero without ops', () => {
    expect(conc(scenario([]))).toEqual({ gpuNs: 0, cpuNs: 0, gpuPctOfShorter: 0, cpuPctOfShorter: 0, gpuLanes: 0, pairs: [], pairsOmitted: 0 });
  });
});
