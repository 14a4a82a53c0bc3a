/**
 * Exercise 4 (is the code efficient?) run in-process on lavapipe at a small size: the peak
 * microbenchmarks and the naive workload as phases, every rated op's args, the findings, the check,
 * the round trip; and the judge on a hand-made trace whose answers are known by construction.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import type { Op, Trace } from '../../src/core/model.js';
import type { Progress } from '../../src/runner/experiments/types.js';
import { EX4_EFFICIENCY, EX4_EFFICIENCY_PHASES as X } from '../../src/runner/experiments/catalog.js';
import { EX4_OP_NAMES, ex4Efficiency } from '../../src/runner/experiments/ex4-efficiency/run.js';
import { judgeEfficiency, measureEfficiency } from '../../src/runner/experiments/ex4-efficiency/judge.js';
import { judgeRounds } from '../../src/runner/experiments/judge-rounds.js';
import { copyBenchBytes, fmaConfig, fmaFlops } from '../../src/runner/workloads/microbench.js';

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
    trace = await ex4Efficiency.run({ params: { size: N, reps: R, repeat: 1 }, onProgress: (p) => progress.push(p) });
    elapsedMs = performance.now() - t0;
  });

  it('is the description it exports, and stays small here', () => {
    expect(ex4Efficiency).toMatchObject(EX4_EFFICIENCY);
    expect(EX4_EFFICIENCY).toMatchObject({ id: 'ex4-efficiency', defaults: { size: 2048, reps: 20, repeat: 5 } });
    expect(trace.meta!.experiment).toMatchObject({ id: 'ex4-efficiency', params: { size: N, reps: R, repeat: 1 } });
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
    // By the timestamps and with the calibration's allowance: one value, or a range where they differ.
    expect(m.verdicts[2]!.evidence).toMatch(/waiting for the host \d+\.\d+(–\d+\.\d+)? ms \(\d+(\.\d)?%(–\d+(\.\d)?%)?\)/);
    // Every advice names its queue and its cause, and its range.
    for (const v of m.verdicts.slice(3)) {
      expect(v.claim).toMatch(/idled 10% or more of 'workload' waiting (for the host: batch submits|on dependencies)/);
      expect(v.evidence).toMatch(/^(Host|Dependency)-bound between \d+(\.\d)?% and \d+(\.\d)?% of the /);
      expect(v.state).not.toBe('does-not-hold'); // made only when the high end reaches 10%
    }
    expect(judgeRounds(trace, judgeEfficiency)).toEqual(m.verdicts);
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
