import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_KINDS, type OpKind } from '../model.js';
import { scenario } from '../testing/scenario.js';
import { criticalPath, GAP } from './critical-path.js';
import { indexTrace } from './trace-index.js';
import { laneOrder } from './lane-order.js';

const ids = (r: ReturnType<typeof criticalPath>) => r.path.map((s) => s.id);
/** byKind as a record, for readable expectations. */
const kinds = (r: ReturnType<typeof criticalPath>) => ({
  ...Object.fromEntries(OP_KINDS.map((k, i) => [k, r.byKindNs[i]!])),
  gap: r.byKindNs[GAP]!,
});
const zero = { compute: 0, transfer: 0, cpu: 0, sync: 0, other: 0, gap: 0 };

describe('criticalPath (revision 2)', () => {
  it('follows dependencies across lanes, with the gap between them', () => {
    const r = criticalPath(
      scenario(
        [
          ['gpu1', 'A', 'compute', 0, 10], // 0: [0,10)
          ['gpu2', 'B', 'transfer', 20, 30], // 1: [20,50)
          ['gpu1', 'C', 'compute', 50, 10], // 2: [50,60)
          ['cpu1', 'D', 'cpu', 0, 5], // 3: unrelated
        ],
        [
          [0, 1],
          [1, 2],
        ],
      ),
    );
    // Back from C (ends last, 60): deps B (50) beats the lane's A (10); B: dep A (10), gap 20 − 10.
    // 60 − 0 = 60 = compute 10 + 10, transfer 30, gap 10
    expect(r.lengthNs).toBe(60);
    expect(kinds(r)).toEqual({ ...zero, compute: 20, transfer: 30, gap: 10 });
    expect(r.path).toEqual([
      { id: 0, name: 'A', laneId: '1:1', startNs: 0, durNs: 10, contributionNs: 10, gapNs: 0 },
      { id: 1, name: 'B', laneId: '2:1', startNs: 20, durNs: 30, contributionNs: 30, gapNs: 10 },
      { id: 2, name: 'C', laneId: '1:1', startNs: 50, durNs: 10, contributionNs: 10, gapNs: 0 },
    ]);
    expect(r.ops).toBe(3);
    expect(r.ignoredEdges).toBe(0);
  });

  it('counts a wait only after what it waited for had ended (cudaDeviceSynchronize)', () => {
    // The host launches two kernels, then waits for both in one long sync op:
    //   cpu: launch1 [0,10), launch2 [10,20), sync [20,1000)
    //   s1: k1 [15,600) (launched by 0), s2: k2 [25,990) (launched by 1); both → sync.
    // Back from sync (1000): deps k1 (600), k2 (990); lane launch2 (20) → k2; sync adds 1000 − 990 = 10.
    // k2 [25,990): its launch2 ended at 20 → compute 965, gap 5; launch2: lane launch1 (10) → cpu 10;
    // launch1: cpu 10. 1000 − 0 = 1000 = cpu 20 + compute 965 + sync 10 + gap 5.
    // Revision 1 (longest by duration) would be launch1 + launch2 + sync = 1000 of which 980 waiting.
    const r = criticalPath(
      scenario(
        [
          ['cpu', 'launch1', 'cpu', 0, 10], // 0
          ['cpu', 'launch2', 'cpu', 10, 10], // 1
          ['cpu', 'cudaDeviceSynchronize', 'sync', 20, 980], // 2
          ['s1', 'k1', 'compute', 15, 585], // 3
          ['s2', 'k2', 'compute', 25, 965], // 4
        ],
        [
          [0, 3],
          [1, 4],
          [3, 2],
          [4, 2],
        ],
      ),
    );
    expect(ids(r)).toEqual([0, 1, 4, 2]);
    expect(r.lengthNs).toBe(1000);
    expect(kinds(r)).toEqual({ ...zero, cpu: 20, compute: 965, sync: 10, gap: 5 });
    expect(r.path.map((s) => [s.contributionNs, s.gapNs])).toEqual([
      [10, 0],
      [10, 0],
      [965, 5],
      [10, 0],
    ]);
  });

  it('without dependencies a wait is all wait: the lane order alone', () => {
    // cpu: work [0,10), sync [10,100); gpu k [5,95) unrelated. Back from the sync (100): lane work (10).
    const r = criticalPath(
      scenario([
        ['cpu', 'work', 'cpu', 0, 10],
        ['cpu', 'wait', 'sync', 10, 90],
        ['gpu', 'k', 'compute', 5, 90],
      ]),
    );
    expect(ids(r)).toEqual([0, 1]);
    expect(kinds(r)).toEqual({ ...zero, cpu: 10, sync: 90 });
  });

  it('overlapping dependent ops: the later one adds only the time after the first ended', () => {
    // u [0,10) → v [5,20) (a foreign trace's flow between ops that overlap): v adds 20 − 10 = 10.
    const r = criticalPath(
      scenario(
        [
          ['gpu1', 'u', 'compute', 0, 10],
          ['gpu2', 'v', 'transfer', 5, 15],
        ],
        [[0, 1]],
      ),
    );
    expect(r.lengthNs).toBe(20);
    expect(kinds(r)).toEqual({ ...zero, compute: 10, transfer: 10 });
    expect(r.path.map((s) => s.contributionNs)).toEqual([10, 10]);
  });

  it('never takes a containing parent slice as the op before a nested one', () => {
    // cpu: parent [0,100) ⊃ child1 [10,20), child2 [30,40); next [100,105).
    // gpu: k [45,60) launched by child2 (edge 2 → 4); next depends on nothing.
    // From next (105): lane ops ended ≤ 100 → parent (100) (the children ended earlier).
    // parent: nothing before → first. 105 − 0 = 105 = cpu 105, no double counting of the children.
    const r = criticalPath(
      scenario(
        [
          ['cpu', 'parent', 'cpu', 0, 100],
          ['cpu', 'child1', 'cpu', 10, 10],
          ['cpu', 'child2', 'cpu', 30, 10],
          ['cpu', 'next', 'cpu', 100, 5],
          ['gpu', 'k', 'compute', 45, 15],
        ],
        [[2, 4]],
      ),
    );
    expect(ids(r)).toEqual([0, 3]);
    expect(r.lengthNs).toBe(105);
    // From the kernel, the walk would reach child2 and then child1 (ended 20 ≤ 30), never the parent:
    // a trace that ends with the kernel shows it. k [45,60) → child2 (40, gap 5) → child1 (20, gap 10).
    const k = criticalPath(
      scenario(
        [
          ['cpu', 'parent', 'cpu', 0, 50],
          ['cpu', 'child1', 'cpu', 10, 10],
          ['cpu', 'child2', 'cpu', 30, 10],
          ['gpu', 'k', 'compute', 45, 15],
        ],
        [[2, 3]],
      ),
    );
    expect(ids(k)).toEqual([1, 2, 3]);
    // 60 − 10 = 50 = cpu 10 + 10, compute 15, gap 10 + 5
    expect(k.lengthNs).toBe(50);
    expect(kinds(k)).toEqual({ ...zero, cpu: 20, compute: 15, gap: 15 });
  });

  it('ignores and counts edges back in time, self-loops and edges to unknown ops', () => {
    // P [0,100) on gpu1, Q [200,210) on gpu2; Q → P ends after P: back in time. P → P, 0 → 99, −1 → 1.
    const r = criticalPath(
      scenario(
        [
          ['gpu1', 'P', 'compute', 0, 100],
          ['gpu2', 'Q', 'compute', 200, 10],
        ],
        [
          [1, 0],
          [0, 0],
          [0, 99],
          [-1, 1],
        ],
      ),
    );
    // Only Q: it ends last and has no usable predecessor. 10 = compute 10.
    expect(ids(r)).toEqual([1]);
    expect(r.lengthNs).toBe(10);
    expect(r.ignoredEdges).toBe(4);
  });

  it('breaks a cycle of ops that end together, and counts the edge it met', () => {
    // X [0,10) and Y [5,10) on two lanes, edges X → Y and Y → X (both level in end time).
    // The last to end: X (ends 10 like Y, started first). X's dep Y (10) → Y; Y's dep X is on the chain:
    // ignored, counted. Y adds 10 − max(5, …) — Y is first: 5; X adds 10 − max(0, 10) = 0.
    const r = criticalPath(
      scenario(
        [
          ['gpu1', 'X', 'compute', 0, 10],
          ['gpu2', 'Y', 'transfer', 5, 5],
        ],
        [
          [0, 1],
          [1, 0],
        ],
      ),
    );
    expect(ids(r)).toEqual([1, 0]);
    expect(r.lengthNs).toBe(5);
    expect(kinds(r)).toEqual({ ...zero, transfer: 5 });
    expect(r.ignoredEdges).toBe(1);
  });

  it('on a tie prefers the candidate that started first, then a dependency over the lane', () => {
    // gpu: A [0,10), Z [10,10) (zero-length), B [20,30). Before B both A and Z ended at 10: A started
    // first. 30 − 0 = 30 = compute 20 + gap 10, Z is passed over (it would add 0 either way).
    const r = criticalPath(
      scenario([
        ['gpu', 'A', 'compute', 0, 10],
        ['gpu', 'Z', 'sync', 10, 0],
        ['gpu', 'B', 'compute', 20, 10],
      ]),
    );
    expect(ids(r)).toEqual([0, 2]);
    expect(kinds(r)).toEqual({ ...zero, compute: 20, gap: 10 });
    // A dependency that ended with the lane's op, having started with it too, wins over the lane.
    const d = criticalPath(
      scenario(
        [
          ['gpu1', 'L', 'compute', 0, 10],
          ['gpu2', 'D', 'compute', 0, 10],
          ['gpu1', 'V', 'compute', 10, 10],
        ],
        [[1, 2]],
      ),
    );
    expect(ids(d)).toEqual([1, 2]);
  });

  it('is empty for no ops', () => {
    const r = criticalPath(scenario([]));
    expect([r.lengthNs, r.ops, r.path, [...r.byKindNs]]).toEqual([0, 0, [], [0, 0, 0, 0, 0, 0]]);
  });

  it('keeps the first maxSteps steps but walks the whole chain, without recursion', () => {
    // 100,000 back-to-back ops of 1 ns on one lane → 100,000 ns over 100,000 ops
    const n = 100_000;
    const t = scenario(Array.from({ length: n }, (_, i) => ['gpu', 'k', 'compute', i, 1] as const));
    const index = indexTrace(t);
    const r = criticalPath(t, index, laneOrder(index), 1000);
    expect(r.lengthNs).toBe(n);
    expect(r.ops).toBe(n);
    expect(r.path).toHaveLength(1000);
    expect(r.path[999]).toMatchObject({ id: 999, startNs: 999, contributionNs: 1, gapNs: 0 });
    expect(r.ids).toHaveLength(n);
  });

  it('on random traces: byKind sums to the length, which never exceeds the span; contributions ≥ 0', () => {
    const kind = fc.constantFrom<OpKind>(...OP_KINDS);
    const op = fc.tuple(fc.constantFrom('gpu1', 'gpu2', 'cpu1', 'cpu2'), kind, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 300 }));
    const traceArb = fc
      .array(op, { minLength: 1, maxLength: 40 })
      .chain((ops) => fc.tuple(fc.constant(ops), fc.array(fc.tuple(fc.nat(ops.length - 1), fc.nat(ops.length - 1)), { maxLength: 60 })));
    fc.assert(
      fc.property(traceArb, ([ops, deps]) => {
        const t = scenario(
          ops.map(([lane, k, s, d], i) => [lane, `o${i}`, k, s, d] as const),
          deps,
        );
        const r = criticalPath(t);
        const first = Math.min(...ops.map((o) => o[2]));
        const last = Math.max(...ops.map((o) => o[2] + o[3]));
        const sum = [...r.byKindNs].reduce((a, b) => a + b, 0);
        expect(sum).toBe(r.lengthNs);
        expect(r.lengthNs).toBeLessThanOrEqual(last - first);
        expect(r.path[r.path.length - 1]!.startNs + r.path[r.path.length - 1]!.durNs).toBe(last); // ends with the last op
        expect(r.lengthNs).toBe(last - r.path[0]!.startNs);
        for (const s of r.path) {
          expect(s.contributionNs).toBeGreaterThanOrEqual(0);
          expect(s.gapNs).toBeGreaterThanOrEqual(0);
        }
        expect(new Set(r.path.map((s) => s.id)).size).toBe(r.path.length); // no op twice
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
