import { describe, expect, it } from 'vitest';
import type { Phase, Trace } from '../model.js';
import { ns } from '../time.js';
import { scenario, withMeta } from '../testing/scenario.js';
import { profileRunPhases, runSpread } from './run-spread.js';

function profiled(t: Trace, phases: Phase[]): Trace {
  const m = withMeta(t, phases);
  return { ...m, meta: { ...m.meta!, experiment: { ...m.meta!.experiment, id: 'profile' } } };
}
const run = (round: number, start: number, end: number): Phase => ({ name: 'run', start: ns(start), end: ns(end), round });

// Three runs of one program: on the queue A then B, independent of each other, and a host wait M
// that both feed (data edges A → M, B → M). The data bound is the longer of A and B (a wait weighs
// 0), the GPU work spans A + B, and (A, B) is one pair of independent ops run one after the other.
//   run 1 [0, 100):   A [10, 30)   B [30, 50)   M [50, 60), and a second thread's wait [55, 65)
//   run 2 [200, 320): A [210, 240) B [240, 250) M [250, 270)
//   run 3 [400, 490): A [400, 420) B [420, 460) M [460, 465)
const threeRuns = profiled(
  scenario(
    [
      ['gpu', 'A', 'compute', 10, 20],
      ['gpu', 'B', 'compute', 30, 20],
      ['cpu main', 'M', 'sync', 50, 10],
      ['cpu worker', 'W', 'sync', 55, 10],
      ['gpu', 'A', 'compute', 210, 30],
      ['gpu', 'B', 'compute', 240, 10],
      ['cpu main', 'M', 'sync', 250, 20],
      ['gpu', 'A', 'compute', 400, 20],
      ['gpu', 'B', 'transfer', 420, 40],
      ['cpu main', 'M', 'sync', 460, 5],
    ],
    [
      [0, 2],
      [1, 2],
      [4, 6],
      [5, 6],
      [7, 9],
      [8, 9],
    ],
  ),
  // Out of order in the file: the runs are taken by round.
  [run(2, 200, 320), run(1, 0, 100), run(3, 400, 490)],
);

describe('runSpread (docs/metrics.md runSpread)', () => {
  it('per run: wall, GPU busy, host wait (a union), data bound and potential speedup; then median and interval', () => {
    const s = runSpread(threeRuns)!;
    expect(s.runs).toEqual([
      // wall 100; GPU busy 20 + 20; waits [50, 60) ∪ [55, 65) = 15; bound max(20, 20) = 20; span 40 / 20.
      { run: 1, wallNs: 100, gpuBusyNs: 40, hostWaitNs: 15, dataBoundNs: 20, potentialSpeedup: 2, independentSerialized: 1 },
      // wall 120; 30 + 10; 20; bound 30; 40 / 30.
      { run: 2, wallNs: 120, gpuBusyNs: 40, hostWaitNs: 20, dataBoundNs: 30, potentialSpeedup: 40 / 30, independentSerialized: 1 },
      // wall 90; 20 + 40 (a transfer is GPU work too); 5; bound 40; 60 / 40.
      { run: 3, wallNs: 90, gpuBusyNs: 60, hostWaitNs: 5, dataBoundNs: 40, potentialSpeedup: 1.5, independentSerialized: 1 },
    ]);
    // Medians of three: the middle value. With three distinct values a resample's median is the
    // least with probability 7/27 (two or three draws of it) > 2.5 %, the greatest likewise: the
    // interval is [least, greatest].
    expect(s.wallNs).toEqual({ values: [100, 120, 90], median: 100, ci95: [90, 120] });
    expect(s.gpuBusyNs).toEqual({ values: [40, 40, 60], median: 40, ci95: [40, 60] });
    expect(s.hostWaitNs).toEqual({ values: [15, 20, 5], median: 15, ci95: [5, 20] });
    expect(s.dataBoundNs).toEqual({ values: [20, 30, 40], median: 30, ci95: [20, 40] });
    expect(s.potentialSpeedup).toEqual({ values: [2, 40 / 30, 1.5], median: 1.5, ci95: [40 / 30, 2] });
    expect(s.independentSerialized).toEqual({ values: [1, 1, 1], median: 1, ci95: [1, 1] });
  });

  it('one run (the program profiled once): its values, an interval without spread', () => {
    const t = profiled(scenario([['gpu', 'A', 'compute', 10, 20]]), [{ name: 'program', start: ns(0), end: ns(50) }]);
    const s = runSpread(t)!;
    expect(s.runs).toEqual([{ run: 1, wallNs: 50, gpuBusyNs: 20, hostWaitNs: 0 }]);
    expect(s.wallNs).toEqual({ values: [50], median: 50, ci95: [50, 50] });
    // No data dependencies: no slack, so no data bound to spread.
    expect(s.dataBoundNs).toBeUndefined();
    expect(s.potentialSpeedup).toBeUndefined();
  });

  it('a run without data dependencies (a failed one) is left out of the slack spread only', () => {
    const t = profiled(
      scenario(
        [
          ['gpu', 'A', 'compute', 0, 10],
          ['cpu main', 'M', 'sync', 10, 10],
          ['gpu', 'A', 'compute', 100, 30],
        ],
        [[0, 1]],
      ),
      [run(1, 0, 50), run(2, 100, 140)],
    );
    const s = runSpread(t)!;
    expect(s.runs.map((r) => r.dataBoundNs)).toEqual([10, undefined]);
    expect(s.dataBoundNs).toEqual({ values: [10], median: 10, ci95: [10, 10] });
    expect(s.gpuBusyNs).toEqual({ values: [10, 30], median: 20, ci95: [10, 30] });
  });

  it('only for profiled programs', () => {
    const t = withMeta(scenario([['gpu', 'A', 'compute', 0, 10]]), [run(1, 0, 10)]);
    expect(runSpread(t)).toBeUndefined();
    expect(profileRunPhases(t)).toEqual([]);
    expect(runSpread(scenario([['gpu', 'A', 'compute', 0, 10]]))).toBeUndefined();
  });
});
