import { describe, expect, it } from 'vitest';
import { formatSi } from './report-format.js';

describe('formatSi', () => {
  it('uses a decimal SI prefix and three significant digits', () => {
    expect(formatSi(37_551e9, 'FLOP/s')).toBe('37.6 TFLOP/s');
    expect(formatSi(101.8e9, 'B/s')).toBe('102 GB/s');
    expect(formatSi(17_179_869_184, 'FLOP')).toBe('17.2 GFLOP');
    expect(formatSi(1e15 * 2.5, 'FLOP/s')).toBe('2.5 PFLOP/s');
    expect(formatSi(999, 'B')).toBe('999 B');
    expect(formatSi(1000, 'B')).toBe('1 kB');
    expect(formatSi(0, 'B/s')).toBe('0 B/s');
  });
});
