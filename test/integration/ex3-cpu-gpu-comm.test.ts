/**
 * Exercise 3 (CPU, GPU and communication in parallel) run in-process on lavapipe at a small size:
 * phases, lanes (the GPU queue, the main thread, one lane per CPU worker), checks, verdicts, the
 * trace's round trip, and the workers gone afterwards (also after a cancelled run); the worker pool
 * on its own; and the judge on hand-made traces whose answers are known by construction.
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import { computeStats } from '../../src/core/analysis/stats.js';
import type { Op, Trace } from '../../src/core/model.js';
import { RecorderError } from '../../src/runner/errors.js';
import type { Progress } from '../../src/runner/experiments/types.js';
import { EX3_CPU_GPU_COMM, EX3_CPU_GPU_COMM_PHASES as X } from '../../src/runner/experiments/catalog.js';
import { ex3CpuGpuComm } from '../../src/runner/experiments/ex3-cpu-gpu-comm/run.js';
import { CPU_WORKER_LANE_PREFIX, judgeCpuGpuComm, overlapNote } from '../../src/runner/experiments/ex3-cpu-gpu-comm/judge.js';
import { judgeRounds } from '../../src/runner/experiments/judge-rounds.js';
import { cpuWorkerCount } from '../../src/runner/experiments/ex3-cpu-gpu-comm/sizes.js';
import { CPU_MATMUL_WORKER_CODE, CpuMatmulPool, liveCpuWorkers } from '../../src/runner/workloads/cpu-matmul-worker.js';
import { uniformMatrix } from '../../src/runner/workloads/random.js';
import { checkMatmulSamples } from '../../src/runner/workloads/reference.js';

const N = 64;
const R = 4;
const PHASES = [X.gpu, X.cpu, X.comm, X.all];
const W = cpuWorkerCount(os.cpus().length);

/** Ops whose midpoint lies in the phase (as the judges assign them). */
function opsIn(trace: Trace, name: string, pred: (o: Op) => boolean): Op[] {
  const p = trace.phases.find((x) => x.name === name)!;
  return trace.ops.filter((o) => pred(o) && o.start + o.dur / 2 >= p.start && o.start + o.dur / 2 <= p.end);
}

describe('ex3-cpu-gpu-comm recorded in-process on lavapipe', () => {
  let trace: Trace;
  const progress: Progress[] = [];
  let liveAfter = -1;
  let elapsedMs = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    trace = await ex3CpuGpuComm.run({ params: { size: N, reps: R, repeat: 1 }, onProgress: (p) => progress.push(p) });
    elapsedMs = performance.now() - t0;
    liveAfter = liveCpuWorkers();
  });

  it('is the description it exports, and stays small here', () => {
    expect(ex3CpuGpuComm).toMatchObject(EX3_CPU_GPU_COMM);
    expect(EX3_CPU_GPU_COMM).toMatchObject({ id: 'ex3-cpu-gpu-comm', defaults: { size: 2048, reps: 20, repeat: 5 } });
    expect(trace.meta!.experiment).toMatchObject({ id: 'ex3-cpu-gpu-comm', params: { size: N, reps: R, cpuWorkers: W, cpuSize: N } });
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('terminates its worker threads', () => {
    expect(liveAfter).toBe(0);
  });

  it('nests the four phases in the run, in order, and compares the three with all together', () => {
    const { run } = trace.meta!;
    expect(trace.phases.map((p) => p.name)).toEqual(PHASES);
    for (const p of trace.phases) {
      expect(p.start).toBeGreaterThanOrEqual(run.start);
      expect(p.end).toBeLessThanOrEqual(run.end);
      expect(p.end).toBeGreaterThan(p.start);
    }
    for (let i = 1; i < trace.phases.length; i++) expect(trace.phases[i]!.start).toBeGreaterThanOrEqual(trace.phases[i - 1]!.end);
    expect(trace.meta!.comparisons).toEqual([{ separate: [X.gpu, X.cpu, X.comm], together: X.all }]);
  });

  it('has the GPU queue, the main thread and one lane per worker, each worker with CPU ops inside the run', () => {
    const gpuLanes = trace.lanes.filter((l) => l.kind === 'gpu');
    expect(gpuLanes.map((l) => l.name)).toEqual(['gpu1 queue']);
    const cpuLanes = trace.lanes.filter((l) => l.kind === 'cpu');
    expect(cpuLanes.map((l) => l.name)).toEqual(['main thread', ...Array.from({ length: W }, (_, i) => `${CPU_WORKER_LANE_PREFIX} ${i + 1}`)]);
    const { run } = trace.meta!;
    const matmuls = trace.meta!.experiment.params['cpuMatmuls'] as number;
    expect(matmuls % W).toBe(0);
    for (const lane of cpuLanes.slice(1)) {
      const ops = trace.ops.filter((o) => o.laneId === lane.id).sort((a, b) => a.start - b.start);
      // 5 warm-up rounds of one product each, then its share of the two CPU phases.
      expect(ops).toHaveLength(5 + (2 * matmuls) / W);
      for (const o of ops) {
        expect(o.kind).toBe('cpu');
        expect(o.dur).toBeGreaterThan(0);
        expect(o.start).toBeGreaterThanOrEqual(run.start);
        expect(o.start + o.dur).toBeLessThanOrEqual(run.end);
        expect(o.args).toMatchObject({ m: N, worker: Number(lane.name.split(' ').pop()) });
      }
      // A worker is a serial resource: its products never overlap.
      for (let i = 1; i < ops.length; i++) expect(ops[i]!.start).toBeGreaterThanOrEqual(ops[i - 1]!.start + ops[i - 1]!.dur);
      expect(opsIn(trace, X.cpu, (o) => o.laneId === lane.id).map((o) => o.name)).toEqual(Array(matmuls / W).fill(`cpu matmul ${X.cpu}`));
      expect(opsIn(trace, X.all, (o) => o.laneId === lane.id).map((o) => o.name)).toEqual(Array(matmuls / W).fill(`cpu matmul ${X.all}`));
    }
    // Each worker's last product of a batch is linked to the main thread's wait for the batch.
    const main = cpuLanes[0]!.id;
    const waits = trace.ops.filter((o) => o.laneId === main && o.kind === 'sync' && o.name.startsWith('wait cpu matmul'));
    expect(waits).toHaveLength(5 + 2);
    for (const w of waits) expect(trace.deps.filter((d) => d.to === w.id && d.kind === 'host')).toHaveLength(W);
  });

  it('puts R GPU matmuls in the GPU phases and R read-backs in the communication phases', () => {
    const compute = (o: Op) => o.kind === 'compute';
    const copyOut = (o: Op) => o.kind === 'cpu' && o.args?.['readback'] === true;
    expect(opsIn(trace, X.gpu, compute)).toHaveLength(R);
    expect(opsIn(trace, X.cpu, compute)).toHaveLength(0);
    expect(opsIn(trace, X.comm, compute)).toHaveLength(0);
    expect(opsIn(trace, X.comm, copyOut)).toHaveLength(R);
    expect(opsIn(trace, X.comm, (o) => o.kind === 'transfer')).toHaveLength(R);
    expect(opsIn(trace, X.all, compute)).toHaveLength(R);
    expect(opsIn(trace, X.all, copyOut)).toHaveLength(R);
  });

  it('passes its correctness checks', () => {
    const { checks } = trace.meta!;
    expect(checks.map((c) => c.name.split(':')[0])).toEqual([`'${X.cpu}'`, `'${X.gpu}' + '${X.comm}'`, `'${X.all}'`, `'${X.all}'`]);
    for (const c of checks) {
      expect(c.passed, c.name).toBe(true);
      expect(c.samples).toBeGreaterThanOrEqual(64);
    }
  });

  it('carries four verdicts with numbers, the overlaps in its notes, and judges the same again', () => {
    const m = trace.meta!;
    expect(m.verdicts.map((v) => v.claim)).toEqual([
      `'${X.all}' takes less than the sum of '${X.gpu}' and '${X.cpu}' and '${X.comm}'`,
      `In '${X.all}' the GPU computed while the CPU workers computed`,
      `In '${X.all}' the host copied results out while the GPU computed`,
      `In '${X.all}' the host copied results out while the CPU workers computed`,
    ]);
    for (const v of m.verdicts) expect(v.evidence).toMatch(/\d+\.\d+ ms/);
    expect(m.verdicts[0]!.evidence).toMatch(/speedup \d+\.\d\d×/);
    expect(m.verdicts[0]!.evidence).toMatch(/Why: /);
    // lavapipe: the "GPU" is the host's CPU, and the verdict says so either way.
    if (m.adapters.some((a) => a.isFallback)) expect(m.verdicts[0]!.evidence).toContain('software renderer');
    expect(m.verdicts[1]!.evidence).toMatch(new RegExp(`over ${W} worker\\(s\\)`));
    expect(m.notes.at(-1)).toBe(overlapNote(trace));
    expect(m.notes.at(-1)).toMatch(
      /^overlap in 'All together': GPU compute ∩ CPU compute \S+ ms \(\d+% of the shorter\); GPU compute ∩ communication \S+ ms \(\d+% of the shorter\); CPU compute ∩ communication \S+ ms \(\d+% of the shorter\)$/,
    );
    expect(judgeRounds(trace, judgeCpuGpuComm)).toEqual(m.verdicts);
  });

  it('reports progress in phase order, monotonically, to the end', () => {
    expect(progress[0]).toEqual({ phase: 'set-up', done: 0, total: 4 * R });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThan(progress[i - 1]!.done);
    expect(progress.at(-1)).toEqual({ phase: X.all, done: 4 * R, total: 4 * R });
    const order = progress.slice(1).map((p) => PHASES.indexOf(p.phase as (typeof PHASES)[number]));
    expect(order.every((x, i) => x >= 0 && (i === 0 || x >= order[i - 1]!))).toBe(true);
  });

  it('gives the report its comparison, worker lanes at work, and finite numbers', () => {
    const stats = computeStats(trace, { file: 'x', format: 'parascope', events: 0, warnings: 0, warningSamples: [] });
    const [cmp] = stats.phaseComparisons;
    const wall = (name: string) => {
      const p = trace.phases.find((x) => x.name === name)!;
      return (p.end - p.start) / 1e6;
    };
    expect(cmp!.speedup).toBeCloseTo((wall(X.gpu) + wall(X.cpu) + wall(X.comm)) / wall(X.all), 9);
    const workers = stats.lanes.filter((l) => l.name.startsWith(CPU_WORKER_LANE_PREFIX));
    expect(workers).toHaveLength(W);
    for (const l of workers) expect(l.busyMs).toBeGreaterThan(0);
    expect(stats.cpu.ops).toBeGreaterThan(0);
    expect(stats.criticalPath.lengthMs).toBeGreaterThan(0);
    expect(JSON.stringify(stats)).not.toMatch(/NaN|Infinity|null/);
  });

  it('round-trips through the Chrome trace format to an equal model', () => {
    const doc = JSON.parse(JSON.stringify(toChromeTrace(trace)));
    const reread = parascopeDocumentToTrace(doc);
    expect(reread).toEqual(trace);
    expect(judgeRounds(reread, judgeCpuGpuComm)).toEqual(trace.meta!.verdicts);
  });
});

describe('ex3-cpu-gpu-comm cancelled', () => {
  it('stops with a cancelled error and still terminates its workers', async () => {
    const ac = new AbortController();
    const run = ex3CpuGpuComm.run({
      params: { size: 16, reps: 2, repeat: 1 },
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === X.gpu) ac.abort();
      },
    });
    await expect(run).rejects.toThrow(RecorderError);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(liveCpuWorkers()).toBe(0);
  });
});

describe('CpuMatmulPool', () => {
  const m = 32;
  const inputs = { k: { a: uniformMatrix(m, 7), b: uniformMatrix(m, 8) } };
  let pool: CpuMatmulPool | undefined;
  afterAll(async () => {
    await pool?.terminate();
    expect(liveCpuWorkers()).toBe(0);
  });

  it('runs a self-contained script: the function source names nothing from its module', () => {
    expect(CPU_MATMUL_WORKER_CODE).toMatch(/^'use strict';\n\(function cpuMatmulWorkerMain\(\) \{/);
    expect(CPU_MATMUL_WORKER_CODE).not.toMatch(/__vite|__name|import\(|require\(/);
  });

  it('computes correct products, round-robin, timed on the main thread clock', async () => {
    pool = await CpuMatmulPool.start(2, m, inputs);
    expect(liveCpuWorkers()).toBe(2);
    const before = process.hrtime.bigint();
    const seen: number[] = [];
    const results = await pool.run('k', 5, (r) => seen.push(r.task));
    const after = process.hrtime.bigint();
    expect(results.map((r) => r.task)).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.worker)).toEqual([0, 1, 0, 1, 0]);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
    for (const r of results) {
      expect(r.startNs).toBeGreaterThanOrEqual(before);
      expect(r.endNs).toBeGreaterThanOrEqual(r.startNs);
      expect(r.endNs).toBeLessThanOrEqual(after);
      expect(checkMatmulSamples('cpu', inputs.k.a, inputs.k.b, r.c, m, 64).passed).toBe(true);
    }
  });

  it('rejects a task it has no inputs for, with the worker saying why', async () => {
    await expect(pool!.run('nope', 1)).rejects.toThrow(/CPU worker 1 failed: no inputs for task key 'nope'/);
    await pool!.terminate();
    expect(liveCpuWorkers()).toBe(0);
    await expect(pool!.run('k', 1)).rejects.toThrow();
  });
});
