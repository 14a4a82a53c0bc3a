/**
 * Exact time at import (docs/metrics.md, "Time"): 16- and 17-digit µs timestamps, exponent
 * notation, negative values and sub-ns decimals, each checked against hand-computed ns, through
 * the splitter and through a whole import (and the statistics, and the Chrome export round trip).
 */
import { describe, expect, it } from 'vitest';
import { computeStats } from '../analysis/stats.js';
import { toChromeTrace } from '../export/chrome-trace.js';
import { roundSub, roundSubSum, splitExact, splitText, type TimeParts } from './exact-time.js';
import { importTraceBytes } from './index.js';

const parts = (text: string): TimeParts => {
  const out: TimeParts = { hi: 0, lo: 0, ns: 0, sub: '' };
  splitText(out, text);
  return out;
};

/** A Chrome trace of X events [ts, dur, tid, cat] written exactly as given (text, not numbers). */
function chrome(events: [string, string, number, string][]): Uint8Array {
  const body = events.map(([ts, dur, tid, cat], i) => `{"ph":"X","name":"op${i}","cat":"${cat}","pid":1,"tid":${tid},"ts":${ts},"dur":${dur}}`);
  return new TextEncoder().encode(`{"traceEvents":[${body.join(',')}]}`);
}

const opsOf = (bytes: Uint8Array) => {
  const { trace, source } = importTraceBytes(bytes, 't.json');
  return { trace, source, ops: trace.ops.map((o) => [o.name, o.start, o.dur]) };
};

describe('splitting a µs number exactly', () => {
  it('reads 16 and 17 integer digits and three decimals digit for digit', () => {
    expect(parts('1800000000000000.017')).toEqual({ hi: 1_800_000_000, lo: 0, ns: 17, sub: '' });
    expect(parts('12345678901234567.891')).toEqual({ hi: 12_345_678_901, lo: 234_567, ns: 891, sub: '' });
  });

  it('reads exponent notation exactly', () => {
    expect(parts('1.8e15')).toEqual({ hi: 1_800_000_000, lo: 0, ns: 0, sub: '' });
    expect(parts('1.800000000000001E+15')).toEqual({ hi: 1_800_000_000, lo: 1, ns: 0, sub: '' });
    expect(parts('18000000000000000017e-4')).toEqual({ hi: 1_800_000_000, lo: 0, ns: 1, sub: '7' });
    expect(parts('2.5e-4')).toEqual({ hi: 0, lo: 0, ns: 0, sub: '25' });
    // A tiny exponent is not spelt out a million digits long; it still rounds as what it is.
    expect(parts('1e-1000000').sub.length).toBeLessThan(1100);
    expect(roundSub(parts('1e-1000000').sub)).toBe(0);
    expect(parts('0e-1000000')).toEqual({ hi: 0, lo: 0, ns: 0, sub: '' });
  });

  it('floors negative values: −1.5 µs is −2 µs + 500 ns', () => {
    expect(parts('-1.5')).toEqual({ hi: -1, lo: 999_998, ns: 500, sub: '' });
    expect(parts('-0.0004')).toEqual({ hi: -1, lo: 999_999, ns: 999, sub: '6' });
    const out: TimeParts = { hi: 0, lo: 0, ns: 0, sub: '' };
    splitExact(out, true, 1_800_000_000_000_000, 17);
    expect(out).toEqual({ hi: -1_800_000_001, lo: 999_999, ns: 983, sub: '' });
  });

  it('rounds sub-ns decimals half up, and a sum of two exactly', () => {
    expect([roundSub(''), roundSub('4999'), roundSub('5')]).toEqual([0, 0, 1]);
    // 0.24999999999 + 0.25000000001 = 0.5 exactly: a tie, up; one digit less is below.
    expect(roundSubSum('24999999999', '25000000001')).toBe(1);
    expect(roundSubSum('2499999999', '25')).toBe(0);
    expect(roundSubSum('75', '75')).toBe(2);
    expect(roundSubSum('7', '')).toBe(1);
  });
});

describe('importing epoch-µs timestamps', () => {
  it('keeps two touching 10 ns ops at 1.8e15 µs touching: no overlap, span 20 ns', () => {
    const bytes = chrome([
      ['1800000000000000.010', '0.010', 1, 'compute'],
      ['1800000000000000.020', '0.010', 2, 'transfer'],
    ]);
    const { trace, source, ops } = opsOf(bytes);
    expect(ops).toEqual([
      ['op0', 0, 10],
      ['op1', 10, 10],
    ]);
    const stats = computeStats(trace, source);
    expect(stats.spanMs).toBe(20e-6);
    expect(stats.sumOfPartsMs).toBe(20e-6);
    expect(stats.parallelism).toBe(1);
    expect(stats.overlap.computeTransferMs).toBe(0);
    // Revision 2's measures see the same exact ns: the two lanes never work at once, and the
    // critical path (no edge between them) is the last op alone, 10 ns of transfer.
    expect(stats.work).toEqual({ sumOfPartsMs: 20e-6, parallelism: 1 });
    expect(stats.concurrency.pairs.map((p) => p.ms)).toEqual([0]);
    expect(stats.criticalPath).toMatchObject({ lengthMs: 10e-6, ops: 1, byKind: { compute: 0, transfer: 10e-6, cpu: 0, sync: 0, other: 0, gap: 0 } });
  });

  it('reads exponent forms, 17 digits and negative values to the ns', () => {
    const { ops } = opsOf(
      chrome([
        ['1.8e15', '1e-2', 1, 'cpu'],
        ['1.800000000000001E+15', '0.5e1', 1, 'cpu'],
        ['1800000000000002.5', '1', 1, 'cpu'],
      ]),
    );
    expect(ops).toEqual([
      ['op0', 0, 10],
      ['op1', 1_000, 5_000],
      ['op2', 2_500, 1_000],
    ]);
    const seventeen = opsOf(
      chrome([
        ['12345678901234567.891', '0.001', 1, 'cpu'],
        ['12345678901234568.892', '0.001', 1, 'cpu'],
      ]),
    );
    expect(seventeen.ops).toEqual([
      ['op0', 0, 1],
      ['op1', 1_001, 1],
    ]);
    const negative = opsOf(
      chrome([
        ['-1800000000000000.020', '0.010', 1, 'cpu'],
        ['-1800000000000000.010', '0.010', 1, 'cpu'],
      ]),
    );
    expect(negative.ops).toEqual([
      ['op0', 0, 10],
      ['op1', 10, 10],
    ]);
  });

  it('rounds a 4th decimal once: round(ts + dur) − round(ts)', () => {
    const { ops } = opsOf(
      chrome([
        // ts 0.4 ns → 0; end 0.8 ns → 1: 1 ns, though dur alone (0.4 ns) rounds to 0.
        ['1800000000000000.0004', '0.0004', 1, 'cpu'],
        // ts 10.5 ns → 11 (half up); end 10.5 + 10.5 = 21 ns exactly: 10 ns.
        ['1800000000000000.0105', '0.0105', 1, 'cpu'],
        // ts 30.6 → 31; end 30.6 + 9.9 = 40.5 → 41: 10 ns (rounding each would give 31 + 10).
        ['1800000000000000.0306', '0.0099', 1, 'cpu'],
      ]),
    );
    expect(ops).toEqual([
      ['op0', 0, 1],
      ['op1', 11, 10],
      ['op2', 31, 10],
    ]);
  });

  it('survives the Chrome export round trip with every ns', () => {
    const { trace } = importTraceBytes(
      chrome([
        ['1800000000000000.010', '0.010', 1, 'compute'],
        ['1800000000000000.020', '0.010', 2, 'transfer'],
        ['1800000000123456.789', '1234.567', 1, 'compute'],
      ]),
      't.json',
    );
    const again = importTraceBytes(new TextEncoder().encode(JSON.stringify(toChromeTrace(trace))), 'again.json').trace;
    expect(again.ops.map((o) => [o.name, o.start, o.dur])).toEqual([
      ['op0', 0, 10],
      ['op1', 10, 10],
      ['op2', 123_456_779, 1_234_567],
    ]);
  });

  it('reads a hostile 100,000-digit timestamp without throwing anything but its value', () => {
    const long = `0.${'0'.repeat(100_000)}1`;
    const { ops } = opsOf(chrome([[long, long, 1, 'cpu']]));
    expect(ops).toEqual([['op0', 0, 0]]);
  });

  it('warns when timestamps lie more than 2^53 ns from the first', () => {
    const { source } = importTraceBytes(
      chrome([
        ['0', '1', 1, 'cpu'],
        ['1800000000000000', '1', 1, 'cpu'],
      ]),
      't.json',
    );
    expect(source.warningSamples.some((w) => w.includes('2^53 ns'))).toBe(true);
  });
});

describe('traces longer than 2^30 ns (ops kept with double starts, build-model.ts primeOpTimes)', () => {
  it('keeps every start and duration exact on both sides of 2^30 ns and 2^31 ns', () => {
    // 0, 1.5 s, 2.5 s and 3 s after the first op; a 2 s op: starts and a duration past the small-integer range.
    const { ops, trace, source } = opsOf(
      chrome([
        ['1000', '1', 1, 'a'],
        ['1501000', '2', 1, 'a'],
        ['2501000', '2000000', 2, 'a'],
        ['3001000', '0.5', 1, 'a'],
      ]),
    );
    expect(ops).toEqual([
      ['op0', 0, 1000],
      ['op1', 1_500_000_000, 2000],
      ['op2', 2_500_000_000, 2_000_000_000],
      ['op3', 3_000_000_000, 500],
    ]);
    expect(computeStats(trace, source).spanMs).toBe(4500);
  });
});
