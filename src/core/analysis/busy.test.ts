import { describe, expect, it } from 'vitest';
import type { OpKind } from '../model.js';
import { scenario } from '../testing/scenario.js';
import { busyStats } from './busy.js';

type Row = readonly [string, string, OpKind, number, number];

describe('busyStats', () => {
  it('disjoint ops on one lane: busy is the plain sum, span includes the gaps', () => {
    // [0,10) [20,30) [40,50): busy 3 × 10 = 30, span 50 − 0 = 50, parallelism 30 / 50 = 0.6
    const b = busyStats(
      scenario([
        ['gpu', 'k', 'compute', 0, 10],
        ['gpu', 'k', 'compute', 20, 10],
        ['gpu', 'k', 'compute', 40, 10],
      ]),
    );
    expect(b.compute).toEqual({ ops: 3, busyNs: 30 });
    expect(b.spanNs).toBe(50);
    expect(b.sumOfPartsNs).toBe(30);
    expect(b.parallelism).toBe(0.6);
  });

  it('nested ops on one lane are counted once', () => {
    // [0,100) ⊃ [10,20), and [30,130) overlaps the first: union [0,130) = 130
    const b = busyStats(
      scenario([
        ['cpu1', 'outer', 'cpu', 0, 100],
        ['cpu1', 'inner', 'cpu', 10, 10],
        ['cpu1', 'late', 'cpu', 30, 100],
      ]),
    );
    expect(b.cpu).toEqual({ ops: 3, busyNs: 130 });
    expect(b.spanNs).toBe(130);
    expect(b.sumOfPartsNs).toBe(130);
    expect(b.parallelism).toBe(1);
  });

  it('partially overlapping ops across lanes: kind busy is a union, sum of parts is not', () => {
    // gpu1 [0,100), gpu2 [50,150): busy(compute) = [0,150) = 150; Σ lanes = 100 + 100 = 200
    const b = busyStats(
      scenario([
        ['gpu1', 'k', 'compute', 0, 100],
        ['gpu2', 'k', 'compute', 50, 100],
      ]),
    );
    expect(b.compute.busyNs).toBe(150);
    expect(b.spanNs).toBe(150);
    expect(b.sumOfPartsNs).toBe(200);
    expect(b.parallelism).toBe(200 / 150);
  });

  it('zero-length ops count as ops and stretch the span but are never busy', () => {
    // compute [10,10) and [30,40), transfer [20,20): span 40 − 10 = 30, compute busy 10, transfer busy 0
    const b = busyStats(
      scenario([
        ['gpu', 'mark', 'compute', 10, 0],
        ['gpu', 'copy', 'transfer', 20, 0],
        ['gpu', 'k', 'compute', 30, 10],
      ]),
    );
    expect(b.spanNs).toBe(30);
    expect(b.compute).toEqual({ ops: 2, busyNs: 10 });
    expect(b.transfer).toEqual({ ops: 1, busyNs: 0 });
    expect(b.overlap).toEqual({ computeTransferNs: 0, pctOfTransfer: 0 });
    expect(b.sumOfPartsNs).toBe(10);
    expect(b.parallelism).toBe(10 / 30);
  });

  it('many lanes, each with one op, offset by 10', () => {
    // lane i: [10i, 10i + 100), i = 0..49. span = (490 + 100) − 0 = 590; Σ parts = 50 × 100 = 5000;
    // each op overlaps the next, so busy(compute) = [0,590) = 590.
    const ops: Row[] = Array.from({ length: 50 }, (_, i) => [`gpu${i}`, 'k', 'compute', 10 * i, 100] as const);
    const b = busyStats(scenario(ops));
    expect(b.spanNs).toBe(590);
    expect(b.sumOfPartsNs).toBe(5000);
    expect(b.parallelism).toBe(5000 / 590);
    expect(b.compute).toEqual({ ops: 50, busyNs: 590 });
  });

  it('compute/transfer overlap ignores sync ops (they are not compute)', () => {
    // gpu1: compute [0,100), sync [100,300) (a sync kernel waiting for the copy)
    // gpu2: transfer [50,250), other (memset) [260,270)
    // cpu1: cpu [0,20)
    // busy(compute) = 100, busy(transfer) = 200, overlap = [50,100) = 50 → 100 × 50 / 200 = 25 %.
    // Were the sync op counted as compute, the overlap would be [50,250) = 200 → 100 %.
    const b = busyStats(
      scenario([
        ['gpu1', 'k', 'compute', 0, 100],
        ['gpu1', 'syncKernel', 'sync', 100, 200],
        ['gpu2', 'copy', 'transfer', 50, 200],
        ['gpu2', 'memset', 'other', 260, 10],
        ['cpu1', 'submit', 'cpu', 0, 20],
      ]),
    );
    expect(b.compute).toEqual({ ops: 1, busyNs: 100 });
    expect(b.transfer).toEqual({ ops: 1, busyNs: 200 });
    expect(b.sync).toEqual({ ops: 1, busyNs: 200 });
    expect(b.other).toEqual({ ops: 1, busyNs: 10 });
    expect(b.cpu).toEqual({ ops: 1, busyNs: 20 });
    expect(b.overlap).toEqual({ computeTransferNs: 50, pctOfTransfer: 25 });
    // span [0,300) = 300; lanes: gpu1 [0,300) = 300, gpu2 200 + 10 = 210, cpu1 20 → 530
    expect(b.spanNs).toBe(300);
    expect(b.sumOfPartsNs).toBe(530);
    expect(b.parallelism).toBe(530 / 300);
  });

  it('overlap across several compute runs', () => {
    // compute [0,10) [20,30) [40,50) on gpu1, transfer [5,45) on gpu2:
    // overlap = [5,10) + [20,30) + [40,45) = 5 + 10 + 5 = 20 of 40 → 50 %
    const b = busyStats(
      scenario([
        ['gpu1', 'k', 'compute', 0, 10],
        ['gpu1', 'k', 'compute', 20, 10],
        ['gpu1', 'k', 'compute', 40, 10],
        ['gpu2', 'copy', 'transfer', 5, 40],
      ]),
    );
    expect(b.overlap).toEqual({ computeTransferNs: 20, pctOfTransfer: 50 });
  });

  it('an empty trace is all zeros', () => {
    const b = busyStats(scenario([]));
    expect(b).toEqual({
      spanNs: 0,
      sumOfPartsNs: 0,
      parallelism: 0,
      compute: { ops: 0, busyNs: 0 },
      transfer: { ops: 0, busyNs: 0 },
      cpu: { ops: 0, busyNs: 0 },
      sync: { ops: 0, busyNs: 0 },
      other: { ops: 0, busyNs: 0 },
      overlap: { computeTransferNs: 0, pctOfTransfer: 0 },
    });
  });
});
