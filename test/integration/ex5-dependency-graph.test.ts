/**
 * Exercise 5 (richer data dependencies: a two-layer MLP trained on two GPUs and the CPU) run
 * in-process on lavapipe at a small size: phases, lanes, the data-dependency edges across lanes,
 * checks, verdicts, the critical path, the trace's round trip; and the float64 CPU reference on
 * its own against a 2×2 example worked by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import { computeStats } from '../../src/core/analysis/stats.js';
import type { Op, Trace } from '../../src/core/model.js';
import type { Progress } from '../../src/runner/experiments/types.js';
import { EX5_DEPENDENCY_GRAPH, EX5_DEPENDENCY_GRAPH_PHASES as X } from '../../src/runner/experiments/catalog.js';
import { ex5DependencyGraph } from '../../src/runner/experiments/ex5-dependency-graph/run.js';
import { judgeDependencyGraph } from '../../src/runner/experiments/ex5-dependency-graph/judge.js';
import { judgeRounds } from '../../src/runner/experiments/judge-rounds.js';
import { compareWeights, mlpProblem, mlpProblemReference, mlpReference, mlpShardGradients, MLP_REL_TOLERANCE } from '../../src/runner/workloads/mlp.js';

const N = 32;
const R = 1;
const PHASES = [X.serialized, X.driven];
const SOURCE = { file: 'ex5', format: 'parascope' as const, events: 0, warnings: 0, warningSamples: [] };

describe('the float64 MLP reference', () => {
  // Worked by hand: W1 = [[1, −1], [0, 2]], X = [[1, 2], [3, 1]] (columns are samples), W2 = [[1, 0], [1, 1]], T = [[1, 1], [0, 0]].
  // Z = [[−2, 1], [6, 2]], A = [[0, 1], [6, 2]], Y = [[0, 1], [6, 3]], Y − T = [[−1, 0], [6, 3]], B = 2: dY = [[−0.5, 0], [3, 1.5]],
  // loss = (1 + 0 + 36 + 9)/(2·2) = 11.5; gW2 = dY·Aᵀ = [[0, −3], [1.5, 21]]; dA = W2ᵀ·dY = [[2.5, 1.5], [3, 1.5]];
  // dZ = dA ⊙ [Z > 0] = [[0, 1.5], [3, 1.5]]; gW1 = dZ·Xᵀ = [[3, 1.5], [6, 10.5]].
  const w1 = [1, -1, 0, 2];
  const w2 = [1, 0, 1, 1];
  const x = [1, 2, 3, 1];
  const t = [1, 1, 0, 0];

  it('gives the hand-computed gradients and loss', () => {
    const g = mlpShardGradients(2, w1, w2, { x, t, m: 2 }, 2);
    expect([...g.gW2]).toEqual([0, -3, 1.5, 21]);
    expect([...g.gW1]).toEqual([3, 1.5, 6, 10.5]);
    expect(g.loss).toBe(11.5);
  });

  it('gives the hand-computed step, and the same step when the batch is split over two shards', () => {
    const one = mlpReference(2, w1, w2, [{ x, t, m: 2 }], 0.1, 1);
    const want1 = [0.7, -1.15, -0.6, 0.95];
    const want2 = [1, 0.3, 0.85, -1.1];
    one.w1.forEach((v, i) => expect(v).toBeCloseTo(want1[i]!, 12));
    one.w2.forEach((v, i) => expect(v).toBeCloseTo(want2[i]!, 12));
    expect(one.losses).toEqual([11.5]);
    // Columns 0 and 1 on two "devices": each shard divides by the whole batch, so the summed gradients are the same.
    const col = (m: number[], j: number) => [m[j]!, m[2 + j]!];
    const two = mlpReference(
      2,
      w1,
      w2,
      [0, 1].map((j) => ({ x: col(x, j), t: col(t, j), m: 1 })),
      0.1,
      1,
    );
    two.w1.forEach((v, i) => expect(v).toBeCloseTo(want1[i]!, 12));
    two.w2.forEach((v, i) => expect(v).toBeCloseTo(want2[i]!, 12));
    expect(two.losses[0]).toBeCloseTo(11.5, 12);
  });

  it('lowers the loss over a few steps of the generated problem, and compares weights against the update', () => {
    const p = mlpProblem(8);
    const r = mlpProblemReference(p, 3);
    expect(r.losses).toHaveLength(3);
    expect(r.losses[2]!).toBeLessThan(r.losses[0]!);
    expect(compareWeights(r.w1, r.w1, p.w1)).toMatchObject({ passed: true, maxAbsError: 0, maxRelError: 0 });
    const off = Float64Array.from(r.w1);
    const c = compareWeights(
      off.map((v, i) => (i === 3 ? v + 2 * MLP_REL_TOLERANCE * compareWeights(r.w1, r.w1, p.w1).maxUpdate : v)),
      r.w1,
      p.w1,
    );
    expect(c.passed).toBe(false);
    expect(c.maxRelError).toBeCloseTo(2 * MLP_REL_TOLERANCE, 10);
    expect(compareWeights([NaN, ...r.w1.slice(1)], r.w1, p.w1).passed).toBe(false);
  });
});

describe('ex5-dependency-graph recorded in-process on lavapipe', () => {
  let trace: Trace;
  const progress: Progress[] = [];
  let elapsedMs = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    trace = await ex5DependencyGraph.run({ params: { size: N, reps: R, repeat: 1 }, onProgress: (p) => progress.push(p) });
    elapsedMs = performance.now() - t0;
  });

  const byName = (name: string) => trace.ops.filter((o) => o.name === name);
  const opsIn = (phase: string, pred: (o: Op) => boolean) => {
    const p = trace.phases.find((x) => x.name === phase)!;
    return trace.ops.filter((o) => pred(o) && o.start + o.dur / 2 >= p.start && o.start + o.dur / 2 <= p.end);
  };

  it('is the description it exports, and stays small here', () => {
    expect(ex5DependencyGraph).toMatchObject(EX5_DEPENDENCY_GRAPH);
    expect(EX5_DEPENDENCY_GRAPH).toMatchObject({ id: 'ex5-dependency-graph', defaults: { size: 256, reps: 3, repeat: 5 } });
    expect(Object.keys(EX5_DEPENDENCY_GRAPH).sort()).toEqual(['defaults', 'id', 'method', 'question', 'title']);
    expect(trace.meta!.experiment).toMatchObject({ id: 'ex5-dependency-graph', params: { size: N, reps: R, batch: 2 * N } });
    expect(progress.at(-1)).toMatchObject({ done: 2 * R + 2, total: 2 * R + 2 });
    expect(elapsedMs).toBeLessThan(20_000);
  });

  it('nests the two schedules in the run, in order, and compares them', () => {
    const { run } = trace.meta!;
    expect(trace.phases.map((p) => p.name)).toEqual(PHASES);
    for (const p of trace.phases) {
      expect(p.start).toBeGreaterThanOrEqual(run.start);
      expect(p.end).toBeLessThanOrEqual(run.end);
      expect(p.end).toBeGreaterThan(p.start);
    }
    expect(trace.phases[1]!.start).toBeGreaterThanOrEqual(trace.phases[0]!.end);
    expect(trace.meta!.comparisons).toEqual([{ separate: [X.serialized], together: X.driven }]);
  });

  it('has two GPU lanes and the host lane, each schedule with the whole step on both GPUs', () => {
    const gpu = trace.lanes.filter((l) => l.kind === 'gpu');
    expect(gpu.map((l) => l.name)).toEqual(['gpu1 queue', 'gpu2 queue']);
    expect(trace.lanes.filter((l) => l.kind === 'cpu').map((l) => l.name)).toEqual(['main thread']);
    for (const phase of PHASES) {
      for (const lane of gpu) {
        const compute = opsIn(phase, (o) => o.laneId === lane.id && o.kind === 'compute');
        expect(compute).toHaveLength(10 * R); // per step: 5 matmuls, relu, loss gradient, 2 transposes, relu backward
        expect(compute.filter((o) => o.name.startsWith('matmul'))).toHaveLength(5 * R);
        expect(opsIn(phase, (o) => o.laneId === lane.id && o.kind === 'transfer')).toHaveLength(2 * R);
      }
      expect(opsIn(phase, (o) => o.name.startsWith('sum g'))).toHaveLength(2 * R);
      expect(opsIn(phase, (o) => o.name.startsWith('update W'))).toHaveLength(2 * R);
      expect(opsIn(phase, (o) => o.name.startsWith('upload W') && o.kind === 'transfer')).toHaveLength(4 * R);
    }
    // Serialized waits after every stage on each device; dependency-driven only for the last uploads.
    const waits = (phase: string) => opsIn(phase, (o) => o.name.startsWith('wait ')).length;
    expect(waits(X.serialized)).toBe((3 * 2 + 2) * R);
    expect(waits(X.driven)).toBe(2);
  });

  it('links GPU → read-back → host sum → update → upload across the lanes, and the GPU ops along their data', () => {
    const op = (id: number) => trace.ops[id]!;
    const lane = (id: number) => trace.lanes.find((l) => l.id === op(id).laneId)!;
    const data = trace.deps.filter((d) => d.kind === 'data');
    const into = (id: number) => data.filter((d) => d.to === id).map((d) => d.from);
    for (const sum of [...byName('sum gW1'), ...byName('sum gW2')]) {
      const outs = into(sum.id);
      expect(outs).toHaveLength(2);
      const gpuLanes = new Set<string>();
      for (const c of outs) {
        expect(op(c).name).toMatch(/^copy-out gW[12] \(gpu[12]\)$/);
        expect(lane(c).kind).toBe('cpu');
        const [copy] = into(c);
        expect(op(copy!).kind).toBe('transfer');
        expect(lane(copy!).kind).toBe('gpu');
        gpuLanes.add(op(copy!).laneId);
        const [grad] = into(copy!);
        expect(op(grad!).name).toMatch(/^matmul gW[12] = /);
      }
      expect(gpuLanes.size).toBe(2);
      const upd = data.filter((d) => d.from === sum.id).map((d) => op(d.to));
      expect(upd.map((o) => o.name)).toEqual([sum.name.replace('sum g', 'update ')]);
      const ups = data.filter((d) => d.from === upd[0]!.id).map((d) => op(d.to));
      expect(ups.map((o) => o.name).sort()).toEqual(['gpu1', 'gpu2'].map((g) => `${upd[0]!.name.replace('update', 'upload')} (${g})`));
    }
    // Inside a device: relu backward reads dA and Z (its forward matmul), gW2 reads dY and Aᵀ.
    for (const rb of byName('relu backward dZ = dA ⊙ [Z > 0]'))
      expect(
        into(rb.id)
          .map((i) => op(i).name)
          .sort(),
      ).toEqual(['matmul Z = W1·X', 'matmul dA = W2ᵀ·dY']);
    for (const g of byName('matmul gW2 = dY·Aᵀ'))
      expect(
        into(g.id)
          .map((i) => op(i).name)
          .sort(),
      ).toEqual(['loss gradient dY = (Y − T)/B', 'transpose Aᵀ']);
    // Every data edge goes forward in time (give or take the calibration's µs), so the critical path keeps it.
    for (const d of data) expect(op(d.to).start + op(d.to).dur).toBeGreaterThanOrEqual(op(d.from).start);
  });

  it('passes its correctness checks for both schedules', () => {
    const m = trace.meta!;
    expect(m.checks).toHaveLength(6);
    for (const c of m.checks) expect(c.passed, `${c.name}: ${c.maxRelError}`).toBe(true);
    for (const p of PHASES) expect(m.checks.filter((c) => c.name.startsWith(`'${p}'`))).toHaveLength(3);
    for (const c of m.checks.filter((x) => x.name.includes('float64'))) {
      expect(c.maxRelError).toBeLessThanOrEqual(MLP_REL_TOLERANCE);
      expect(c.tolerance).toMatch(/largest update/);
    }
  });

  it('carries three verdicts with numbers, and re-judging gives the same', () => {
    const v = trace.meta!.verdicts;
    expect(v.map((x) => x.claim)).toEqual([
      `'${X.driven}' is faster than '${X.serialized}'`,
      'Both schedules computed the same, correct weights',
      `The critical path of '${X.driven}' is bounded by GPU compute rather than by the gradient exchange over the host`,
    ]);
    for (const x of v) expect(x.evidence).toMatch(/\d+(\.\d+)?/);
    expect(v[0]!.evidence).toMatch(/speedup \d+\.\d\d×/);
    expect(v[1]!.holds).toBe(true);
    expect(v[1]!.evidence).toMatch(/2 checks|3 of 3 checks passed/);
    expect(v[2]!.evidence).toMatch(/Critical path .* \d+(\.\d+)? ms of the phase's \d+(\.\d+)? ms wall/);
    expect(v[2]!.evidence).toMatch(/What bounds the step: .* \d+% of the critical path/);
    expect(judgeRounds(trace, judgeDependencyGraph)).toEqual(v);
  });

  it('gives a finite critical path through more than one lane', () => {
    const s = computeStats(trace, SOURCE);
    expect(Number.isFinite(s.criticalPath.lengthMs)).toBe(true);
    expect(s.criticalPath.lengthMs).toBeGreaterThan(0);
    expect(new Set(s.criticalPath.path.map((p) => p.laneId)).size).toBeGreaterThan(1);
    expect(s.phaseComparisons).toHaveLength(1);
    expect(Number.isFinite(s.phaseComparisons[0]!.speedup)).toBe(true);
  });

  it('round-trips through the Chrome document', () => {
    const doc = JSON.parse(JSON.stringify(toChromeTrace(trace)));
    const again = parascopeDocumentToTrace(doc);
    expect(again).toEqual(trace);
    expect(JSON.parse(JSON.stringify(toChromeTrace(again)))).toEqual(doc);
  });
});
