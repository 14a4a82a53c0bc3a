/** Exercise 4's measures and judge on a hand-made trace whose answers are known by construction: no GPU needed. */
import { describe, expect, it } from 'vitest';
import type { OpKind, Phase, Trace } from '../../../core/model.js';
import { ns } from '../../../core/time.js';
import { scenario, withMeta } from '../../../core/testing/scenario.js';
import { EX4_EFFICIENCY_PHASES as X } from '../catalog.js';
import { judgeRounds } from '../judge-rounds.js';
import { annotateEfficiency, judgeEfficiency, measureEfficiency } from './judge.js';
import { readTrace } from '../../../host/trace-file.js';

const MS = 1e6;
type Row = readonly [lane: string, name: string, kind: OpKind, start: number, dur: number];
const row = (lane: string, name: string, kind: OpKind, startMs: number, durMs: number): Row => [lane, name, kind, startMs * MS, durMs * MS];
const phase = (name: string, startMs: number, endMs: number): Phase => ({ name, start: ns(startMs * MS), end: ns(endMs * MS) });

/**
 * Peaks: FMA passes of 2 GFLOP in 2 ms (1000 GFLOP/s, the best) and 0.5 GFLOP in 1 ms (500); copies
 * of 100 MB moved in 1 ms (100 GB/s) and a kernel moving 200 MB in 1 ms (200 GB/s, the best).
 * Workload 20–40 ms: two matmuls of 2 GFLOP in 4 ms (500 GFLOP/s = 50%: holds at the line), two
 * read-backs moving 50 MB in 1 ms (50 GB/s = 25%). The queue is busy 10 of 20 ms. Gaps: 20–22 host
 * (submit ends 21.5), 26–27 host (26.8), 28–30 dependency (the host's read of y[0], which the second
 * matmul declares as its input, ends at 29.2, before its submit at 29.5), 34–35 host (34.5),
 * 36–40 other (trailing edge).
 */
function handMade(): Trace {
  const t = withMeta(
    scenario(
      [
        row('gpu1', 'fma', 'compute', 1, 2), // 0
        row('gpu1', 'fma', 'compute', 4, 1), // 1
        row('gpu1', 'b2b', 'transfer', 11, 1), // 2
        row('gpu1', 'kernel', 'compute', 13, 1), // 3
        row('cpu main', 'submit y[0]', 'cpu', 21, 0.5), // 4
        row('gpu1', 'matmul', 'compute', 22, 4), // 5
        row('cpu main', 'submit copy y[0]', 'cpu', 26.5, 0.3), // 6
        row('gpu1', 'copy y', 'transfer', 27, 1), // 7
        row('cpu main', 'read y[0]', 'cpu', 28.5, 0.7), // 8: ends 29.2
        row('cpu main', 'submit y[1]', 'cpu', 29.3, 0.2), // 9: ends 29.5
        row('gpu1', 'matmul', 'compute', 30, 4), // 10
        row('cpu main', 'submit copy y[1]', 'cpu', 34.2, 0.3), // 11
        row('gpu1', 'copy y', 'transfer', 35, 1), // 12
      ],
      [[8, 10]],
    ),
    [phase(X.fma, 0, 10), phase(X.copy, 10, 20), phase(X.workload, 20, 40)],
  );
  const args: Record<number, Record<string, number>> = {
    0: { flops: 2e9 },
    1: { flops: 0.5e9 },
    2: { bytesMoved: 1e8 },
    3: { bytesMoved: 2e8 },
    5: { flops: 2e9 },
    7: { bytesMoved: 5e7 },
    10: { flops: 2e9 },
    12: { bytesMoved: 5e7 },
  };
  return { ...t, ops: t.ops.map((o) => (args[o.id] ? { ...o, args: args[o.id]! } : o)), meta: { ...t.meta!, calibration: [] } };
}

describe('judgeEfficiency on a hand-made trace', () => {
  it('rates against the measured peaks, breaks the idle time down and advises', () => {
    const t = handMade();
    const m = measureEfficiency(t);
    expect(m.peakGflops).toBe(1000);
    expect(m.peakGbps).toBe(200);
    expect(m.matmuls.rate).toBe(500);
    expect(m.copies.rate).toBe(50);
    expect(m.idle.totals).toEqual({ busyNs: 10 * MS, idleNs: 10 * MS, host: 4 * MS, dependency: 2 * MS, other: 4 * MS });

    const [mm, copy, busy, host, dep, ...rest] = judgeEfficiency(t);
    expect(rest).toEqual([]);
    expect(mm!.holds).toBe(true);
    expect(mm!.evidence).toContain(
      '2 matmuls, 2.00 GFLOP each (2N³), 4.00 ms each on average on the GPU: 500 GFLOP/s (Σ FLOPs / Σ GPU time; best 500) = 50% of the 1000 GFLOP/s',
    );
    expect(copy!.holds).toBe(false);
    expect(copy!.evidence).toContain('50.0 GB/s read + written (best 50.0) = 25% of the 200 GB/s');
    expect(copy!.evidence).toContain('copyBufferToBuffer 100 GB/s, storage kernel 200 GB/s');
    expect(busy!.holds).toBe(false);
    expect(busy!.evidence).toContain(
      "'gpu1' busy 10.00 ms of 20.00 ms (50%); idle 10.00 ms in 5 gap(s): waiting for the host 4.00 ms (20%), on dependencies 2.00 ms (10%), other 4.00 ms (20%)",
    );
    expect(busy!.measure).toEqual({ name: 'least busy queue', unit: 'percent', value: 50, threshold: 80, holdsWhen: 'at-least' });
    // No calibration, no allowance: both ends of the range are the timestamps' 4 ms of 20 = 20%.
    expect(host).toMatchObject({
      claim: "'gpu1' idled 10% or more of 'workload' waiting for the host: batch submits",
      holds: true,
      state: 'holds',
      polarity: 'problem',
    });
    expect(host!.evidence).toContain('Host-bound between 20% and 20% of the 20.00 ms phase, 4.00 ms');
    expect(host!.evidence).toContain('3 gap(s) ended by a host submit by the timestamps, 3 with the allowance');
    expect(host!.evidence).toContain("longest 2.00 ms, ended by 'submit y[0]'");
    expect(dep).toMatchObject({
      claim: "'gpu1' idled 10% or more of 'workload' waiting on dependencies: overlap the read-back with the next matmul (see seed-compute-copy)",
      holds: true,
      polarity: 'problem',
    });
    expect(dep!.evidence).toContain("waiting for 'read y[0]'");
  });

  it('judges host-bound idle as a range over the calibration allowance: inconclusive when only the allowance reaches the threshold', () => {
    // The submits of y[0] and of its copy now end 0.4 µs after the gaps they end (22 ms, 27 ms); the
    // calibration is good to 1 µs. By the timestamps only the 34–35 ms gap is the host's: 1 ms of 20 = 5%.
    // With the allowance the 20–22 and 26–27 ms gaps are too: 4 ms = 20%. 5% < 10% ≤ 20%: inconclusive.
    const base = handMade();
    const late = (id: number, startMs: number) => ({ ...base.ops[id]!, start: ns(startMs * MS), dur: ns(0.1 * MS + 400) });
    const t: Trace = {
      ...base,
      ops: base.ops.map((o) => (o.id === 4 ? late(4, 21.9) : o.id === 6 ? late(6, 26.9) : o)),
      meta: { ...base.meta!, calibration: [{ method: 'm', device: 'gpu1', offsetNs: '0', uncertaintyNs: 1000, samples: 16 }] },
    };
    const host = judgeEfficiency(t).find((f) => f.claim.includes('waiting for the host'))!;
    expect(host.state).toBe('inconclusive');
    expect(host.holds).toBe(false);
    expect(host.evidence).toContain('Host-bound between 5.0% and 20% of the 20.00 ms phase, 1.00 to 4.00 ms');
    expect(host.evidence).toContain('1 gap(s) ended by a host submit by the timestamps, 3 with the allowance');
    expect(host.evidence).toContain('host and GPU clocks agree only to ±1.0 µs');
    const [busy] = judgeEfficiency(t).slice(2);
    expect(busy!.evidence).toContain('waiting for the host 1.00–4.00 ms (5.0%–20%)');
  });

  it('annotates each rated op and is stable when judged again', () => {
    const a = annotateEfficiency(handMade());
    const args = (id: number) => a.ops[id]!.args;
    expect(args(0)).toEqual({ flops: 2e9, gflops: 1000, pctOfPeak: 100 });
    expect(args(1)).toEqual({ flops: 0.5e9, gflops: 500, pctOfPeak: 50 });
    expect(args(5)).toEqual({ flops: 2e9, gflops: 500, pctOfPeak: 50 });
    expect(args(7)).toEqual({ bytesMoved: 5e7, gbps: 50, pctOfPeak: 25 });
    expect(args(3)).toEqual({ bytesMoved: 2e8, gbps: 200, pctOfPeak: 100 });
    expect(a.ops[4]!.args).toBeUndefined();
    expect(a.meta!.notes.at(-1)).toContain("'matmul' ×2: 4.00 ms avg, 500 GFLOP/s (best 500) = 50% of the measured 1000 GFLOP/s");
    expect(a.meta!.notes.at(-1)).toContain("'copy y' ×2: 1.00 ms avg, 50.0 GB/s (best 50.0) = 25% of the measured 200 GB/s");
    expect(judgeRounds(a, judgeEfficiency)).toEqual(a.meta!.verdicts);
  });

  it('gives no advice when the queue is kept busy, and names a missing phase', () => {
    const t = withMeta(
      scenario([
        row('gpu1', 'fma', 'compute', 1, 2),
        row('gpu1', 'b2b', 'transfer', 11, 1),
        row('gpu1', 'matmul', 'compute', 20, 19),
        row('gpu1', 'copy y', 'transfer', 39, 1),
      ]),
      [phase(X.fma, 0, 10), phase(X.copy, 10, 20), phase(X.workload, 20, 40)],
    );
    const v = judgeEfficiency(t);
    expect(v).toHaveLength(3);
    expect(v[2]!.holds).toBe(true);
    expect(v[2]!.evidence).toContain('(100%)');
    expect(v[0]!.evidence).toContain('no timed matmul'); // no flops args: nothing rated
    expect(() => judgeEfficiency(withMeta(scenario([row('gpu1', 'm', 'compute', 0, 1)]), [phase(X.fma, 0, 1)]))).toThrow(/no phase 'peak: copy'/);
  });
});

describe('judgeEfficiency on the H200 recording (docs/gpu-runs)', () => {
  it("judged again by today's judge: the same verdicts, except host-bound, now a range and inconclusive (issue 11)", async () => {
    const { trace } = await readTrace(new URL('../../../../docs/gpu-runs/2026-11-27-h200/exercises/ex4-efficiency.json.gz', import.meta.url).pathname);
    const today = judgeRounds(trace, judgeEfficiency);
    const stored = trace.meta!.verdicts;
    expect(today.slice(0, 3).map((v) => [v.claim, v.holds])).toEqual(stored.slice(0, 3).map((v) => [v.claim, v.holds]));
    // The recording said "idle 53% waiting for the host" (holds): 33 of its 34 gaps qualified only through the
    // allowance for the calibration's ±12.1 µs (10.9 µs uncertainty + 1.2 µs drift). By the timestamps alone
    // one gap of 0.095 ms is the host's (0.2% of 59.60 ms), with the allowance 31.58 ms (53%): the range
    // straddles 10%, inconclusive, and no longer a green-or-warning "holds".
    expect(stored[3]!.claim).toBe("'gpu1 queue' idle 53% of 'workload' waiting for the host: batch submits");
    expect(today).toHaveLength(4);
    expect(today[3]).toMatchObject({
      claim: "'gpu1 queue' idled 10% or more of 'workload' waiting for the host: batch submits",
      state: 'inconclusive',
      severity: 'info',
    });
    expect(today[3]!.evidence).toContain('Host-bound between 0.2% and 53% of the 59.60 ms phase, 0.095 to 31.58 ms');
    expect(today[3]!.evidence).toContain('1 gap(s) ended by a host submit by the timestamps, 34 with the allowance');
    expect(today[3]!.evidence).toContain('host and GPU clocks agree only to ±12.1 µs');
  });
});
