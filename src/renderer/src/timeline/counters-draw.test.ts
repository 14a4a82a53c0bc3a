import { describe, expect, it } from 'vitest';
import { counterMax, counterPath } from './counters-draw.js';
import { COUNTER_H } from './layout.js';
import type { CounterTrack } from '@core/model.js';
import { ns } from '@core/time.js';

const view = { start: 0, end: 100, width: 100 }; // 1 px per ns
const TOP = 10;
const PAD = 3;
const yOf = (v: number, max: number) => TOP + PAD + (COUNTER_H - 2 * PAD) * (1 - v / max);

describe('counterPath', () => {
  it('draws a step line: each value holds until the next sample, to the right edge', () => {
    // Samples 10 → 1, 50 → 2, scaled to max 2: y(1) is the middle, y(2) the top.
    const p = counterPath([10, 50], [1, 2], view, TOP, 2).points;
    expect(p).toEqual([10, yOf(1, 2), 50, yOf(1, 2), 50, yOf(2, 2), 100, yOf(2, 2)]);
  });

  it('starts with the sample holding at the left edge, and stops at the window end', () => {
    const p = counterPath([0, 20, 200], [2, 1, 2], { start: 10, end: 110, width: 100 }, TOP, 2).points;
    // At 10 ns (x 0) the value of the sample at 0 holds; the one at 200 is past the window.
    expect(p).toEqual([0, yOf(2, 2), 10, yOf(2, 2), 10, yOf(1, 2), 100, yOf(1, 2)]);
  });

  it('draws samples in one pixel column as a vertical stroke, not a step each', () => {
    const p = counterPath([10, 10.2, 10.4], [0, 2, 1], view, TOP, 2).points;
    expect(p).toEqual([10, yOf(0, 2), 10.2, yOf(2, 2), 10.4, yOf(1, 2), 100, yOf(1, 2)]);
  });

  it('draws nothing for an empty series', () => {
    expect(counterPath([], [], view, TOP, 1).points).toEqual([]);
  });
});

describe('counterMax', () => {
  it('is the largest value over all series, at least 0', () => {
    const t: CounterTrack = {
      id: '1:m',
      pid: 1,
      name: 'm',
      event: { name: 'm' },
      series: [
        { name: 'a', ts: [ns(0)], values: [-5] },
        { name: 'b', ts: [ns(0), ns(1)], values: [3, 7] },
      ],
    };
    expect(counterMax(t)).toBe(7);
    expect(counterMax({ ...t, series: [{ name: 'a', ts: [ns(0)], values: [-5] }] })).toBe(0);
  });
});
