import { describe, expect, it } from 'vitest';
import { spreadScaleMs, spreadStrip } from './phase-spread';

const phase = (runsMs: number[], wallMs: number) => ({ name: 'p', wallMs, minMs: Math.min(...runsMs), maxMs: Math.max(...runsMs), runsMs });

describe('phase spread strip', () => {
  it('puts every phase on one scale, 0 to the longest run of any', () => {
    expect(spreadScaleMs([phase([10, 12, 11], 11), phase([30, 40, 20], 30)])).toBe(40);
    expect(spreadScaleMs([])).toBe(1);
  });

  it('places each run, the median and the range in px', () => {
    // Width 108 with 4 px padding: 100 px for 0..40 ms, 2.5 px per ms; 10 ms → 4 + 25 = 29.
    const s = spreadStrip(phase([10, 12, 11], 11), 40, 108);
    expect(s.dots).toEqual([29, 34, 31.5]);
    expect(s).toMatchObject({ medianX: 31.5, minX: 29, maxX: 34 });
  });
});
