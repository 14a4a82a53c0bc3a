import { describe, expect, it } from 'vitest';
import type { Trace } from '@core/model.js';
import { ns } from '@core/time.js';
import { scenario } from '@core/testing/scenario';
import { KIND_COUNT } from '@core/vocabulary/op-kinds.js';
import { buildTimelineIndex, gallopLowerBound, groupOf, lowerBound, upperBound, type TimelineIndex } from './lane-index.js';

/** Op ids of lane `l`, depth `d` (all kinds), in start order. */
function group(t: TimelineIndex, l: number, d: number): number[] {
  const ids: number[] = [];
  for (let k = 0; k < KIND_COUNT; k++) {
    const g = groupOf(t, l, d, k);
    ids.push(...t.ids.subarray(t.groupStart[g]!, t.groupStart[g + 1]!));
  }
  return ids.sort((a, b) => t.opStart[a]! - t.opStart[b]! || a - b);
}

describe('buildTimelineIndex', () => {
  it('groups ops by lane in the trace lane order, sorted by start', () => {
    const t = scenario([
      ['gpu1', 'b', 'compute', 50, 10], // 0
      ['cpu1', 'c', 'cpu', 0, 5], // 1
      ['gpu1', 'a', 'compute', 10, 10], // 2
    ]);
    const x = buildTimelineIndex(t);
    expect(x.lanes.map((l) => l.name)).toEqual(['gpu1', 'cpu1']);
    expect(group(x, 0, 0)).toEqual([2, 0]);
    expect(group(x, 1, 0)).toEqual([1]);
    expect([...x.laneDepths]).toEqual([1, 1]);
    expect(x.extent).toEqual({ start: 0, end: 60 });
    expect(x.kindsPresent).toBe(0b101); // compute and cpu
  });

  it('puts nested ops at depths computed once, parents first on equal starts', () => {
    // A foreign trace's thread: outer [0,100) ⊃ mid [0,50) ⊃ inner [10,20); then sibling [50,80) at depth 1.
    const t = scenario([
      ['cpu1', 'mid', 'cpu', 0, 50], // 0 (listed before its parent, same start)
      ['cpu1', 'outer', 'cpu', 0, 100], // 1
      ['cpu1', 'inner', 'cpu', 10, 10], // 2
      ['cpu1', 'sibling', 'cpu', 50, 30], // 3
      ['cpu1', 'next', 'cpu', 100, 10], // 4: touches outer's end: depth 0 again
    ]);
    const x = buildTimelineIndex(t);
    expect([...x.opDepth]).toEqual([1, 0, 2, 1, 0]);
    expect(x.laneDepths[0]).toBe(3);
    expect(group(x, 0, 0)).toEqual([1, 4]);
    expect(group(x, 0, 1)).toEqual([0, 3]);
    expect(group(x, 0, 2)).toEqual([2]);
  });

  it('never lets two ops of one sub-row overlap, even when ops overlap without nesting', () => {
    const t = scenario([
      ['gpu1', 'a', 'compute', 0, 10],
      ['gpu1', 'b', 'transfer', 5, 10], // overlaps a's end
      ['gpu1', 'c', 'compute', 12, 10], // overlaps b, not a
      ['gpu1', 'd', 'compute', 30, 10],
    ]);
    const x = buildTimelineIndex(t);
    // A stack, as for nested slices: c starts while b is open, so it goes below b although a has ended.
    expect([...x.opDepth]).toEqual([0, 1, 2, 0]);
    for (let d = 0; d < x.laneDepths[0]!; d++) {
      const ids = group(x, 0, d);
      for (let i = 1; i < ids.length; i++) expect(x.opStart[ids[i]!]!).toBeGreaterThanOrEqual(x.opEnd[ids[i - 1]!]!);
    }
  });

  it('splits a sub-row by kind, each group sorted by start with a prefix maximum of ends', () => {
    const t = scenario([
      ['gpu1', 'a', 'compute', 0, 10],
      ['gpu1', 'b', 'compute', 10, 10],
      ['gpu1', 'c', 'transfer', 20, 10],
      ['gpu1', 'd', 'compute', 30, 10],
    ]);
    const x = buildTimelineIndex(t);
    const compute = groupOf(x, 0, 0, 0);
    const transfer = groupOf(x, 0, 0, 1);
    expect([...x.ids.subarray(x.groupStart[compute]!, x.groupStart[compute + 1]!)]).toEqual([0, 1, 3]);
    expect([...x.ids.subarray(x.groupStart[transfer]!, x.groupStart[transfer + 1]!)]).toEqual([2]);
    expect([...x.maxEnd.subarray(x.groupStart[compute]!, x.groupStart[compute + 1]!)]).toEqual([10, 20, 40]);
    expect(x.subRowKinds[0]).toBe(0b11);
  });

  it('gives lanes that ops use without declaring them a row of their own', () => {
    const t = scenario([['gpu1', 'a', 'compute', 0, 10]]);
    const withStray: Trace = { ...t, ops: [...t.ops, { id: 1, laneId: '7:3', name: 'stray', kind: 'cpu', start: ns(5), dur: ns(5) }] };
    const x = buildTimelineIndex(withStray);
    expect(x.lanes.map((l) => [l.id, l.pid, l.tid])).toEqual([
      ['1:1', 1, 1],
      ['7:3', 7, 3],
    ]);
    expect(x.opLane[1]).toBe(1);
  });

  it('indexes instants per lane and globally, and counts them in the extent', () => {
    const t = scenario([['gpu1', 'a', 'compute', 10, 10]]);
    const x = buildTimelineIndex({
      ...t,
      instants: [
        { name: 'late', ts: ns(30), laneId: '1:1' },
        { name: 'early', ts: ns(12), laneId: '1:1' },
        { name: 'global', ts: ns(2) },
        { name: 'unknown lane', ts: ns(40), laneId: '9:9' },
      ],
    });
    const { ts, source, slotStart } = x.instants;
    expect([...ts.subarray(slotStart[0]!, slotStart[1]!)]).toEqual([12, 30]);
    expect([...source.subarray(slotStart[0]!, slotStart[1]!)]).toEqual([1, 0]);
    expect([...ts.subarray(slotStart[1]!, slotStart[2]!)]).toEqual([2, 40]);
    expect(x.extent).toEqual({ start: 2, end: 40 });
  });

  it('handles an empty trace', () => {
    const x = buildTimelineIndex({ processes: [], lanes: [], ops: [], deps: [], phases: [] });
    expect(x.opCount).toBe(0);
    expect(x.extent).toEqual({ start: 0, end: 0 });
  });
});

describe('binary searches', () => {
  const a = new Float64Array([1, 2, 2, 2, 5, 8, 8, 13]);
  it('agree with a linear scan, the galloping one included', () => {
    for (let t = 0; t <= 14; t += 0.5) {
      for (let lo = 0; lo <= a.length; lo++) {
        let lin = lo;
        while (lin < a.length && a[lin]! < t) lin++;
        expect(lowerBound(a, lo, a.length, t)).toBe(lin);
        expect(gallopLowerBound(a, lo, a.length, t)).toBe(lin);
        let up = lo;
        while (up < a.length && a[up]! <= t) up++;
        expect(upperBound(a, lo, a.length, t)).toBe(up);
      }
    }
  });
});
