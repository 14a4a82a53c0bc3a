import { describe, expect, it } from 'vitest';
import type { PhaseSweep, Trace } from '../model.js';
import { ns } from '../time.js';
import { scenario, withMeta } from '../testing/scenario.js';
import { phaseStats } from './phases.js';
import { sweepStats } from './sweeps.js';

const phase = (name: string, start: number, end: number) => ({ name, start: ns(start), end: ns(end) });

const SWEEP: PhaseSweep = {
  title: 'Speedup over serialized against N',
  parameter: 'N',
  baseline: 'serialized',
  arrangements: ['concurrent', 'two devices'],
  threshold: 1.05,
  points: [16, 32, 64].map((n) => ({ value: n, phases: { serialized: `N=${n} ser`, concurrent: `N=${n} con`, 'two devices': `N=${n} dev` } })),
};

function traceWith(phases: ReturnType<typeof phase>[], sweeps: readonly PhaseSweep[] = [SWEEP]): Trace {
  const t = withMeta(scenario([['gpu', 'k', 'compute', 0, 10]]), phases);
  return { ...t, meta: { ...t.meta!, sweeps } };
}

describe('sweepStats', () => {
  it('gives per arrangement and value: baseline wall ÷ the arrangement’s wall', () => {
    const t = traceWith([
      phase('N=16 ser', 0, 100),
      phase('N=16 con', 100, 180),
      phase('N=16 dev', 180, 380),
      phase('N=32 ser', 400, 520),
      phase('N=32 con', 520, 580),
      phase('N=32 dev', 580, 700),
      phase('N=64 ser', 700, 1000),
      phase('N=64 con', 1000, 1400),
      phase('N=64 dev', 1400, 1700),
    ]);
    const [s] = sweepStats(t, phaseStats(t).phases);
    expect(s).toEqual({
      title: SWEEP.title,
      parameter: 'N',
      baseline: 'serialized',
      threshold: 1.05,
      series: [
        {
          arrangement: 'concurrent',
          points: [
            { value: 16, baselineNs: 100, wallNs: 80, speedup: 1.25, ci95: [1.25, 1.25] },
            { value: 32, baselineNs: 120, wallNs: 60, speedup: 2, ci95: [2, 2] },
            { value: 64, baselineNs: 300, wallNs: 400, speedup: 0.75, ci95: [0.75, 0.75] },
          ],
        },
        {
          arrangement: 'two devices',
          points: [
            { value: 16, baselineNs: 100, wallNs: 200, speedup: 0.5, ci95: [0.5, 0.5] },
            { value: 32, baselineNs: 120, wallNs: 120, speedup: 1, ci95: [1, 1] },
            { value: 64, baselineNs: 300, wallNs: 300, speedup: 1, ci95: [1, 1] },
          ],
        },
      ],
    });
  });

  it('leaves out values whose phases are missing (a cancelled run) or have no length', () => {
    const t = traceWith([phase('N=16 ser', 0, 100), phase('N=16 con', 100, 150), phase('N=16 dev', 150, 150), phase('N=32 ser', 200, 300)]);
    const [s] = sweepStats(t, phaseStats(t).phases);
    expect(s!.series.map((x) => x.points.map((p) => p.value))).toEqual([[16], []]);
  });

  it('over rounds: baseline and wall are the medians, the speedup the median of the per-round ratios', () => {
    const r = (name: string, start: number, end: number, round: number) => ({ ...phase(name, start, end), round });
    const point = (n: number) => ({ value: n, phases: { serialized: `N=${n} ser`, concurrent: `N=${n} con` } });
    const sweep: PhaseSweep = { ...SWEEP, arrangements: ['concurrent'], points: [point(16)] };
    // Round 1: ser 100, con 50 → 2; round 2: ser 120, con 100 → 1.2; round 3: ser 90, con 60 → 1.5.
    // Medians: ser 100, con 60; the speedup is the median ratio 1.5, not 100 / 60.
    const t = traceWith(
      [
        r('N=16 ser', 0, 100, 1),
        r('N=16 con', 100, 150, 1),
        r('N=16 ser', 200, 320, 2),
        r('N=16 con', 320, 420, 2),
        r('N=16 ser', 500, 590, 3),
        r('N=16 con', 590, 650, 3),
      ],
      [sweep],
    );
    const [s] = sweepStats(t, phaseStats(t).phases);
    const [p] = s!.series[0]!.points;
    expect(p).toMatchObject({ value: 16, baselineNs: 100, wallNs: 60, speedup: 1.5 });
    // Three rounds: each resampled median is the least ratio with P = 7/27 ≈ 26 % > 2.5 %, so the interval spans the three.
    expect(p!.ci95).toEqual([1.2, 2]);
  });

  it('is empty for traces without sweeps', () => {
    const t = withMeta(scenario([['gpu', 'k', 'compute', 0, 10]]), [phase('a', 0, 1)]);
    expect(sweepStats(t, phaseStats(t).phases)).toEqual([]);
  });
});
