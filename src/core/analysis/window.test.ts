import { describe, expect, it } from 'vitest';
import type { ArgValue, Trace } from '../model.js';
import { ns } from '../time.js';
import type { SourceInfo } from '../import/types.js';
import { scenario, withMeta } from '../testing/scenario.js';
import { computeStats } from './stats.js';
import { clipTrace } from './window.js';

const SOURCE: SourceInfo = { file: 'run.json', format: 'parascope', events: 5, warnings: 0, warningSamples: [] };
/** Times are written in ms and stored in ns, so the expected ms values are exact. */
const MS = 1e6;

/**
 *   gpu1  k1 [0,100)   k2 [100,300)              k3 [400,500)
 *   gpu2                 copy [150,250)
 *   cpu1                         submit [280,290)
 * deps: k1→copy, copy→submit, submit→k3, k2→k3
 */
function fixture(): Trace {
  const t = withMeta(
    scenario(
      [
        ['gpu1', 'k1', 'compute', 0, 100 * MS], // 0
        ['gpu1', 'k2', 'compute', 100 * MS, 200 * MS], // 1
        ['gpu2', 'copy', 'transfer', 150 * MS, 100 * MS], // 2
        ['cpu1', 'submit', 'cpu', 280 * MS, 10 * MS], // 3
        ['gpu1', 'k3', 'compute', 400 * MS, 100 * MS], // 4
      ],
      [
        [0, 2],
        [2, 3],
        [3, 4],
        [1, 4],
      ],
    ),
    [
      { name: 'all', start: ns(0), end: ns(500 * MS) },
      { name: 'warm-up', start: ns(0), end: ns(100 * MS) },
    ],
  );
  return {
    ...t,
    ops: t.ops.map((o) => (o.id === 1 ? { ...o, args: { grid: '64x64', bytes: 4096 } } : o)),
    instants: [
      { name: 'mark', ts: ns(200 * MS) },
      { name: 'late', ts: ns(450 * MS) },
    ],
  };
}

describe('clipTrace', () => {
  it('keeps the ops overlapping the window, cut to it and renumbered', () => {
    const c = clipTrace(fixture(), { start: 120 * MS, end: 420 * MS });
    expect(c.ops.map((o) => [o.id, o.name, o.start / MS, o.dur / MS])).toEqual([
      [0, 'k2', 120, 180], // [100,300) cut at 120
      [1, 'copy', 150, 100], // inside
      [2, 'submit', 280, 10], // inside
      [3, 'k3', 400, 20], // [400,500) cut at 420
    ]);
    expect(c.ops[0]!.args).toEqual({ grid: '64x64', bytes: 4096 });
    // k1→copy goes (k1 is outside); the others are remapped to the new ids.
    expect(c.deps.map((d) => [d.from, d.to])).toEqual([
      [1, 2],
      [2, 3],
      [0, 3],
    ]);
    expect(c.phases).toEqual([{ name: 'all', start: 120 * MS, end: 420 * MS }]);
    expect(c.instants).toEqual([{ name: 'mark', ts: 200 * MS }]);
    expect(c.lanes).toEqual(fixture().lanes);
    expect(c.meta).toEqual(fixture().meta);
  });

  it('prorates the declared work of a cut op, so its rate in the window is its own rate', () => {
    const t = scenario([
      ['gpu', 'matmul', 'compute', 0, 100],
      ['gpu', 'copy', 'transfer', 100, 100],
    ]);
    const work = (kind: string): Record<string, ArgValue> => (kind === 'compute' ? { flops: 1000, n: 7 } : { bytesMoved: 400, bytes: 200 });
    const withWork: Trace = { ...t, ops: t.ops.map((o) => ({ ...o, args: work(o.kind) })) };
    const w = clipTrace(withWork, { start: 75, end: 150 });
    expect(w.ops.map((o) => [o.name, o.dur, o.args])).toEqual([
      ['matmul', 25, { flops: 250, n: 7 }],
      ['copy', 50, { bytesMoved: 200, bytes: 200 }],
    ]);
    // An op wholly inside keeps its args object.
    expect(clipTrace(withWork, { start: 0, end: 300 }).ops[0]!.args).toBe(withWork.ops[0]!.args);
  });

  it('gives the window its own stats, under the same definitions', () => {
    const s = computeStats(clipTrace(fixture(), { start: 120 * MS, end: 420 * MS }), SOURCE);
    expect(s.spanMs).toBe(300); // 120 … 420
    expect(s.compute).toEqual({ ops: 2, busyMs: 200 }); // 180 + 20
    expect(s.transfer).toEqual({ ops: 1, busyMs: 100 });
    expect(s.cpu).toEqual({ ops: 1, busyMs: 10 });
    expect(s.overlap).toEqual({ computeTransferMs: 100, pctOfTransfer: 100 }); // copy lies under k2
    expect(s.sumOfPartsMs).toBe(310); // gpu1 200 + gpu2 100 + cpu1 10
    expect(s.parallelism).toBeCloseTo(310 / 300, 12);
    expect(s.lanes.map((l) => [l.name, l.ops, l.busyMs, l.idleMs])).toEqual([
      ['gpu1', 2, 200, 100],
      ['gpu2', 1, 100, 200],
      ['cpu1', 1, 10, 290],
    ]);
    // Back from k3 [400,420): its deps submit (ended 290) and k2 (300, also its lane's op before):
    // k2, which is first. 420 − 120 = 300 = compute 180 + 20, gap 400 − 300 = 100.
    expect(s.criticalPath.lengthMs).toBe(300);
    expect(s.criticalPath.byKind).toEqual({ compute: 200, transfer: 0, cpu: 0, sync: 0, other: 0, gap: 100 });
    expect(s.criticalPath.path.map((p) => [p.id, p.name, p.startMs, p.durMs, p.contributionMs, p.gapMs])).toEqual([
      [0, 'k2', 120, 180, 180, 0],
      [3, 'k3', 400, 20, 20, 100],
    ]);
    // Work: no waits in it, so the same 310 / 300; gpu1 and gpu2 both busy in [150,250) = 100.
    expect(s.work.sumOfPartsMs).toBe(310);
    expect(s.concurrency.gpuMs).toBe(100);
    expect(s.phases).toEqual([{ name: 'all', wallMs: 300, minMs: 300, maxMs: 300, runsMs: [300] }]);
  });

  it('treats the window as half-open, and zero-length ops as points in it', () => {
    const t = scenario([
      ['gpu1', 'before', 'compute', 0, 10], // ends exactly at the window's start: out
      ['gpu1', 'at-start', 'sync', 10, 0], // zero-length at the start: in
      ['gpu1', 'inside', 'compute', 12, 3],
      ['gpu1', 'at-end', 'sync', 20, 0], // zero-length at the end: out
      ['gpu1', 'after', 'compute', 20, 5], // starts exactly at the end: out
    ]);
    const c = clipTrace(t, { start: 10, end: 20 });
    expect(c.ops.map((o) => [o.name, o.start, o.dur])).toEqual([
      ['at-start', 10, 0],
      ['inside', 12, 3],
    ]);
  });

  it('accepts a reversed window and widens a fractional one to whole ns', () => {
    const t = scenario([['gpu1', 'k', 'compute', 0, 100]]);
    expect(clipTrace(t, { start: 60.4, end: 20.7 }).ops.map((o) => [o.start, o.dur])).toEqual([[20, 41]]); // [20, 61)
  });

  it('returns an empty trace for a window with nothing in it, and stats that stay finite', () => {
    const c = clipTrace(fixture(), { start: 320 * MS, end: 380 * MS });
    expect(c.ops).toEqual([]);
    expect(c.deps).toEqual([]);
    const s = computeStats(c, SOURCE);
    expect(s.spanMs).toBe(0);
    expect(s.criticalPath).toEqual({ lengthMs: 0, ops: 0, byKind: { compute: 0, transfer: 0, cpu: 0, sync: 0, other: 0, gap: 0 }, path: [] });
  });

  it('drops dependencies that point at ops that do not exist', () => {
    const t = scenario(
      [
        ['gpu1', 'a', 'compute', 0, 10],
        ['gpu1', 'b', 'compute', 10, 10],
      ],
      [[0, 1]],
    );
    const broken: Trace = { ...t, deps: [...t.deps, { from: 0, to: 7, kind: 'data' }, { from: 0.5, to: 1, kind: 'data' }] };
    expect(clipTrace(broken, { start: 0, end: 20 }).deps).toEqual([{ from: 0, to: 1, kind: 'data' }]);
  });

  it('leaves the input untouched', () => {
    const t = fixture();
    const before = JSON.stringify(t);
    clipTrace(t, { start: 120 * MS, end: 420 * MS });
    expect(JSON.stringify(t)).toBe(before);
  });
});
