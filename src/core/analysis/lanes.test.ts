import { describe, expect, it } from 'vitest';
import type { Lane, OpKind, Trace } from '../model.js';
import { scenario } from '../testing/scenario.js';
import { laneStats } from './lanes.js';

describe('laneStats', () => {
  it('measures idle time against the whole trace span, in the trace lane order, lanes without ops included', () => {
    const t = scenario([
      ['gpu1', 'k', 'compute', 0, 100],
      ['gpu2', 'copy', 'transfer', 150, 50],
    ]);
    const idle: Lane = { id: '9:1', pid: 9, tid: 1, name: 'idle queue', kind: 'gpu', sortIndex: 0 };
    // The declared order is what counts: gpu2, the op-less lane, gpu1.
    const lane = (id: string) => t.lanes.find((l) => l.id === id)!;
    const trace: Trace = { ...t, lanes: [lane('2:1'), idle, lane('1:1')] };
    // span = 200 − 0 = 200
    expect(laneStats(trace)).toEqual([
      { id: '2:1', name: 'gpu2', kind: 'gpu', ops: 1, busyNs: 50, idleNs: 150, utilization: 0.25 },
      { id: '9:1', name: 'idle queue', kind: 'gpu', ops: 0, busyNs: 0, idleNs: 200, utilization: 0 },
      { id: '1:1', name: 'gpu1', kind: 'gpu', ops: 1, busyNs: 100, idleNs: 100, utilization: 0.5 },
    ]);
  });

  it('takes the union of nested and overlapping ops on one lane', () => {
    // cpu1: [0,100) ⊃ [20,40), then [90,120): union [0,120) = 120. gpu: [0,200) sets span 200.
    const rows = laneStats(
      scenario([
        ['cpu1', 'py', 'cpu', 0, 100],
        ['cpu1', 'cudaLaunch', 'cpu', 20, 20],
        ['cpu1', 'more', 'cpu', 90, 30],
        ['gpu', 'k', 'compute', 0, 200],
      ]),
    );
    const row = (id: string) => rows.find((r) => r.id === id);
    expect(row('100:1')).toEqual({ id: '100:1', name: 'cpu1', kind: 'cpu', ops: 3, busyNs: 120, idleNs: 80, utilization: 0.6 });
    expect(row('1:1')).toEqual({ id: '1:1', name: 'gpu', kind: 'gpu', ops: 1, busyNs: 200, idleNs: 0, utilization: 1 });
  });

  it('many lanes, one op each', () => {
    // lane i: [10i, 10i + 100), i = 0..49; span 590; each lane busy 100, idle 490
    const ops = Array.from({ length: 50 }, (_, i) => [`gpu${i}`, 'k', 'compute' as OpKind, 10 * i, 100] as const);
    const trace = scenario(ops);
    const rows = laneStats(trace);
    expect(rows.map((r) => r.id)).toEqual(trace.lanes.map((l) => l.id));
    expect(new Set(rows.map((r) => r.name)).size).toBe(50);
    for (const r of rows) expect(r).toMatchObject({ ops: 1, busyNs: 100, idleNs: 490, utilization: 100 / 590 });
  });

  it('appends a lane an op refers to but the trace never declared', () => {
    const t = scenario([['gpu', 'k', 'compute', 0, 10]]);
    const trace: Trace = { ...t, ops: [...t.ops, { id: 1, laneId: '7:7', name: 'stray', kind: 'cpu', start: t.ops[0]!.start, dur: t.ops[0]!.dur }] };
    expect(laneStats(trace).map((r) => [r.id, r.name, r.kind, r.busyNs])).toEqual([
      ['1:1', 'gpu', 'gpu', 10],
      ['7:7', '7:7', 'cpu', 10],
    ]);
  });

  it('zero span: utilization 0, not NaN', () => {
    expect(laneStats(scenario([['gpu', 'mark', 'compute', 5, 0]]))).toEqual([
      { id: '1:1', name: 'gpu', kind: 'gpu', ops: 1, busyNs: 0, idleNs: 0, utilization: 0 },
    ]);
  });
});
