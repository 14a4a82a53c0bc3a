import { describe, expect, it } from 'vitest';
import { formatClock, runEstimate } from './run-estimate';

describe('runEstimate', () => {
  it('carries the rate so far over to the units left', () => {
    // 30 of 120 units in 10 s: 90 left at 3 units/s = 30 s.
    expect(runEstimate({ done: 30, total: 120, startedAt: 1000 }, 11_000)).toEqual({ elapsedMs: 10_000, remainingMs: 30_000 });
  });

  it('has no estimate before the first unit, and none left at the end', () => {
    expect(runEstimate({ done: 0, total: 120, startedAt: 0 }, 5000)).toEqual({ elapsedMs: 5000 });
    expect(runEstimate({ done: 0, total: 0, startedAt: 0 }, 5000)).toEqual({ elapsedMs: 5000 });
    expect(runEstimate({ done: 120, total: 120, startedAt: 0 }, 5000)).toEqual({ elapsedMs: 5000, remainingMs: 0 });
  });

  it('reads as a clock', () => {
    expect(formatClock(12_400)).toBe('12 s');
    expect(formatClock(185_000)).toBe('3 min 05 s'); // 185 s = 3 × 60 + 5
    expect(formatClock(7_500_000)).toBe('2 h 05 min'); // 7500 s = 2 × 3600 + 5 × 60
  });
});
