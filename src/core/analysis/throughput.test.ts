import { describe, expect, it } from 'vitest';
import type { ArgValue, Trace } from '../model.js';
import { scenario } from '../testing/scenario.js';
import { throughput } from './throughput.js';

/** A scenario whose ops carry the given args (by op index). */
function withArgs(t: Trace, args: Readonly<Record<number, Readonly<Record<string, ArgValue>>>>): Trace {
  return {
    ...t,
    ops: t.ops.map((o) => {
      const a = args[o.id];
      return a ? { ...o, args: a } : o;
    }),
  };
}

const MS = 1e6;

describe('throughput', () => {
  const t = withArgs(
    scenario([
      ['gpu', 'peak FMA', 'compute', 0, 1 * MS], // work in the args below
      ['gpu', 'peak FMA', 'compute', 1 * MS, 2 * MS],
      ['gpu', 'matmul', 'compute', 3 * MS, 2 * MS],
      ['gpu', 'matmul', 'compute', 5 * MS, 6 * MS],
      ['gpu', 'copy', 'transfer', 11 * MS, 4 * MS],
      ['gpu', 'peak copy', 'transfer', 15 * MS, 1 * MS],
      ['gpu', 'no work', 'compute', 16 * MS, 1 * MS],
      ['gpu', 'matmul', 'compute', 17 * MS, 0], // no duration: no rate
    ]),
    {
      0: { flops: 6e9, peak: true }, // 6 TFLOP/s
      1: { flops: 10e9, peak: true }, // 5 TFLOP/s
      2: { flops: 4e9, n: 1000 }, // 2 TFLOP/s
      3: { flops: 8e9 }, // 1.333 TFLOP/s
      4: { bytesMoved: 2e9, bytes: 1e9 }, // 500 GB/s
      5: { bytesMoved: 1e9, peak: true }, // 1000 GB/s
      6: { bytes: 1e9, note: 'a size is not work' },
      7: { flops: 1e9 },
    },
  );

  it('gives Σ work / Σ time per op name and unit, the best op, and the share of the peak microbenchmark', () => {
    const rows = throughput(t);
    expect(rows.map((r) => [r.name, r.unit])).toEqual([
      ['matmul', 'FLOP/s'], // 8 ms busy
      ['copy', 'B/s'], // 4 ms
      ['peak FMA', 'FLOP/s'], // 3 ms
      ['peak copy', 'B/s'], // 1 ms
    ]);
    const [matmul, copy, fma, peakCopy] = rows;
    expect(matmul).toMatchObject({ kind: 'compute', count: 2, work: 12e9, busyNs: 8 * MS, peak: false });
    expect(matmul!.perSec).toBeCloseTo(1.5e12, 0); // 12e9 / 8 ms
    expect(matmul!.bestPerSec).toBeCloseTo(2e12, 0);
    // The peak is the fastest single peak op (6 TFLOP/s), not the peak row's average (16e9 / 3 ms).
    expect(matmul!.pctOfPeak).toBeCloseTo(25, 9);
    expect(fma!.perSec).toBeCloseTo(16e9 / 3e-3, 0);
    expect(fma!.pctOfPeak).toBeCloseTo((100 * (16e9 / 3e-3)) / 6e12, 9);
    expect(fma!.peak).toBe(true);
    expect(copy!.perSec).toBeCloseTo(5e11, 0);
    expect(copy!.pctOfPeak).toBeCloseTo(50, 9);
    expect(peakCopy!.pctOfPeak).toBeCloseTo(100, 9);
  });

  it('has no share of a peak where the trace measured none, and no rows where no op declares work', () => {
    const noPeaks = withArgs(scenario([['gpu', 'matmul', 'compute', 0, MS]]), { 0: { flops: 1e9 } });
    expect(throughput(noPeaks)[0]).not.toHaveProperty('pctOfPeak');
    expect(throughput(scenario([['gpu', 'k', 'compute', 0, MS]]))).toEqual([]);
  });

  it('counts GPU lanes only: a host op’s duration is not the time its work took', () => {
    const t = withArgs(
      scenario([
        ['cpu main', 'aten::mm', 'cpu', 0, 10_000],
        ['gpu', 'gemm kernel', 'compute', 20_000, MS],
      ]),
      { 0: { flops: 2e9 }, 1: { flops: 2e9 } },
    );
    expect(throughput(t).map((r) => r.name)).toEqual(['gemm kernel']);
  });

  it('ignores declarations that are not positive finite numbers', () => {
    const bad = withArgs(
      scenario([
        ['gpu', 'a', 'compute', 0, MS],
        ['gpu', 'b', 'compute', MS, MS],
        ['gpu', 'c', 'compute', 2 * MS, MS],
      ]),
      { 0: { flops: '1e9' }, 1: { flops: -5 }, 2: { bytesMoved: Number.POSITIVE_INFINITY } },
    );
    expect(throughput(bad)).toEqual([]);
  });
});
