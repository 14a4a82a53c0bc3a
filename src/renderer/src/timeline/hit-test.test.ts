import { describe, expect, it } from 'vitest';
import type { Trace } from '@core/model.js';
import { scenario } from '@core/testing/scenario';
import { hitTest } from './hit-test.js';
import { buildTimelineIndex } from './lane-index.js';
import { barMiddle, buildLayout } from './layout.js';
import type { View } from './viewport.js';

function setup(trace: Trace) {
  const index = buildTimelineIndex(trace);
  const layout = buildLayout(trace.processes, index.lanes, index.laneDepths);
  const view: View = { start: 0, end: 1000, width: 1000 }; // 1 ns per px
  const at = (x: number, lane: number, depth = 0, v: View = view): number | undefined => hitTest(index, layout, v, x, barMiddle(layout.laneRows[lane]!, depth));
  return { index, layout, view, at };
}

describe('hitTest', () => {
  const t = scenario([
    ['gpu1', 'a', 'compute', 100, 100], // 0: [100,200)
    ['gpu1', 'b', 'transfer', 300, 100], // 1: [300,400)
    ['gpu1', 'c', 'compute', 400, 100], // 2: [400,500), touches b
    ['gpu1', 'zero', 'sync', 700, 0], // 3: zero length
    ['gpu2', 'd', 'compute', 100, 100], // 4: same time, other lane
  ]);
  const { at, layout, index, view } = setup(t);

  it('returns the op under the pointer, on the right lane', () => {
    expect(at(150, 0)).toBe(0);
    expect(at(350, 0)).toBe(1);
    expect(at(450, 0)).toBe(2);
    expect(at(150, 1)).toBe(4);
  });

  it('returns undefined in a gap wider than the tolerance', () => {
    expect(at(250, 0)).toBeUndefined();
    expect(at(50, 0)).toBeUndefined();
    expect(at(600, 1)).toBeUndefined();
  });

  it('hits edges: start and end inclusive, a couple of pixels of tolerance, the later op at a shared boundary', () => {
    expect(at(100, 0)).toBe(0);
    expect(at(200, 0)).toBe(0);
    expect(at(98.5, 0)).toBe(0); // 1.5 px before
    expect(at(201.5, 0)).toBe(0); // 1.5 px after
    expect(at(203, 0)).toBeUndefined();
    expect(at(97, 0)).toBeUndefined();
    expect(at(400, 0)).toBe(2); // b ends where c starts: c
    expect(at(700, 0)).toBe(3); // a zero-length op
    expect(at(701, 0)).toBe(3);
  });

  it('misses outside the rows: header rows, lane padding, beyond the content', () => {
    const lane = layout.laneRows[0]!;
    expect(hitTest(index, layout, view, 150, 0)).toBeUndefined(); // the process header
    expect(hitTest(index, layout, view, 150, lane.top + 0.5)).toBeUndefined(); // padding above the bar
    expect(hitTest(index, layout, view, 150, layout.contentHeight + 5)).toBeUndefined();
    expect(hitTest(index, layout, view, -1, barMiddle(lane, 0))).toBeUndefined();
    expect(hitTest(index, layout, view, 1001, barMiddle(lane, 0))).toBeUndefined();
  });

  it('respects depth: a nested child in its sub-row, the parent in its own', () => {
    const nested = setup(
      scenario([
        ['cpu1', 'parent', 'cpu', 0, 1000], // 0
        ['cpu1', 'child', 'cpu', 100, 100], // 1
        ['cpu1', 'grandchild', 'cpu', 120, 10], // 2
      ]),
    );
    expect(nested.at(150, 0, 0)).toBe(0);
    expect(nested.at(150, 0, 1)).toBe(1);
    expect(nested.at(125, 0, 2)).toBe(2);
    expect(nested.at(500, 0, 1)).toBeUndefined(); // under the parent, no child there
    expect(nested.at(150, 0, 2)).toBeUndefined();
  });

  it('scales the tolerance with the zoom, and finds a narrow op among many when zoomed out', () => {
    const zoomedIn: View = { start: 150, end: 250, width: 1000 }; // 10 px per ns
    expect(at(501, 0, 0, zoomedIn)).toBe(0); // t = 200.1: 1 px past a's end
    expect(at(505, 0, 0, zoomedIn)).toBeUndefined(); // t = 200.5: 0.5 ns, but 5 px past
    const many = setup(scenario(Array.from({ length: 10_000 }, (_, i) => ['gpu1', `k${i}`, 'compute', i * 100, 10] as const)));
    const zoomedOut: View = { start: 0, end: 1_000_000, width: 1000 }; // 1000 ns per px
    expect(many.at(500, 0, 0, zoomedOut)).toBe(5000);
  });
});
