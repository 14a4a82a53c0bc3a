import { describe, expect, it } from 'vitest';
import type { Dep, DepKind, Trace } from '../model.js';
import { scenario } from '../testing/scenario.js';
import { indexDeps } from './dep-index.js';
import { laneOrder } from './lane-order.js';
import { SEARCH_BUDGET, slack } from './slack.js';
import { indexTrace } from './trace-index.js';

function withDeps(t: Trace, deps: readonly (readonly [number, number, DepKind])[]): Trace {
  return { ...t, deps: deps.map(([from, to, kind]): Dep => ({ from, to, kind })) };
}
function run(t: Trace) {
  const index = indexTrace(t);
  return slack(t, index, laneOrder(index), indexDeps(t));
}

describe('slack (revision 2)', () => {
  it('two independent chains serialized on one queue: a 2× bound and three independent neighbours', () => {
    // One queue: A [0,10), B [10,20), C [20,30), D [30,40). Data: A → C, B → D; queue order A → B → C → D.
    // Longest data path: A → C = 10 + 10 = 20 (B → D alike). GPU work spans 40 → 40 / 20 = 2.
    // Neighbours (A,B), (B,C), (C,D): no data path within any → 3.
    const t = withDeps(
      scenario([
        ['gpu', 'A', 'compute', 0, 10],
        ['gpu', 'B', 'compute', 10, 10],
        ['gpu', 'C', 'compute', 20, 10],
        ['gpu', 'D', 'compute', 30, 10],
      ]),
      [
        [0, 2, 'data'],
        [1, 3, 'data'],
        [0, 1, 'queue-order'],
        [1, 2, 'queue-order'],
        [2, 3, 'queue-order'],
      ],
    );
    expect(run(t)).toEqual({
      dataBoundNs: 20,
      gpuSpanNs: 40,
      potentialSpeedup: 2,
      independentSerialized: 3,
      undecided: 0,
      sample: [
        { laneId: '1:1', first: { id: 0, name: 'A' }, second: { id: 1, name: 'B' } },
        { laneId: '1:1', first: { id: 1, name: 'B' }, second: { id: 2, name: 'C' } },
        { laneId: '1:1', first: { id: 2, name: 'C' }, second: { id: 3, name: 'D' } },
      ],
    });
  });

  it('follows data paths through other lanes, weighs waits 0 and leaves out CPU ops without data edges', () => {
    // gpu: k1 [0,10), k2 [40,50); host: copy-out [10,30) (cpu), map wait [30,40) (sync), js [0,100) alone.
    // Data k1 → copy → wait → k2: 10 + 20 + 0 + 10 = 40 (the lone js op of 100 is not GPU work and
    // touches no data edge). GPU work spans [0,50) → 50 / 40. k1, k2 are neighbours on the queue
    // with a data path between them: not independent.
    const t = withDeps(
      scenario([
        ['gpu', 'k1', 'compute', 0, 10],
        ['cpu', 'copy-out', 'cpu', 10, 20],
        ['cpu', 'map', 'sync', 30, 10],
        ['gpu', 'k2', 'compute', 40, 10],
        ['cpu2', 'js', 'cpu', 0, 100],
      ]),
      [
        [0, 1, 'data'],
        [1, 2, 'data'],
        [2, 3, 'data'],
        [4, 3, 'host'], // not a data edge: ignored
      ],
    );
    expect(run(t)).toMatchObject({ dataBoundNs: 40, gpuSpanNs: 50, potentialSpeedup: 1.25, independentSerialized: 0, undecided: 0, sample: [] });
  });

  it('counts host ops between kernels, not the uploads before the first or the read-back after the last', () => {
    // host: write [0,30) → k1 [30,40) → readback [40,50) → host math [50,70) → write2 [70,75) → k2 [75,85)
    // → final read [85,200). Path k1 … k2 = 10 + 10 + 20 + 5 + 10 = 55; the first write and the final read
    // lie outside the GPU span [30,85) = 55 → 1×, nothing to gain (the chain is strict).
    const t = withDeps(
      scenario([
        ['cpu', 'write', 'cpu', 0, 30],
        ['gpu', 'k1', 'compute', 30, 10],
        ['gpu2', 'readback', 'transfer', 40, 10],
        ['cpu', 'host math', 'cpu', 50, 20],
        ['cpu', 'write2', 'cpu', 70, 5],
        ['gpu', 'k2', 'compute', 75, 10],
        ['cpu', 'final read', 'cpu', 85, 115],
      ]),
      [
        [0, 1, 'data'],
        [1, 2, 'data'],
        [2, 3, 'data'],
        [3, 4, 'data'],
        [4, 5, 'data'],
        [5, 6, 'data'],
      ],
    );
    expect(run(t)).toMatchObject({ dataBoundNs: 55, gpuSpanNs: 55, potentialSpeedup: 1, independentSerialized: 0 });
  });

  it('is absent without data edges, and drops data edges against (start, id) order', () => {
    const ops = scenario([
      ['gpu', 'A', 'compute', 0, 10],
      ['gpu', 'B', 'compute', 10, 10],
    ]);
    expect(run(withDeps(ops, [[0, 1, 'queue-order']]))).toBeUndefined();
    // B → A goes back in time: dropped, so A and B are each a path of one (10), and independent.
    expect(run(withDeps(ops, [[1, 0, 'data']]))).toMatchObject({ dataBoundNs: 10, gpuSpanNs: 20, potentialSpeedup: 2, independentSerialized: 1 });
  });

  it('counts a pair as undecided when its search runs out of budget', () => {
    // a [0,1) and b [1000,1001) on one queue; a feeds SEARCH_BUDGET + 10 ops on another queue that
    // start in between and lead nowhere: the search from a gives up before it can tell.
    const fan = SEARCH_BUDGET + 10;
    const t = withDeps(
      scenario([
        ['gpu1', 'a', 'compute', 0, 1],
        ['gpu1', 'b', 'compute', 1000, 1],
        ...Array.from({ length: fan }, (_, i) => ['gpu2', `x${i}`, 'compute', 1 + i, 0] as const),
      ]),
      Array.from({ length: fan }, (_, i) => [0, 2 + i, 'data'] as const),
    );
    const r = run(t)!;
    expect(r.undecided).toBe(1);
    // gpu2's zero-length neighbours have no data path between them: fan − 1 independent pairs.
    expect(r.independentSerialized).toBe(fan - 1);
  });
});
