import { describe, expect, it } from 'vitest';
import { OP_KINDS, type OpKind } from '../model.js';
import { scenario } from '../testing/scenario.js';
import { totalLength, union } from './intervals.js';
import { indexTrace } from './trace-index.js';
import { kindIndex } from '../vocabulary/op-kinds.js';
import { unionByGroup } from './union-sweep.js';

/** A tiny deterministic PRNG (LCG) so the random traces are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('kindIndex', () => {
  it('follows OP_KINDS order (the op table maps slots back through OP_KINDS)', () => {
    OP_KINDS.forEach((k, i) => expect(kindIndex(k)).toBe(i));
  });
});

describe('unionByGroup', () => {
  it('gives exactly what union + totalLength of intervals.ts give, group by group', () => {
    const rnd = lcg(7);
    for (let round = 0; round < 20; round++) {
      const ops: [string, string, OpKind, number, number][] = [];
      for (let i = 0; i < 200; i++) {
        // Small ranges so that nesting, touching, overlapping and zero-length ops all happen.
        ops.push([`gpu${Math.floor(rnd() * 4)}`, 'k', OP_KINDS[Math.floor(rnd() * 5)]!, Math.floor(rnd() * 500), Math.floor(rnd() * 40)]);
      }
      const trace = scenario(ops);
      const index = indexTrace(trace);
      const got = unionByGroup(index, index.kindOf, 5, [0, 1, 2, 3, 4]);
      OP_KINDS.forEach((kind, k) => {
        const expected = union(trace.ops.filter((o) => o.kind === kind).map((o) => ({ start: o.start, end: o.start + o.dur })));
        expect(got.intervals.get(k)).toEqual(expected);
        expect(got.lengths[k]).toBe(totalLength(expected));
      });
      const byLane = unionByGroup(index, index.laneOf, index.lanes.length);
      index.lanes.forEach((lane, l) => {
        const expected = union(trace.ops.filter((o) => o.laneId === lane.id).map((o) => ({ start: o.start, end: o.start + o.dur })));
        expect(byLane.lengths[l]).toBe(totalLength(expected));
      });
    }
  });

  it('sorts ops given out of start order (ties by id)', () => {
    const index = indexTrace(
      scenario([
        ['gpu', 'c', 'compute', 30, 5],
        ['gpu', 'a', 'compute', 10, 5],
        ['gpu', 'b', 'compute', 10, 1],
      ]),
    );
    expect([...index.order]).toEqual([1, 2, 0]);
  });
});
