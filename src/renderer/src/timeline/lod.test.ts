import { describe, expect, it } from 'vitest';
import { OP_KINDS } from '@core/model.js';
import { ns } from '@core/time.js';
import { scenario } from '@core/testing/scenario';
import type { RectBuffer } from './buffers.js';
import { buildTimelineIndex, type TimelineIndex } from './lane-index.js';
import { BAR_H, barTop, buildLayout, type TimelineLayout } from './layout.js';
import { collectLod, createLodFrame, type LodFrame } from './lod.js';
import { OWN_RECT_MIN_PX } from '@core/timeline/lod.js';
import { bigLaneTrace, manyOpsTrace } from '../testing/test-traces.js';
import type { View } from './viewport.js';
import { nameColorIndex, nameColors } from './name-colors.js';

const ORIGIN = 40; // canvas y of content y 0

function setup(trace: Parameters<typeof buildTimelineIndex>[0]): { index: TimelineIndex; layout: TimelineLayout; frame: LodFrame } {
  const index = buildTimelineIndex(trace);
  return { index, layout: buildLayout(trace.processes, index.lanes, index.laneDepths), frame: createLodFrame() };
}

function run(s: ReturnType<typeof setup>, view: View): number {
  return collectLod({ index: s.index, layout: s.layout, view, originY: ORIGIN, clipTop: ORIGIN, clipBottom: 10_000 }, s.frame);
}

function rects(buf: RectBuffer): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < buf.count; i++) out.push([buf.data[i * 4]!, buf.data[i * 4 + 1]!, buf.data[i * 4 + 2]!, buf.data[i * 4 + 3]!]);
  return out;
}

/**
 * The merged runs by brute force: every sub-pixel op marks the columns it covers, per kind;
 * runs of adjacent marked columns are the expected rects (x, width).
 */
function naiveMergedRuns(index: TimelineIndex, view: View, kind: number): [number, number][] {
  const scale = view.width / (view.end - view.start);
  const cols = Math.ceil(view.width);
  const cover = new Uint8Array(cols);
  for (let id = 0; id < index.opCount; id++) {
    if (index.opKind[id] !== kind) continue;
    const s = index.opStart[id]!;
    const e = index.opEnd[id]!;
    if (e < view.start || s > view.end) continue;
    const x0 = (s - view.start) * scale;
    const x1 = (e - view.start) * scale;
    if (x1 - x0 >= OWN_RECT_MIN_PX) continue;
    let c0 = Math.max(0, Math.floor(x0));
    let c1 = Math.max(c0, Math.ceil(x1) - 1);
    c1 = Math.min(c1, cols - 1);
    c0 = Math.min(c0, c1);
    for (let c = c0; c <= c1; c++) cover[c] = 1;
  }
  const runs: [number, number][] = [];
  for (let c = 0; c < cols;) {
    if (!cover[c]) {
      c++;
      continue;
    }
    let d = c;
    while (d < cols && cover[d]) d++;
    runs.push([c, d - c]);
    c = d;
  }
  return runs;
}

describe('collectLod', () => {
  it('bounds a 200,000-op lane at 1000 px to at most about 2 × 1000 rects per kind, and merges exactly', () => {
    // Irregular gaps (some wider than a pixel) and two kinds in irregular runs.
    let seed = 7;
    const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let t = 0;
    const trace = bigLaneTrace(200_000, () => {
      const start = t;
      const dur = 1 + Math.floor(rand() * 40);
      t += dur + (rand() < 0.02 ? Math.floor(rand() * 20_000) : Math.floor(rand() * 30));
      return [start, dur, rand() < 0.8 ? 'compute' : 'transfer'];
    });
    const s = setup(trace);
    const view: View = { start: 0, end: t, width: 1000 };
    const total = run(s, view);
    OP_KINDS.forEach((_, k) => {
      expect(s.frame.merged[k]!.count + s.frame.own[k]!.count).toBeLessThanOrEqual(2 * 1000);
      const got = rects(s.frame.merged[k]!).map(([x, , w]) => [x, w]);
      expect(got).toEqual(naiveMergedRuns(s.index, view, k));
    });
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(4000);
  });

  it('merges identically with and without skipping, at every zoom (skipping is only a shortcut)', () => {
    const trace = manyOpsTrace(1, 20_000, false);
    const s = setup(trace);
    const end = s.index.extent.end;
    for (const [start, span] of [
      [0, end],
      [end / 3, end / 50],
      [end / 2, end / 2000],
      [1234.5, 777.25],
    ] as const) {
      const view: View = { start, end: start + span, width: 997 };
      run(s, view);
      OP_KINDS.forEach((_, k) => expect(rects(s.frame.merged[k]!).map(([x, , w]) => [x, w])).toEqual(naiveMergedRuns(s.index, view, k)));
    }
  });

  it('gives each op its own exact rect once ops are wider than a pixel', () => {
    const trace = scenario([
      ['gpu1', 'a', 'compute', 1000, 100],
      ['gpu1', 'b', 'compute', 1200, 100],
      ['gpu1', 'c', 'transfer', 1300, 50],
      ['gpu1', 'far', 'compute', 90_000, 100], // outside the view
    ]);
    const s = setup(trace);
    run(s, { start: 1000, end: 11_000, width: 1000 }); // 10 ns per px: ops are 10 and 5 px wide
    const y = ORIGIN + barTop(s.layout.laneRows[0]!, 0);
    expect(rects(s.frame.own[0]!)).toEqual([
      [0, y, 10, BAR_H],
      [20, y, 10, BAR_H],
    ]);
    expect(rects(s.frame.own[1]!)).toEqual([[30, y, 5, BAR_H]]);
    expect(s.frame.merged.every((b) => b.count === 0)).toBe(true);
  });

  it('draws nested ops in their sub-row', () => {
    const trace = scenario([
      ['cpu1', 'outer', 'cpu', 0, 1000],
      ['cpu1', 'inner', 'cpu', 100, 200],
    ]);
    const s = setup(trace);
    run(s, { start: 0, end: 1000, width: 1000 });
    const row = s.layout.laneRows[0]!;
    expect(rects(s.frame.own[2]!)).toEqual([
      [0, ORIGIN + barTop(row, 0), 1000, BAR_H],
      [100, ORIGIN + barTop(row, 1), 200, BAR_H],
    ]);
  });

  it('splits the bar into one band per merged kind of the lane, so no kind hides another', () => {
    const trace = scenario([
      ['gpu1', 'k', 'compute', 0, 1],
      ['gpu1', 'c', 'transfer', 1, 1],
    ]);
    const s = setup(trace);
    run(s, { start: 0, end: 10_000, width: 100 });
    const y = ORIGIN + barTop(s.layout.laneRows[0]!, 0);
    expect(rects(s.frame.merged[0]!)).toEqual([[0, y, 1, BAR_H / 2]]);
    expect(rects(s.frame.merged[1]!)).toEqual([[0, y + BAR_H / 2, 1, BAR_H / 2]]);
  });

  it('labels only ops wide enough for a name, clipped to the canvas', () => {
    const trace = scenario([
      ['gpu1', 'wide', 'compute', 0, 500],
      ['gpu1', 'narrow', 'compute', 600, 10],
    ]);
    const s = setup(trace);
    run(s, { start: 100, end: 1100, width: 1000 });
    expect(s.frame.labels.count).toBe(1);
    expect(s.frame.labels.ids[0]).toBe(0);
    expect([...s.frame.labels.geom.subarray(0, 3)].map((v, i) => (i === 1 ? 0 : v))).toEqual([0, 0, 400]);
  });

  it('skips rows scrolled out of view', () => {
    const trace = scenario([
      ['gpu1', 'a', 'compute', 0, 100],
      ['gpu2', 'b', 'compute', 0, 100],
    ]);
    const s = setup(trace);
    const row2 = s.layout.laneRows[1]!;
    // Scrolled so that only gpu2's row is below the header.
    const originY = ORIGIN - row2.top;
    collectLod({ index: s.index, layout: s.layout, view: { start: 0, end: 100, width: 100 }, originY, clipTop: ORIGIN, clipBottom: 500 }, s.frame);
    expect(s.frame.own[0]!.count).toBe(1);
    expect(s.frame.own[0]!.data[1]).toBe(originY + barTop(row2, 0));
  });

  it('draws one instant marker per pixel column', () => {
    const trace = scenario([['gpu1', 'a', 'compute', 0, 1000]]);
    const s = setup({
      ...trace,
      instants: [
        { name: 'i1', ts: ns(100), laneId: '1:1' },
        { name: 'i2', ts: ns(101), laneId: '1:1' }, // same column as i1 at 10 ns/px
        { name: 'i3', ts: ns(500), laneId: '1:1' },
        { name: 'g', ts: ns(700) },
      ],
    });
    run(s, { start: 0, end: 1000, width: 100 });
    expect(s.frame.instants.count).toBe(2);
    expect(s.frame.instants.data[0]).toBe(10);
    expect(s.frame.instants.data[2]).toBe(50);
    expect(s.frame.globalInstants.count).toBe(1);
    expect(s.frame.globalInstants.data[0]).toBe(70);
  });
});

describe('collectLod on a collapsed process', () => {
  it('draws the top-level ops of all its lanes in its summary bar, without labels, and no nested ones', () => {
    // Host: two threads; thread 1 has a parent 0–400 with a child 100–200 nested in it; thread 2
    // one op 500–900. View: 0–1000 ns over 1000 px, so each op is wide enough for its own rect.
    const t = scenario([
      ['cpu1', 'parent', 'cpu', 0, 400],
      ['cpu1', 'child', 'cpu', 100, 100],
      ['cpu2', 'other', 'compute', 500, 400],
    ]);
    const index = buildTimelineIndex(t);
    const layout = buildLayout(t.processes, index.lanes, index.laneDepths, [], new Set([t.lanes[0]!.pid]));
    const frame = createLodFrame();
    collectLod({ index, layout, view: { start: ns(0), end: ns(1000), width: 1000 }, originY: ORIGIN, clipTop: ORIGIN, clipBottom: 10_000 }, frame);
    const summary = layout.rows[0]!;
    expect(summary.kind === 'process' && summary.collapsed).toBe(true);
    const cpu = rects(frame.own[OP_KINDS.indexOf('cpu')]!);
    const compute = rects(frame.own[OP_KINDS.indexOf('compute')]!);
    // Two kinds in the summary: each gets half the bar, cpu first (OP_KINDS order).
    const top = ORIGIN + barTop(layout.laneRows[0]!, 0);
    expect(cpu).toEqual([[0, top, 400, BAR_H]]); // the parent only: the child is nested under it
    expect(compute).toEqual([[500, top, 400, BAR_H]]);
    expect(frame.labels.count).toBe(0);
  });
});

describe('collectLod coloured by name', () => {
  it('puts each wide op in its name colour, and a merged run in the colour of the op that opened it', () => {
    // One lane, view 0–1000 ns over 100 px (10 ns per px): 'wide a' 0–500 (50 px, own rect);
    // then 'x1' 600–602 and 'y' 603–605 under a pixel each, in one column run (60–60).
    const t = scenario([
      ['cpu', 'wide a', 'cpu', 0, 500],
      ['cpu', 'x1', 'cpu', 600, 2],
      ['cpu', 'y', 'cpu', 603, 2],
    ]);
    const index = buildTimelineIndex(t);
    const layout = buildLayout(t.processes, index.lanes, index.laneDepths);
    const frame = createLodFrame();
    const colors = nameColors(t);
    const n = collectLod(
      { index, layout, view: { start: ns(0), end: ns(1000), width: 100 }, originY: ORIGIN, clipTop: ORIGIN, clipBottom: 10_000, nameColors: colors },
      frame,
    );
    expect(n).toBe(2);
    // Nothing by kind.
    expect(frame.own.reduce((s, b) => s + b.count, 0) + frame.merged.reduce((s, b) => s + b.count, 0)).toBe(0);
    expect(rects(frame.ownByName[nameColorIndex('wide a')]!)).toHaveLength(1);
    expect(rects(frame.mergedByName[nameColorIndex('x1')]!)).toHaveLength(1); // opened by 'x1'
  });
});
