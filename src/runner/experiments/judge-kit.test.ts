/** The judging kit's rules, one by one: the printed forms, the midpoint rule, the thresholds, the shared verdicts. */
import { describe, expect, it } from 'vitest';
import type { Phase } from '../../core/model.js';
import { ns } from '../../core/time.js';
import { scenario, withMeta } from '../../core/testing/scenario.js';
import {
  computeIn,
  fmtMs,
  HOLDS_ABOVE,
  laneOverlap,
  overlapOf,
  pays,
  pct,
  percent,
  phaseNamed,
  ratio,
  speedupOf,
  times,
  totalVsSumFinding,
  sharedAdapter,
  wallMs,
} from './judge-kit.js';

const MS = 1e6;
const phase = (name: string, startMs: number, endMs: number): Phase => ({ name, start: ns(startMs * MS), end: ns(endMs * MS) });

describe('the printed forms', () => {
  it('prints ms with more decimals for shorter times, ratios with two, percentages whole', () => {
    expect([123.45, 12.345, 0.12345].map(fmtMs)).toEqual(['123.5', '12.35', '0.123']);
    expect(times(2.5)).toBe('2.50×');
    expect(HOLDS_ABOVE).toBe('1.05×');
    expect(pct(1, 3)).toBe('33%');
    expect(pct(1, 0)).toBe('0%');
    expect(percent(1, 4)).toBe(25);
    expect(ratio(1, 0)).toBeCloseTo(1e9);
  });

  it('calls a speedup real only above the noise', () => {
    expect([1.05, 1.051].map(pays)).toEqual([false, true]);
  });
});

describe('phases and their ops', () => {
  const t = withMeta(
    scenario([
      ['gpu1', 'a', 'compute', 0.9 * MS, 0.3 * MS], // midpoint 1.05: in [1, 2]
      ['gpu1', 'b', 'compute', 1.8 * MS, 0.6 * MS], // midpoint 2.1: out
      ['gpu1', 'c', 'transfer', 1.2 * MS, 0.1 * MS], // not compute
    ]),
    [phase('p', 1, 2)],
  );

  it('finds a phase by name, or names the one missing', () => {
    expect(wallMs(phaseNamed(t, 'p'))).toBe(1);
    expect(() => phaseNamed(t, 'q')).toThrow("the trace has no phase 'q'");
  });

  it('puts an op in the phase its midpoint lies in', () => {
    expect(computeIn(t, phaseNamed(t, 'p')).map((o) => o.name)).toEqual(['a']);
  });
});

describe('the shared verdicts', () => {
  it('says two busy sets ran at once from 10% of the shorter', () => {
    const a = [{ start: 0, end: 10 * MS }];
    expect(overlapOf(a, [{ start: 9 * MS, end: 19 * MS }])).toMatchObject({ bothMs: 1, shorterMs: 10, pctOfShorter: 10, overlapped: true });
    expect(overlapOf(a, [{ start: 9.5 * MS, end: 19 * MS }]).overlapped).toBe(false);
    expect(overlapOf(a, []).overlapped).toBe(false);
    const ops = scenario([
      ['gpu1', 'm', 'compute', 0, 2 * MS],
      ['gpu2', 'm', 'compute', 1 * MS, 2 * MS],
    ]).ops;
    expect(laneOverlap(ops)).toMatchObject({ bothMs: 1, overlapped: true });
    expect(laneOverlap(ops.slice(0, 1))).toBeUndefined();
  });

  it('judges total against the sum of the parts, the speedup divided in ns as the stats divide it', () => {
    const t = {
      separate: [
        { name: 'a', wallMs: 10, wallNs: 10 * MS },
        { name: 'b', wallMs: 10, wallNs: 10 * MS },
      ],
      together: { name: 'ab', wallMs: 10, wallNs: 10 * MS },
    };
    // (10 + 10) ms / 10 ms = 2
    expect(speedupOf(t)).toBe(2);
    expect(totalVsSumFinding(t, 'Why: x.')).toEqual({
      claim: "'ab' takes less than the sum of 'a' and 'b'",
      holds: true,
      polarity: 'good',
      measure: { name: 'speedup', unit: 'ratio', value: 2, threshold: 1.05, holdsWhen: 'above' },
      evidence: "'a' 10.00 ms + 'b' 10.00 ms = 20.00 ms; 'ab' 10.00 ms; speedup 2.00×. Why: x.",
    });
    expect(speedupOf({ separate: t.separate, together: { name: 'ab', wallMs: 0, wallNs: 0 } })).toBe(0);
  });

  it('reads from the header whether two queues share one adapter', () => {
    const two = scenario([
      ['gpu1', 'm', 'compute', 0, MS],
      ['gpu2', 'm', 'compute', 0, MS],
    ]);
    const t = withMeta(two); // one adapter 'A', two GPU lanes
    expect(sharedAdapter(t)).toBe(true);
    const b = { name: 'B', vendor: 'v', architecture: 'a', device: 'd', description: 'desc', backend: 'vulkan', timestampQuery: true };
    expect(sharedAdapter({ ...t, meta: { ...t.meta!, adapters: [t.meta!.adapters[0]!, b] } })).toBe(false);
    expect(sharedAdapter({ ...t, meta: { ...t.meta!, adapters: [t.meta!.adapters[0]!, b], topology: "2 devices on ONE adapter 'A'" } })).toBe(true);
  });
});
