import { describe, expect, it } from 'vitest';
import type { Trace } from '@core/model.js';
import { scenario } from '@core/testing/scenario';
import { buildArrowIndex, createArrowFrame } from './arrows.js';
import { hitTest } from './hit-test.js';
import { buildTimelineIndex } from './lane-index.js';
import { barMiddle, buildLayout, laneHeight, maxScroll, PROCESS_H, rowAt, type LayoutOptions, type Row } from './layout.js';
import { origins, PINNED_MAX_SHARE, pinnedFrame, placeAt, placedOpBox } from './pinned-area.js';
import { buildCrossArrowIndex, collectCrossArrows } from './pinned-arrows.js';
import type { View } from './viewport.js';

// Four GPU queues and two host threads, one op each; gpu3's op has a child (depth 2).
const trace: Trace = scenario(
  [
    ['gpu1', 'a', 'compute', 100, 100], // 0
    ['gpu2', 'b', 'compute', 100, 100], // 1
    ['gpu3', 'c', 'compute', 100, 400], // 2
    ['gpu3', 'c.child', 'compute', 200, 100], // 3: nested in c
    ['gpu4', 'd', 'compute', 100, 100], // 4
    ['cpu1', 'e', 'cpu', 0, 50], // 5
    ['cpu2', 'f', 'cpu', 0, 50], // 6
  ],
  [
    [5, 3], // host thread → the nested op on gpu3
    [0, 1], // gpu1 → gpu2
  ],
);
const index = buildTimelineIndex(trace);
const laneOf = (name: string): number => index.lanes.findIndex((l) => l.name === name);
const view: View = { start: 0, end: 1000, width: 1000 };
const layoutWith = (options: LayoutOptions, collapsed: ReadonlySet<number> = new Set()) =>
  buildLayout(trace.processes, index.lanes, index.laneDepths, [], collapsed, [], options);

describe('pinned lanes in the layout', () => {
  it('moves pinned lanes out of the scrolling rows into the pinned layout, in pin order, and back when unpinned', () => {
    const gpu3 = laneOf('gpu3');
    const cpu2 = laneOf('cpu2');
    const l = layoutWith({ pinned: [cpu2, gpu3] });
    const names = (rows: readonly Row[]) => rows.map((r) => (r.kind === 'lane' ? r.lane.name : r.kind));
    expect(names(l.rows)).not.toContain('gpu3');
    expect(names(l.rows)).not.toContain('cpu2');
    expect(l.laneRows[gpu3]).toBeUndefined();
    expect(names(l.pinned!.rows)).toEqual(['cpu2', 'gpu3']);
    expect(l.pinned!.rows.map((r) => r.top)).toEqual([0, laneHeight(1)]);
    expect(l.pinned!.contentHeight).toBe(laneHeight(1) + laneHeight(2));
    expect(l.pinned!.laneRows[gpu3]).toMatchObject({ pinned: true, depths: 2 });
    expect(l.pinned!.laneRows[laneOf('gpu1')]).toBeUndefined();
    // The scrolling rows close up: less content by exactly the pinned rows.
    const none = layoutWith({});
    expect(none.pinned).toBeUndefined();
    expect(l.contentHeight).toBe(none.contentHeight - l.pinned!.contentHeight);
    // Unknown lanes and repeats are ignored.
    expect(layoutWith({ pinned: [gpu3, gpu3, 99, -1] }).pinned!.rows).toHaveLength(1);
  });

  it('keeps a pinned lane of a collapsed process in the pinned area (and in the summary)', () => {
    const host = index.lanes[laneOf('cpu1')]!.pid;
    const l = layoutWith({ pinned: [laneOf('cpu1')] }, new Set([host]));
    expect(l.pinned!.rows).toHaveLength(1);
    expect(l.pinned!.laneRows[laneOf('cpu1')]!.hidden).toBeUndefined();
    expect(l.laneRows[laneOf('cpu1')]).toMatchObject({ hidden: true, pinned: true });
  });
});

describe('the pinned area on the canvas', () => {
  const gpu3 = laneOf('gpu3');
  const l = layoutWith({ pinned: [gpu3] });
  const H = l.headerHeight;

  it('sits under the header, as tall as its rows when they fit, and moves the scrolling rows down', () => {
    const f = pinnedFrame(l, 600);
    expect(f.top).toBe(H);
    expect(f.height).toBe(laneHeight(2));
    expect(f.main.headerHeight).toBe(H + laneHeight(2));
    expect(f.maxPinnedScroll).toBe(0);
    expect(pinnedFrame(layoutWith({}), 600)).toMatchObject({ height: 0, pinned: undefined, maxPinnedScroll: 0 });
  });

  it('takes at most its share of the rows’ height, and then scrolls by itself', () => {
    const canvas = H + 50;
    const f = pinnedFrame(l, canvas);
    expect(f.height).toBe(Math.floor(50 * PINNED_MAX_SHARE));
    expect(f.maxPinnedScroll).toBe(laneHeight(2) - f.height);
    // The rows scroll in what is left below it.
    expect(maxScroll(f.main, canvas)).toBe(Math.max(0, l.contentHeight - (canvas - f.main.headerHeight)));
  });

  it('says which layout a canvas y is in, at any scroll of either', () => {
    const f = pinnedFrame(l, 600);
    expect(placeAt(f, H - 1, 0, 0)).toBeUndefined(); // the header
    expect(placeAt(f, H + 3, 40, 0)).toMatchObject({ area: 'pinned', contentY: 3 }); // the rows' scroll does not move it
    expect(placeAt(f, H + f.height, 40, 0)).toMatchObject({ area: 'rows', contentY: 40 });
    expect(placeAt(f, H + f.height + 10, 0, 0)).toMatchObject({ area: 'rows', contentY: 10 });
    expect(origins(f, 40, 0)).toEqual({ pinned: H, rows: H + f.height - 40 });
  });

  it('hit-tests ops in the pinned area (both depths) and in the rows, scrolled or not', () => {
    const f = pinnedFrame(l, 600);
    const hitAt = (x: number, y: number, scrollY: number) => {
      const at = placeAt(f, y, scrollY, 0);
      return at && hitTest(index, at.layout, view, x, at.contentY);
    };
    const row = f.pinned!.laneRows[gpu3]!;
    for (const scrollY of [0, 30]) {
      expect(hitAt(150, H + barMiddle(row, 0), scrollY)).toBe(2);
      expect(hitAt(250, H + barMiddle(row, 1), scrollY)).toBe(3);
    }
    const gpu1 = f.main.laneRows[laneOf('gpu1')]!;
    expect(hitAt(150, f.main.headerHeight + barMiddle(gpu1, 0), 0)).toBe(0);
    // Scrolled past, gpu1's row is under the pinned area: where its bar would be, the pinned lane is hit.
    const scrolled = gpu1.top + gpu1.height;
    const y = f.main.headerHeight - scrolled + barMiddle(gpu1, 0);
    expect(placeAt(f, y, scrolled, 0)?.area).toBe('pinned');
    expect(hitAt(150, y, scrolled)).not.toBe(0);
  });

  it('places an op’s box in the area that shows it, and none for a row scrolled under the pinned area', () => {
    const f = pinnedFrame(l, 600);
    expect(placedOpBox(index, f, view, 0, 0, 3)!.y).toBeGreaterThanOrEqual(H);
    expect(placedOpBox(index, f, view, 0, 0, 3)!.y).toBeLessThan(H + f.height);
    const gpu1 = f.main.laneRows[laneOf('gpu1')]!;
    expect(placedOpBox(index, f, view, 0, 0, 0)!.y).toBeGreaterThanOrEqual(f.main.headerHeight);
    expect(placedOpBox(index, f, view, gpu1.top + gpu1.height, 0, 0)).toBeUndefined();
  });

  it('collects the arrows between the two areas (the selection’s), and none within one area', () => {
    const f = pinnedFrame(l, 600);
    const arrows = buildArrowIndex(trace, index);
    const out = createArrowFrame();
    const input = { index, arrows, frame: f, view, scrollY: 0, pinnedScroll: 0, height: 600 };
    expect(collectCrossArrows({ ...input, selected: 3 }, out)).toBe(1); // cpu1 → gpu3's child
    const d = out.selected.data;
    const cpu1 = f.main.laneRows[laneOf('cpu1')]!;
    expect(d[1]).toBe(f.main.headerHeight + barMiddle(cpu1, 0)); // from the host thread in the rows
    expect(d[3]).toBe(H + barMiddle(f.pinned!.laneRows[gpu3]!, 1)); // to depth 1 in the pinned area
    expect(collectCrossArrows({ ...input, selected: 0 }, out)).toBe(0); // gpu1 → gpu2: both in the rows
    // The host thread scrolled under the pinned area: that end is not shown, nor is the arrow.
    expect(collectCrossArrows({ ...input, selected: 3, scrollY: cpu1.top + cpu1.height }, out)).toBe(0);
  });

  it('with every arrow shown, finds the cross arrows in view from an index of only them', () => {
    const f = pinnedFrame(l, 600);
    const arrows = buildArrowIndex(trace, index);
    const cross = buildCrossArrowIndex(arrows, index, [gpu3]);
    expect([...cross.ids].map((a) => [arrows.from[a], arrows.to[a]])).toEqual([[5, 3]]); // not gpu1 → gpu2
    const out = createArrowFrame();
    const input = { index, arrows, cross, frame: f, scrollY: 0, pinnedScroll: 0, height: 600, all: true };
    expect(collectCrossArrows({ ...input, view }, out)).toBe(1);
    expect(out.normal.count).toBe(1);
    // A window after both ends: none in view.
    expect(collectCrossArrows({ ...input, view: { start: 600, end: 1000, width: 1000 } }, out)).toBe(0);
    expect(buildCrossArrowIndex(arrows, index, []).ids).toHaveLength(0);
  });
});

describe('row heights', () => {
  it('sets every lane’s pitch and bar height from the setting, a taller lane above it, and hit-tests every depth at each', () => {
    const gpu3 = laneOf('gpu3');
    const heights = (['compact', 'normal', 'tall'] as const).map((density) => {
      const l = layoutWith({ density });
      const row = l.laneRows[gpu3]!;
      expect(row.height).toBe(laneHeight(2, row.pitch));
      expect(row.barH).toBeLessThanOrEqual(row.pitch);
      for (const [depth, x, id] of [
        [0, 150, 2],
        [1, 250, 3],
      ] as const) {
        expect(hitTest(index, l, view, x, barMiddle(row, depth))).toBe(id);
        expect(rowAt(l, barMiddle(row, depth))).toBe(row);
      }
      const taller = layoutWith({ density, taller: new Set([gpu3]) }).laneRows[gpu3]!;
      expect(taller.taller).toBe(true);
      expect(taller.pitch).toBeGreaterThan(row.pitch);
      expect(hitTest(index, layoutWith({ density, taller: new Set([gpu3]) }), view, 250, barMiddle(taller, 1))).toBe(3);
      return row.height;
    });
    expect(heights[0]).toBeLessThan(heights[1]!);
    expect(heights[1]).toBeLessThan(heights[2]!);
    // Process headers keep their height: only lanes change.
    expect(layoutWith({ density: 'tall' }).rows[0]!.height).toBe(PROCESS_H);
  });
});
