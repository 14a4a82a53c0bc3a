/**
 * The analyses that take an `Alloc` give the same answers from fresh arrays, from a Scratch (one
 * roomy, one so small that it runs out part-way), and from an allocator that overwrites every
 * array given back with 0xff bytes: an analysis still reading an array after giving it back, or
 * returning one, would show it as NaN or 4294967295 in its answer.
 */
import { describe, expect, it } from 'vitest';
import type { OpKind, Trace } from '../model.js';
import { scenario } from '../testing/scenario.js';
import { argsortByKey } from './argsort.js';
import { criticalPath } from './critical-path.js';
import { indexDeps } from './dep-index.js';
import { laneOrder } from './lane-order.js';
import { opTables } from './op-table.js';
import { FRESH, Scratch, type Alloc } from './scratch.js';
import { slack } from './slack.js';
import { computeStats, statsScratchBytes } from './stats.js';
import { indexTrace } from './trace-index.js';
import { laneRuns, WORK_KINDS } from './work-runs.js';

/** Every array fresh; on release, the arrays handed out since the mark are overwritten with 0xff. */
class Poisoning implements Alloc {
  private readonly handed: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }[] = [];
  private keep<T extends { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }>(a: T): T {
    this.handed.push(a);
    return a;
  }
  f64 = (n: number) => this.keep(new Float64Array(n));
  u32 = (n: number) => this.keep(new Uint32Array(n));
  i32 = (n: number) => this.keep(new Int32Array(n));
  u8 = (n: number) => this.keep(new Uint8Array(n));
  mark = () => this.handed.length;
  release = (m: number) => {
    for (const a of this.handed.splice(m)) new Uint8Array(a.buffer, a.byteOffset, a.byteLength).fill(0xff);
  };
  get outstanding(): number {
    return this.handed.length;
  }
}

/** 240 ops on 3 GPU queues and 2 CPU threads, starts out of id order, overlaps, forward and backward data edges. */
function mixedTrace(): Trace {
  let seed = 12345;
  const rand = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % k;
  };
  const lanes = ['q0', 'q1', 'q2', 'cpu a', 'cpu b'];
  const kinds: OpKind[] = ['compute', 'transfer', 'sync', 'other'];
  const ops: [string, string, OpKind, number, number][] = [];
  for (let i = 0; i < 240; i++) {
    const lane = lanes[rand(lanes.length)]!;
    const kind = lane.startsWith('cpu') ? (rand(3) === 0 ? 'sync' : 'cpu') : kinds[rand(kinds.length)]!;
    ops.push([lane, `op_${rand(7)}`, kind, rand(5000), rand(4) === 0 ? 0 : 1 + rand(300)]);
  }
  const deps: [number, number][] = [];
  for (let k = 0; k < 150; k++) deps.push([rand(240), rand(240)]);
  return scenario(ops, deps);
}

function answers(t: Trace, alloc: Alloc) {
  const index = indexTrace(t, alloc);
  const byLane = laneOrder(index, alloc);
  const deps = indexDeps(t, alloc);
  return {
    order: [...index.order],
    byLane: [...byLane.ops],
    tables: opTables(t, index, alloc),
    runs: (({ laneRun, start, end, busyNs }) => ({ laneRun: [...laneRun], start: [...start], end: [...end], busyNs: [...busyNs] }))(
      laneRuns(index, byLane, WORK_KINDS, undefined, alloc),
    ),
    path: (({ ids, byKindNs, ...rest }) => ({ ...rest, ids: [...ids], byKindNs: [...byKindNs] }))(criticalPath(t, index, byLane, Infinity, deps, alloc)),
    slack: slack(t, index, byLane, deps, alloc),
  };
}

describe('analyses on scratch arrays', () => {
  const t = mixedTrace();
  const expected = answers(t, FRESH);

  it('the trace is the kind that exercises them: unsorted starts, a critical path and slack', () => {
    expect(expected.order).not.toEqual([...expected.order].sort((a, b) => a - b));
    expect(expected.path.ops).toBeGreaterThan(1);
    expect(expected.slack).toBeDefined();
  });

  it('same answers when every given-back array is overwritten', () => {
    const p = new Poisoning();
    expect(answers(t, p)).toEqual(expected);
    // What stays: the index (4 arrays + order), the lane order, the edges (3), the runs (2).
    expect(p.outstanding).toBe(11);
  });

  it('same answers from a roomy Scratch, reused a second time, and from one that runs out part-way', () => {
    const roomy = new Scratch(statsScratchBytes(t.ops.length, t.deps.length, true));
    expect(answers(t, roomy)).toEqual(expected);
    expect(roomy.used).toBeLessThanOrEqual(roomy.capacity);
    expect(answers(t, roomy)).toEqual(expected); // on top of the first answers' kept arrays: fresh past the end
    expect(answers(t, new Scratch(3000))).toEqual(expected);
  });

  it('the sizing covers every array the statistics ask for: none is made fresh past it', () => {
    const scratch = new Scratch(statsScratchBytes(t.ops.length, t.deps.length, true));
    const buffers = new Set<ArrayBufferLike>();
    const seen = <T extends { buffer: ArrayBufferLike }>(a: T): T => (buffers.add(a.buffer), a);
    const watched: Alloc = {
      f64: (n) => seen(scratch.f64(n)),
      u32: (n) => seen(scratch.u32(n)),
      i32: (n) => seen(scratch.i32(n)),
      u8: (n) => seen(scratch.u8(n)),
      mark: () => scratch.mark(),
      release: (m) => scratch.release(m),
    };
    expect(answers(t, watched)).toEqual(expected);
    expect(buffers.size).toBe(1); // a fresh array would bring a buffer of its own
  });

  it('argsort gives its buckets back and keeps the order', () => {
    const keys = Float64Array.from([5, 1, 4, 1, 3]);
    const p = new Poisoning();
    expect([...argsortByKey(keys, p)]).toEqual([1, 3, 4, 2, 0]);
    expect(p.outstanding).toBe(1);
  });

  it('computeStats gives the same stats with its own index as with one given', () => {
    const source = { file: 'x', format: 'chrome' as const, events: t.ops.length, warnings: 0, warningSamples: [] };
    expect(computeStats(t, source)).toEqual(computeStats(t, source, indexTrace(t)));
  });
});
