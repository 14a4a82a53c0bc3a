import { describe, expect, it } from 'vitest';
import { niceTicks, speedupStep, tickLabel, tickTimes } from './ticks.js';

describe('niceTicks', () => {
  it('picks a 1/2/5 step and the unit that reads best', () => {
    expect(niceTicks(1.9e9, 12)).toEqual({ step: 2e8, unit: 1e9, unitName: 's', decimals: 1 });
    expect(niceTicks(72e6, 10)).toEqual({ step: 1e7, unit: 1e6, unitName: 'ms', decimals: 0 });
    expect(niceTicks(3000, 10)).toEqual({ step: 500, unit: 1e3, unitName: 'µs', decimals: 1 });
    expect(niceTicks(40, 10)).toEqual({ step: 5, unit: 1, unitName: 'ns', decimals: 0 });
  });
});

describe('tickTimes', () => {
  it('lists the multiples of the step in the range, ends included', () => {
    expect(tickTimes(0, 1000, 250)).toEqual([0, 250, 500, 750, 1000]);
    expect(tickTimes(130, 990, 200)).toEqual([200, 400, 600, 800]);
    expect(tickLabel(1.5e6, niceTicks(3e6, 10))).toBe('1.5 ms');
  });
});

describe('speedupStep', () => {
  it('steps a speedup axis by 0.25, 0.5, 1, 2, 5 … up to 100', () => {
    expect(speedupStep(1.296, 6)).toBe(0.25);
    expect(speedupStep(2.5, 6)).toBe(0.5);
    expect(speedupStep(3, 6)).toBe(0.5);
    expect(speedupStep(3.1, 6)).toBe(1);
    expect(speedupStep(13, 8)).toBe(2);
    expect(speedupStep(600, 6)).toBe(100);
    expect(speedupStep(601, 6)).toBeUndefined();
  });
});
