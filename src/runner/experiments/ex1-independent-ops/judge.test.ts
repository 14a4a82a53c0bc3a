/** Exercise 1's judge on hand-made traces whose answers are known by construction: no GPU needed. */
import { describe, expect, it } from 'vitest';
import type { Phase, Trace } from '../../../core/model.js';
import { ns } from '../../../core/time.js';
import { scenario, withMeta } from '../../../core/testing/scenario.js';
import { EX1_INDEPENDENT_OPS_PHASES as X } from '../catalog.js';
import { judgeIndependentOps } from './judge.js';
import { readTrace } from '../../../host/trace-file.js';

const PHASES = [X.alone, X.submit, X.pass, X.devices];

const MS = 1e6;
type Row = readonly [lane: string, name: string, kind: 'compute', start: number, dur: number];
const mm = (lane: string, name: string, startMs: number, durMs: number): Row => [lane, name, 'compute', startMs * MS, durMs * MS];
const phase = (name: string, startMs: number, endMs: number): Phase => ({ name, start: ns(startMs * MS), end: ns(endMs * MS) });

/** A trace of the four phases; the single pass gets its args as the recorder writes them. */
function handMade(rows: readonly Row[], phases: readonly [number, number][], adapters = 1): Trace {
  const t = withMeta(
    scenario(rows),
    PHASES.map((p, i) => phase(p, phases[i]![0], phases[i]![1])),
  );
  const ops = t.ops.map((o) => (o.name.endsWith('in one pass') ? { ...o, args: { matmuls: 4 } } : o));
  const a = t.meta!.adapters[0]!;
  return { ...t, ops, meta: { ...t.meta!, adapters: Array.from({ length: adapters }, (_, i) => ({ ...a, name: `A${i}` })) } };
}

describe('judgeIndependentOps on hand-made traces', () => {
  it('overlapping passes, a faster pass, two adapters at once: every claim holds', () => {
    const t = handMade(
      [
        ...[1, 4, 7, 10].map((s) => mm('gpu1', `matmul ${X.alone}`, s, 1)),
        // 'one submit': each pass starts 0.2 ms after the previous one, all 2 ms long: Σ 8 ms over a 2.6 ms union.
        ...[12.5, 12.7, 12.9, 13.1].map((s) => mm('gpu1', `matmul ${X.submit}`, s, 2)),
        mm('gpu1', '4 matmuls in one pass', 16.5, 1),
        mm('gpu1', `matmul ${X.devices}`, 18.2, 0.8),
        mm('gpu1', `matmul ${X.devices}`, 19.0, 0.8),
        mm('gpu2', `matmul ${X.devices}`, 18.3, 0.8),
        mm('gpu2', `matmul ${X.devices}`, 19.1, 0.8),
      ],
      [
        [0, 12],
        [12, 16],
        [16, 18],
        [18, 20],
      ],
      2,
    );
    const [v1, v2, v3, v4] = judgeIndependentOps(t);
    expect(v1!.holds).toBe(true);
    expect(v1!.evidence).toContain('durations sum to 8.00 ms, their union (busy) is 2.60 ms, parallelism 3.08×');
    expect(v1!.evidence).toContain('3 of 3 later passes began before an earlier one ended');
    expect(v2!.holds).toBe(true);
    expect(v2!.evidence).toContain('one pass of 4 matmul dispatches 1.00 ms (0.250 ms per matmul) vs 4 passes busy 2.60 ms');
    expect(v2!.evidence).toContain('2.60×');
    expect(v3!.holds).toBe(true);
    expect(v3!.evidence).toContain('both at once 1.50 ms (94% of the shorter');
    expect(v3!.evidence).toContain('speedup 2.00×');
    expect(v3!.evidence).toContain('two adapters each ran their half at the same time');
    expect(v4!.holds).toBe(true);
    expect(v4!.evidence).toContain('speedup 3.00×');
  });

  it('back-to-back passes on one queue, no gain from one pass, two devices time-sliced on one adapter', () => {
    const t = handMade(
      [
        // 'one at a time': 2 ms matmuls with 3 ms of submit/wait round trip between them.
        ...[1, 6, 11, 16].map((s) => mm('gpu1', `matmul ${X.alone}`, s, 2)),
        // 'one submit': the same matmuls end to end: the intervals touch, never overlap.
        ...[21, 23, 25, 27].map((s) => mm('gpu1', `matmul ${X.submit}`, s, 2)),
        mm('gpu1', '4 matmuls in one pass', 31, 8),
        // 'two devices' on one adapter: both queues busy at once, each matmul twice as long.
        mm('gpu1', `matmul ${X.devices}`, 41, 4),
        mm('gpu1', `matmul ${X.devices}`, 45, 4),
        mm('gpu2', `matmul ${X.devices}`, 41.1, 4),
        mm('gpu2', `matmul ${X.devices}`, 45.1, 4),
      ],
      [
        [0, 20],
        [20, 29.5],
        [30, 39],
        [40, 50],
      ],
    );
    const [v1, v2, v3, v4] = judgeIndependentOps(t);
    expect(v1!.holds).toBe(false);
    expect(v1!.evidence).toContain('parallelism 1.00×');
    expect(v1!.evidence).toContain('0 of 3 later passes began before an earlier one ended');
    expect(v1!.evidence).toContain(
      'Why: passes on one queue run one after another: the GPU intervals touch but do not overlap (mean gap between consecutive passes 0.000 ms)',
    );
    expect(v2!.holds).toBe(false);
    expect(v2!.evidence).toContain('1.00×');
    expect(v2!.evidence).toContain('2.00 ms per matmul vs 2.00 ms as separate passes');
    expect(v3!.holds).toBe(false);
    expect(v3!.evidence).toContain('speedup 0.95×');
    expect(v3!.evidence).toContain('one adapter, which time-slices between them: each matmul took 2.00× as long');
    expect(v4!.holds).toBe(true);
    expect(v4!.evidence).toContain('speedup 2.11×');
    expect(v4!.evidence).toContain('round trip');
  });

  it('says why one submit lost when its matmuls took longer on the GPU', () => {
    const t = handMade(
      [
        ...[1, 3, 5, 7].map((s) => mm('gpu1', `matmul ${X.alone}`, s, 1)),
        ...[10, 12, 14, 16].map((s) => mm('gpu1', `matmul ${X.submit}`, s, 2)),
        mm('gpu1', '4 matmuls in one pass', 19, 4),
        mm('gpu1', `matmul ${X.devices}`, 24, 2),
        mm('gpu2', `matmul ${X.devices}`, 26, 2),
      ],
      [
        [0, 9],
        [9, 18.5],
        [18.5, 23.5],
        [23.5, 28.5],
      ],
    );
    const [, , v3, v4] = judgeIndependentOps(t);
    expect(v3!.holds).toBe(false);
    expect(v3!.evidence).toContain('overlapped for only 0.000 ms');
    expect(v4!.holds).toBe(false);
    expect(v4!.evidence).toContain(`the matmuls of '${X.submit}' took 2.00× the GPU time of those in '${X.alone}'`);
  });

  it('names a missing phase', () => {
    expect(() => judgeIndependentOps(withMeta(scenario([mm('gpu1', 'm', 0, 1)]), [phase(X.alone, 0, 1)]))).toThrow(/no phase 'one submit'/);
  });
});

describe('judgeIndependentOps on the H200 recording (docs/gpu-runs)', () => {
  it("judged again by today's judge reaches the recording's verdicts (claims and holds; the evidence now opens with the measure)", async () => {
    const { trace } = await readTrace(new URL('../../../../docs/gpu-runs/2026-11-27-h200/exercises/ex1-independent-ops.json.gz', import.meta.url).pathname);
    expect(judgeIndependentOps(trace).map((f) => [f.claim, f.holds])).toEqual(trace.meta!.verdicts.map((v) => [v.claim, v.holds]));
  });
});
