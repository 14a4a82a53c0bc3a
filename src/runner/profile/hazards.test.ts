import { describe, expect, it } from 'vitest';
import { hazardEdges, type HazardOp } from './hazards.js';

const pairs = (ops: HazardOp[]) => hazardEdges(ops).map((e) => `${e.from}>${e.to} ${e.hazards.join('+')}`);

describe('hazardEdges', () => {
  it('gives RAW, WAR and WAW on one buffer, without transitive reduction', () => {
    // 0 writes X; 1 reads X (RAW 0>1); 2 writes X (WAW 0>2, WAR 1>2); 3 reads X (RAW from the last writer, 2, only).
    expect(
      pairs([
        { op: 0, acc: [['X', 0, 16, 'w']] },
        { op: 1, acc: [['X', 0, 16, 'r']] },
        { op: 2, acc: [['X', 0, 16, 'w']] },
        { op: 3, acc: [['X', 0, 16, 'r']] },
      ]),
    ).toEqual(['0>1 RAW', '0>2 WAW', '1>2 WAR', '2>3 RAW']);
  });

  it('orders only overlapping byte ranges', () => {
    // 0 writes X[0,8), 1 writes X[8,16): disjoint, no edge. 2 reads X[4,12): RAW from both.
    // 3 reads X[12,16): RAW from 1 only. 4 writes Y: nothing before it touched Y.
    expect(
      pairs([
        { op: 0, acc: [['X', 0, 8, 'w']] },
        { op: 1, acc: [['X', 8, 16, 'w']] },
        { op: 2, acc: [['X', 4, 12, 'r']] },
        { op: 3, acc: [['X', 12, 16, 'r']] },
        { op: 4, acc: [['Y', 0, 4, 'w']] },
      ]),
    ).toEqual(['0>2 RAW', '1>2 RAW', '1>3 RAW']);
  });

  it('has no self-edge for a read-write binding, and merges hazards of one pair', () => {
    // 0 rw X; 1 rw X: RAW (reads 0's write) and WAW (writes over it) as one edge; 0's own read came
    // before its write, so it is no separate WAR (the write is what 1 must wait for).
    expect(
      pairs([
        { op: 0, acc: [['X', 0, 4, 'rw']] },
        { op: 1, acc: [['X', 0, 4, 'rw']] },
      ]),
    ).toEqual(['0>1 RAW+WAW']);
  });

  it('two independent chains stay independent (the shape of exercise 1)', () => {
    // a: write A, matmul A→C; b: write B, matmul B→D. Edges only within each chain.
    expect(
      pairs([
        { op: 0, acc: [['A', 0, 64, 'w']] },
        { op: 1, acc: [['B', 0, 64, 'w']] },
        {
          op: 2,
          acc: [
            ['A', 0, 64, 'r'],
            ['C', 0, 64, 'rw'],
          ],
        },
        {
          op: 3,
          acc: [
            ['B', 0, 64, 'r'],
            ['D', 0, 64, 'rw'],
          ],
        },
      ]),
    ).toEqual(['0>2 RAW', '1>3 RAW']);
  });

  it('a read after two partial writes and a covering write sees only the covering one', () => {
    // 0 writes X[0,4), 1 writes X[4,8), 2 writes X[0,8) (WAW 0>2, 1>2), 3 reads X[0,8): RAW 2>3 only.
    expect(
      pairs([
        { op: 0, acc: [['X', 0, 4, 'w']] },
        { op: 1, acc: [['X', 4, 8, 'w']] },
        { op: 2, acc: [['X', 0, 8, 'w']] },
        { op: 3, acc: [['X', 0, 8, 'r']] },
      ]),
    ).toEqual(['0>2 WAW', '1>2 WAW', '2>3 RAW']);
  });
});
