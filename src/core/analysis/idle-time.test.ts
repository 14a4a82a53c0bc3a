import { describe, expect, it } from 'vitest';
import type { Trace } from '../model.js';
import { scenario } from '../testing/scenario.js';
import { idleTime } from './idle-time.js';

/** gpu1: busy 0–10, 20–30, 30–40, 45–50; the host submits at 12–14 and 15–17, nothing before 45. */
function hostTrace(): Trace {
  return scenario([
    ['gpu1', 'mm', 'compute', 0, 10], // 0
    ['cpu main', 'submit a', 'cpu', 12, 2], // 1: ends 14
    ['cpu main', 'submit b', 'cpu', 15, 2], // 2: ends 17, closest before 20
    ['gpu1', 'mm', 'compute', 20, 10], // 3
    ['gpu1', 'mm', 'compute', 30, 10], // 4: touches 3, no gap
    ['cpu main', 'encode', 'cpu', 41, 2], // 5: not a submit
    ['gpu1', 'mm', 'compute', 45, 5], // 6
  ]);
}

describe('idleTime', () => {
  it('classifies a gap ended by a submit as host, one with no cause as other', () => {
    const r = idleTime(hostTrace());
    expect(r.window).toEqual({ start: 0, end: 50 });
    expect(r.gaps).toEqual([
      { laneId: '1:1', start: 10, end: 20, durNs: 10, cls: 'host', prevOp: 0, nextOp: 3, cause: 2 },
      { laneId: '1:1', start: 40, end: 45, durNs: 5, cls: 'other', prevOp: 4, nextOp: 6 },
    ]);
    expect(r.lanes).toEqual([
      { laneId: '1:1', laneName: 'gpu1', windowNs: 50, busyNs: 35, idleNs: 15, utilization: 0.7, byClass: { host: 10, dependency: 0, other: 5 }, gaps: 2 },
    ]);
    expect(r.totals).toEqual({ busyNs: 35, idleNs: 15, host: 10, dependency: 0, other: 5 });
  });

  it('counts the window edges when asked, and clips ops to the window', () => {
    const r = idleTime(hostTrace(), { window: { start: -5, end: 60 }, edges: true });
    expect(r.gaps.map((g) => [g.start, g.end, g.cls, g.edge])).toEqual([
      [-5, 0, 'other', 'leading'],
      [10, 20, 'host', undefined],
      [40, 45, 'other', undefined],
      [50, 60, 'other', 'trailing'],
    ]);
    expect(r.totals).toEqual({ busyNs: 35, idleNs: 30, host: 10, dependency: 0, other: 20 });
    expect(r.lanes[0]!.busyNs + r.lanes[0]!.idleNs).toBe(65);

    // [8, 27]: busy 8–10 and 20–27 = 9 ns; the gap 10–20 is still the host's.
    const c = idleTime(hostTrace(), { window: { start: 8, end: 27 }, edges: true });
    expect(c.lanes[0]).toMatchObject({ windowNs: 19, busyNs: 9, idleNs: 10, byClass: { host: 10, dependency: 0, other: 0 } });
    expect(c.lanes[0]!.utilization).toBeCloseTo(9 / 19, 12);
  });

  it('blames a dependency on another lane that ended inside the gap, before the submit that followed it', () => {
    const t = scenario(
      [
        ['gpu1', 'a', 'compute', 0, 10], // 0
        ['gpu2', 'b', 'compute', 0, 30], // 1: ends 30, inside gpu1's gap 10–40
        ['cpu main', 'submit c', 'cpu', 33, 2], // 2: ends 35
        ['gpu1', 'c', 'compute', 40, 10], // 3: reads b's result
        ['gpu2', 'd', 'compute', 1, 2], // 4: ended before gpu1's next gap; a dep from it is no cause
        ['gpu1', 'e', 'compute', 60, 10], // 5: gap 50–60 after a submit? none: other
      ],
      [
        [1, 3],
        [4, 5],
        [0, 3],
      ],
    );
    const r = idleTime(t);
    const g1 = r.gaps.filter((g) => g.laneId === t.ops[0]!.laneId);
    expect(g1.map((g) => [g.start, g.end, g.cls, g.cause])).toEqual([
      [10, 40, 'dependency', 1],
      [50, 60, 'other', undefined],
    ]);
    // gpu2 has ops 0–30 and 1–3 (inside): no gap at all.
    expect(r.lanes.map((l) => [l.laneName, l.busyNs, l.idleNs])).toEqual([
      ['gpu1', 30, 40],
      ['gpu2', 30, 0],
    ]);
    expect(r.totals).toMatchObject({ dependency: 30, host: 0, other: 10 });
  });

  it('unites overlapping ops of a lane; the gap starts where the union ends', () => {
    const t = scenario([
      ['gpu1', 'a', 'compute', 0, 10],
      ['gpu1', 'b', 'compute', 5, 15], // ends 20
      ['gpu1', 'c', 'compute', 6, 2], // inside b
      ['gpu1', 'd', 'compute', 25, 5],
    ]);
    const r = idleTime(t);
    expect(r.gaps).toEqual([{ laneId: '1:1', start: 20, end: 25, durNs: 5, cls: 'other', prevOp: 1, nextOp: 3 }]);
    expect(r.lanes[0]).toMatchObject({ busyNs: 25, idleNs: 5 });
  });

  it('accepts a submit ending a little after the next op starts only within the slack', () => {
    const t = scenario([
      ['gpu1', 'a', 'compute', 0, 10],
      ['cpu main', 'submit', 'cpu', 15, 6], // ends 21, the next op starts at 20
      ['gpu1', 'b', 'compute', 20, 10],
    ]);
    expect(idleTime(t).gaps[0]!.cls).toBe('other');
    expect(idleTime(t, { slackNs: 2 }).gaps[0]).toMatchObject({ cls: 'host', cause: 1 });
  });

  it('takes launch flows as host evidence and honours a custom submit predicate', () => {
    const base = scenario([
      ['gpu1', 'k1', 'compute', 0, 10],
      ['cpu main', 'enqueue', 'cpu', 12, 3], // 1: ends 15
      ['gpu1', 'k2', 'compute', 20, 10],
      ['cpu main', 'enqueue', 'cpu', 33, 2], // 3: ends 35
      ['gpu1', 'k3', 'compute', 40, 10],
    ]);
    const t: Trace = { ...base, deps: [{ from: 1, to: 2, kind: 'launch' }] };
    expect(idleTime(t).gaps.map((g) => [g.cls, g.cause])).toEqual([
      ['host', 1],
      ['other', undefined],
    ]);
    const custom = idleTime(t, { isSubmit: (o, l) => l.kind === 'cpu' && o.name === 'enqueue' });
    expect(custom.gaps.map((g) => [g.cls, g.cause])).toEqual([
      ['host', 1],
      ['host', 3],
    ]);
    expect(custom.totals).toMatchObject({ host: 20, dependency: 0, other: 0 });
  });

  it('reports a lane with no op in the window as idle throughout, and an empty trace as nothing', () => {
    const t = scenario([
      ['gpu1', 'a', 'compute', 0, 10],
      ['gpu2', 'b', 'compute', 50, 10],
    ]);
    const r = idleTime(t, { window: { start: 20, end: 40 }, edges: true });
    expect(r.lanes.map((l) => [l.busyNs, l.idleNs, l.utilization, l.byClass.other])).toEqual([
      [0, 20, 0, 20],
      [0, 20, 0, 20],
    ]);
    const e = idleTime(scenario([]));
    expect(e).toEqual({ window: { start: 0, end: 0 }, lanes: [], totals: { busyNs: 0, idleNs: 0, host: 0, dependency: 0, other: 0 }, gaps: [] });
  });
});
