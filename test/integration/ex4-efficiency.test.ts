/**
 * Exercise 4 (is the code efficient?) run in-process on lavapipe at a small size: the peak
 * microbenchmarks and the naive workload as phases, every rated op's args, the findings, the check,
 * the round trip; and the judge on a hand-made trace whose answers are known by construction.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import type { Op, OpKind, Phase, Trace } from '../../src/core/model.js';
import { ns } from '../../src/core/time.js';
import type { Progress } from '../../src/runner/experiments/types.js';
import { EX4_EFFICIENCY, EX4_EFFICIENCY_PHASES as X } from '../../src/runner/experiments/catalog.js';
import { EX4_OP_NAMES, annotateEfficiency, ex4Efficiency, judgeEfficiency, measureEfficiency } from '../../src/runner/experiments/ex4-efficiency.js';
import { copyBenchBytes, fmaConfig, fmaFlops } from '../../src/runner/workloads/microbench.js';
import { scenario, withMeta } from '../../src/core/testing/scenario.js';

const N = 64;
const R = 4;
const PHASES = [X.fma, X.copy, X.workload];

function opsIn(trace: Trace, name: string, pred: (o: Op) => boolean): Op[] {
  const p = trace.phases.find((x) => x.name === name)!;
  return trace.ops.filter((o) => pred(o) && o.start + o.dur / 2 >= p.start && o.start + o.dur / 2 <= p.end);
}

describe('ex4-efficiency recorded in-process on lavapipe', () => {
  let trace: Trace;
  const progress: Progress[] = [];
  let elapsedMs = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    trace = await ex4Efficiency.run({ params: { size: N, reps: R }, onProgress: (p) => progress.push(p) });
    elapsedMs = performance.now() - t0;
  });

  it('is the description it exports, and stays small here', () => {
    expect(ex4Efficiency).toMatchObject(EX4_EFFICIENCY);
    expect(EX4_EFFICIENCY).toMatchObject({ id: 'ex4-efficiency', defaults: { size: 2048, reps: 20 } });
    expect(trace.meta!.experiment).toMatchObject({ id: 'ex4-efficiency', params: { size: N, reps: R } });
    expect(progress.at(-1)).toEqual({ phase: X.workload, done: R + 2, total: R + 2 });
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('nests the three phases in the run, in order', () => {
    const { run } = trace.meta!;
    expect(trace.phases.map((p) => p.name)).toEqual(PHASES);
    for (const p of trace.phases) {
      expect(p.start).toBeGreaterThanOrEqual(run.start);
      expect(p.end).toBeLessThanOrEqual(run.end);
      expect(p.end).toBeGreaterThan(p.start);
    }
    for (let i = 1; i < trace.phases.length; i++) expect(trace.phases[i]!.start).toBeGreaterThanOrEqual(trace.phases[i - 1]!.end);
  });

  it('runs the microbenchmarks and the workload it says, each rated op carrying its rate and % of peak', () => {
    const fma = opsIn(trace, X.fma, (o) => o.kind === 'compute');
    expect(fma.map((o) => o.name)).toEqual(Array(5).fill(EX4_OP_NAMES.fma));
    expect(fma[0]!.args?.['flops']).toBe(fmaFlops(fmaConfig(N)));
    const copies = opsIn(trace, X.copy, () => true).filter((o) => o.laneId === fma[0]!.laneId);
    expect(copies.filter((o) => o.name === EX4_OP_NAMES.copyB2B && o.kind === 'transfer')).toHaveLength(5);
    expect(copies.filter((o) => o.name === EX4_OP_NAMES.copyKernel && o.kind === 'compute')).toHaveLength(5);
    const bytes = copyBenchBytes(N, { maxBufferSize: Infinity, maxStorageBufferBindingSize: Infinity });
    expect(copies.find((o) => o.name === EX4_OP_NAMES.copyB2B)!.args?.['bytesMoved']).toBe(2 * bytes);

    const matmuls = opsIn(trace, X.workload, (o) => o.kind === 'compute');
    const readBacks = opsIn(trace, X.workload, (o) => o.kind === 'transfer');
    expect(matmuls.map((o) => o.name)).toEqual(Array(R).fill(EX4_OP_NAMES.matmul));
    expect(readBacks.map((o) => o.name)).toEqual(Array(R).fill(EX4_OP_NAMES.readBack));
    for (const o of [...matmuls, ...fma]) {
      const g = o.args?.['gflops'];
      const p = o.args?.['pctOfPeak'];
      expect(typeof g === 'number' && Number.isFinite(g) && g > 0, `${o.name} gflops ${g}`).toBe(true);
      expect(typeof p === 'number' && Number.isFinite(p) && p > 0, `${o.name} pctOfPeak ${p}`).toBe(true);
      expect(o.args?.['flops']).toBeGreaterThan(0);
    }
    for (const o of [...readBacks, ...copies]) {
      if (o.dur === 0) continue;
      expect(o.args?.['gbps'], o.name).toBeGreaterThan(0);
      expect(o.args?.['pctOfPeak'], o.name).toBeGreaterThan(0);
    }
    // The best FMA pass is the peak: 100% of itself, none above.
    expect(Math.max(...fma.map((o) => o.args!['pctOfPeak'] as number))).toBeCloseTo(100, 1);
    // Naive: each matmul is waited for before its read-back is even submitted.
    const waits = opsIn(trace, X.workload, (o) => o.kind === 'sync' && o.name.startsWith('wait y['));
    expect(waits).toHaveLength(R);
    expect(trace.meta!.notes.join('\n')).toMatch(/measured peaks: FMA \d/);
    expect(trace.meta!.notes.join('\n')).toContain(`'${EX4_OP_NAMES.matmul}' ×${R}:`);
  });

  it('passes its check and carries findings with numbers; judging again gives the same findings', () => {
    const m = trace.meta!;
    expect(m.checks).toHaveLength(1);
    expect(m.checks[0]!.passed, m.checks[0]!.name).toBe(true);
    const claims = m.verdicts.map((v) => v.claim);
    expect(claims.slice(0, 3)).toEqual([
      `The matmuls of '${X.workload}' reach ≥ 50% of the measured FMA peak`,
      `The read-back copies of '${X.workload}' reach ≥ 50% of the measured copy bandwidth`,
      `The GPU queue was busy ≥ 80% of '${X.workload}'`,
    ]);
    for (const v of m.verdicts) expect(v.evidence).toMatch(/\d+(\.\d+)? (ms|GFLOP\/s|GB\/s)/);
    expect(m.verdicts[0]!.evidence).toMatch(/GFLOP\/s .*= \d+(\.\d+)?% of the \d+(\.\d+)? GFLOP\/s measured in 'peak: FMA'/);
    expect(m.verdicts[2]!.evidence).toMatch(/waiting for the host \d+\.\d+ ms \(\d+(\.\d)?%\)/);
    // Every advice names its queue and its cause.
    for (const v of m.verdicts.slice(3)) expect(v.claim).toMatch(/idle \d+(\.\d)?% of 'workload' waiting (for the host: batch submits|on dependencies)/);
    expect(judgeEfficiency(trace)).toEqual(m.verdicts);
    // The idle breakdown adds up: busy + idle = the phase, on the one queue.
    const idle = measureEfficiency(trace).idle;
    expect(idle.lanes).toHaveLength(1);
    expect(idle.lanes[0]!.busyNs + idle.lanes[0]!.idleNs).toBeCloseTo(idle.lanes[0]!.windowNs, 0);
  });

  it('re-reads to the same model and writes the same document again', () => {
    const doc = toChromeTrace(trace);
    const again = parascopeDocumentToTrace(JSON.parse(JSON.stringify(doc)));
    expect(again).toEqual(trace);
    expect(toChromeTrace(again)).toEqual(doc);
  });
});

// ---- the judge on a hand-made trace ---------------------------------------------------------------

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
    expect(host).toMatchObject({ claim: "'gpu1' idle 20% of 'workload' waiting for the host: batch submits", holds: true });
    expect(host!.evidence).toContain('3 gap(s) on the GPU ended by a host submit, 4.00 ms of the 20.00 ms phase');
    expect(host!.evidence).toContain("longest 2.00 ms, ended by 'submit y[0]'");
    expect(dep).toMatchObject({
      claim: "'gpu1' idle 10% of 'workload' waiting on dependencies: overlap the read-back with the next matmul (see seed-compute-copy)",
      holds: true,
    });
    expect(dep!.evidence).toContain("waiting for 'read y[0]'");
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
    expect(judgeEfficiency(a)).toEqual(a.meta!.verdicts);
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
