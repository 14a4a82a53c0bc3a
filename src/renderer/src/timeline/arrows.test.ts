import { describe, expect, it } from 'vitest';
import type { Dep, Trace } from '@core/model.js';
import { scenario } from '@core/testing/scenario';
import { ARROW_STRIDE, CRITICAL_KIND, arrowsOf, buildArrowIndex, collectArrows, createArrowFrame } from './arrows.js';
import { depKindIndex } from '@core/vocabulary/dep-kinds.js';
import type { RecordBuffer } from './buffers.js';
import { buildTimelineIndex } from './lane-index.js';
import { barMiddle, buildLayout } from './layout.js';
import { manyOpsTrace } from '../testing/test-traces.js';
import type { View } from './viewport.js';

const ORIGIN = 30;

function setup(trace: Trace) {
  const index = buildTimelineIndex(trace);
  const layout = buildLayout(trace.processes, index.lanes, index.laneDepths);
  const arrows = buildArrowIndex(trace, index);
  const frame = createArrowFrame();
  const run = (view: View, extra: { selected?: number; criticalPath?: readonly number[]; maxArrows?: number; clipBottom?: number } = {}): number =>
    collectArrows({ index, layout, arrows, view, originY: ORIGIN, clipTop: ORIGIN, clipBottom: extra.clipBottom ?? 2000, ...extra }, frame);
  return { index, layout, arrows, frame, run };
}

function records(buf: RecordBuffer): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < buf.count; i++) out.push([...buf.data.subarray(i * ARROW_STRIDE, (i + 1) * ARROW_STRIDE)]);
  return out;
}

const VIEW: View = { start: 0, end: 1000, width: 1000 };

describe('dependency arrows', () => {
  const t = scenario(
    [
      ['gpu1', 'a', 'compute', 100, 100], // 0: ends at 200
      ['gpu2', 'b', 'transfer', 300, 100], // 1: starts at 300
      ['gpu1', 'c', 'compute', 450, 50], // 2
    ],
    [
      [0, 1],
      [0, 2],
    ],
  );

  it('go from the end of the source op to the start of the target op', () => {
    const s = setup(t);
    expect(s.run(VIEW)).toBe(2);
    const yA = ORIGIN + barMiddle(s.layout.laneRows[0]!, 0);
    const yB = ORIGIN + barMiddle(s.layout.laneRows[1]!, 0);
    const k = depKindIndex('data');
    expect(records(s.frame.normal)).toEqual([
      [200, yA, 300, yB, k, 0], // between lanes
      [200, yA, 450, yA, k, 1], // on one sub-row
    ]);
  });

  it('are drawn only when an end is in the window or they cross it', () => {
    const s = setup(t);
    expect(s.run({ start: 210, end: 290, width: 80 })).toBe(2); // both cross the window
    expect(s.frame.crossing.count).toBe(2);
    expect(s.run({ start: 0, end: 150, width: 150 })).toBe(0); // before both arrows
    expect(s.run({ start: 460, end: 900, width: 440 })).toBe(0); // after both
    expect(s.run({ start: 250, end: 900, width: 650 })).toBe(2);
  });

  it('highlight the selected op arrows, apart from the others', () => {
    const s = setup(t);
    s.run(VIEW, { selected: 1 });
    expect(records(s.frame.selected).map((r) => r.slice(0, 4))).toEqual([
      [200, ORIGIN + barMiddle(s.layout.laneRows[0]!, 0), 300, ORIGIN + barMiddle(s.layout.laneRows[1]!, 0)],
    ]);
    expect(s.frame.normal.count).toBe(1); // a → c only
    s.run(VIEW, { selected: 0 });
    expect(s.frame.selected.count).toBe(2);
    expect(s.frame.normal.count).toBe(0);
  });

  it('draw the critical path step by step when given', () => {
    const s = setup(t);
    expect(s.run(VIEW, { criticalPath: [0, 2] })).toBe(3);
    expect(records(s.frame.critical)).toEqual([
      [200, ORIGIN + barMiddle(s.layout.laneRows[0]!, 0), 450, ORIGIN + barMiddle(s.layout.laneRows[0]!, 0), CRITICAL_KIND, 1],
    ]);
    s.run(VIEW, { criticalPath: [0, 99, 2] }); // an id that is not an op is skipped
    expect(s.frame.critical.count).toBe(0);
  });

  it('skip rows scrolled away, and arrows of no length on screen', () => {
    const s = setup(t);
    const bottom = ORIGIN + s.layout.laneRows[0]!.top - 1; // only the first header visible
    expect(s.run(VIEW, { clipBottom: bottom })).toBe(0);
    const zoomedOut = setup(
      scenario(
        [
          ['gpu1', 'a', 'compute', 0, 10],
          ['gpu1', 'b', 'compute', 10, 10],
        ],
        [[0, 1]],
      ),
    );
    expect(zoomedOut.run({ start: 0, end: 1e6, width: 1000 })).toBe(0); // a queue-order hop under a pixel
  });

  it('keep at most maxArrows, dropping those with both ends off-screen first', () => {
    // 3000 short arrows inside the view, 2000 long ones crossing it from before to after.
    // At 50 ns per px every arrow has pixels of its own.
    const ops: [string, string, 'compute', number, number][] = [];
    const deps: [number, number][] = [];
    for (let i = 0; i < 3000; i++) {
      ops.push(['gpu1', `s${i}`, 'compute', 1e6 + i * 100, 10], ['gpu2', `t${i}`, 'compute', 1e6 + i * 100 + 50, 10]);
      deps.push([2 * i, 2 * i + 1]);
    }
    for (let i = 0; i < 2000; i++) {
      const base = ops.length;
      ops.push(['gpu1', `early${i}`, 'compute', i * 100, 1], ['gpu2', `late${i}`, 'compute', 1.4e6 + i * 100, 1]);
      deps.push([base, base + 1]);
    }
    const s = setup(scenario(ops, deps));
    const view: View = { start: 1e6, end: 1.3e6, width: 6000 };
    expect(s.run(view, { maxArrows: 2500 })).toBe(2500);
    expect(s.frame.crossing.count).toBe(0);
    expect(s.run(view, { maxArrows: 4000 })).toBe(4000);
    expect(s.frame.normal.count).toBe(3000);
    expect(s.frame.crossing.count).toBe(1000);
    expect(s.run(view, { maxArrows: 10_000 })).toBe(5000);
    expect(s.run(view)).toBe(5000); // the default bound (10,000) keeps them all
  });

  it('draw arrows that land on the same pixels once', () => {
    // 100 launches from one CPU op into 100 tiny kernels: zoomed out they all coincide.
    const ops: [string, string, 'cpu' | 'compute', number, number][] = [['cpu1', 'launch', 'cpu', 0, 10]];
    const deps: [number, number][] = [];
    for (let i = 0; i < 100; i++) {
      ops.push(['gpu1', `k${i}`, 'compute', 20 + i, 1]);
      deps.push([0, i + 1]);
    }
    const s = setup(scenario(ops, deps));
    expect(s.run({ start: 0, end: 1e6, width: 1000 })).toBe(1);
    expect(s.run({ start: 0, end: 200, width: 1000 })).toBe(100); // 5 px apart: all
  });

  it('index dependencies both ways, dropping edges to missing ops and self-loops', () => {
    const bad: Dep[] = [...t.deps, { from: 0, to: 0, kind: 'data' }, { from: 1, to: 9, kind: 'host' }, { from: 2, to: 1, kind: 'launch' }];
    const s = setup({ ...t, deps: bad });
    expect(s.arrows.count).toBe(3);
    expect([...arrowsOf(s.arrows, 0, 'out')].map((a) => s.arrows.to[a])).toEqual([1, 2]);
    expect([...arrowsOf(s.arrows, 1, 'in')].map((a) => s.arrows.from[a])).toEqual([0, 2]);
    expect([...arrowsOf(s.arrows, 1, 'in')].map((a) => s.arrows.kind[a])).toEqual([depKindIndex('data'), depKindIndex('launch')]);
    expect(arrowsOf(s.arrows, 42, 'in').length).toBe(0);
  });

  it('at a million edges, draws none zoomed out (all under a pixel) and finds the few in view zoomed in', () => {
    // Speed is measured in bench/timeline-perf.ts, not here: this checks the skipping is correct.
    const s = setup(manyOpsTrace(8, 125_000)); // 999,992 queue-order edges
    const end = s.index.extent.end;
    expect(s.run({ start: 0, end, width: 1600 })).toBe(0);
    expect(s.run({ start: end / 2, end: end / 2 + 20_000, width: 1600 })).toBeGreaterThan(0);
  });
});
