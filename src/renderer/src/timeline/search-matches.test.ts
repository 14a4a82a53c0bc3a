import { describe, expect, it } from 'vitest';
import type { Op, Trace } from '@core/model.js';
import { ns } from '@core/time.js';
import { scenario } from '@core/testing/scenario';
import { kindIndex } from '@core/vocabulary/op-kinds.js';
import { RectBuffer } from './buffers.js';
import { buildTimelineIndex } from './lane-index.js';
import { BAR_H, barTop, buildLayout } from './layout.js';
import { collectSearchRects } from './search-draw.js';
import { buildNameIndex, findMatches, nameMask, stepMatch } from './search-matches.js';
import { parseQuery } from './search-query.js';

const TRACE = scenario([
  ['gpu', 'read y[0]', 'transfer', 0, 10], // 0
  ['gpu', 'matmul', 'compute', 10, 10], // 1
  ['gpu', 'read y[1]', 'transfer', 20, 10], // 2
  ['cpu1', 'read y[0]', 'cpu', 5, 3], // 3
]);

function search(trace: Trace, text: string, kind?: number) {
  const index = buildTimelineIndex(trace);
  const names = buildNameIndex(trace, index);
  const q = parseQuery(text);
  if (q.kind !== 'ok') throw new Error(text);
  return { index, names, matches: findMatches(names, index, nameMask(names, q.test), kind) };
}

describe('search matches', () => {
  it('interns names once per trace and finds the matching ops in time order', () => {
    const { names, matches } = search(TRACE, 'read');
    expect(names.names).toEqual(['read y[0]', 'matmul', 'read y[1]']);
    expect([...names.nameOf]).toEqual([0, 1, 2, 0]);
    // starts: op 0 at 0, op 3 at 5, op 2 at 20
    expect(matches.count).toBe(3);
    expect([...matches.ids]).toEqual([0, 3, 2]);
    expect([...matches.rankOf]).toEqual([0, -1, 2, 1]);
  });

  it('keeps only one kind when asked (an op-table row is a name and a kind)', () => {
    const { matches } = search(TRACE, 'read y[0]', kindIndex('transfer'));
    expect([...matches.ids]).toEqual([0]);
  });

  it('steps to the next and previous match, wrapping around; from no match, from a time', () => {
    const { index, matches } = search(TRACE, 'read');
    expect(stepMatch(matches, index, 0, 1, 0)).toBe(3);
    expect(stepMatch(matches, index, 3, 1, 0)).toBe(2);
    expect(stepMatch(matches, index, 2, 1, 0)).toBe(0); // wraps
    expect(stepMatch(matches, index, 0, -1, 0)).toBe(2); // wraps back
    // Op 1 (matmul) is no match: from time 6 the next match starts at 20 (op 2), the previous at 5 (op 3).
    expect(stepMatch(matches, index, 1, 1, 6)).toBe(2);
    expect(stepMatch(matches, index, 1, -1, 6)).toBe(3);
    expect(stepMatch(matches, index, undefined, 1, 100)).toBe(0); // past the last: wraps to the first
    expect(stepMatch(matches, index, undefined, -1, 0)).toBe(2); // before the first: wraps to the last
    const none = search(TRACE, 'zzz');
    expect(stepMatch(none.matches, none.index, undefined, 1, 0)).toBeUndefined();
  });
});

describe('collectSearchRects', () => {
  it('outlines each match in view at its bar', () => {
    const { index, matches } = search(TRACE, 'read');
    const layout = buildLayout(TRACE.processes, index.lanes, index.laneDepths);
    const out = new RectBuffer();
    // [0, 40] ns on 400 px: 10 px per ns. op 0: x 0, w 100; op 2: x 200, w 100; op 3: x 50, w 30.
    const n = collectSearchRects({ index, layout, matches, view: { start: 0, end: 40, width: 400 }, originY: 0, clipTop: 0, clipBottom: 1000 }, out);
    expect(n).toBe(3);
    const rects = Array.from({ length: n }, (_, i) => [...out.data.subarray(i * 4, i * 4 + 4)]);
    const gpuY = barTop(layout.laneRows[0]!, 0);
    const cpuY = barTop(layout.laneRows[1]!, 0);
    expect(rects).toEqual([
      [0, gpuY, 100, BAR_H],
      [200, gpuY, 100, BAR_H],
      [50, cpuY, 30, BAR_H],
    ]);
    // Scrolled past [25, 40]: only op 2 (its part from 25) is in view: x −3 (clipped) to 50.
    expect(collectSearchRects({ index, layout, matches, view: { start: 25, end: 40, width: 150 }, originY: 0, clipTop: 0, clipBottom: 1000 }, out)).toBe(1);
    expect([...out.data.subarray(0, 4)]).toEqual([-3, gpuY, 53, BAR_H]);
  });

  it('outlines the matches of a collapsed process in its summary bar', () => {
    const { index, matches } = search(TRACE, 'read');
    const gpuPid = index.lanes[0]!.pid;
    const layout = buildLayout(TRACE.processes, index.lanes, index.laneDepths, [], new Set([gpuPid]));
    const out = new RectBuffer();
    // ops 0 and 2 (GPU, collapsed) in the summary bar, op 3 on the host lane: 10 px per ns as above.
    expect(collectSearchRects({ index, layout, matches, view: { start: 0, end: 40, width: 400 }, originY: 0, clipTop: 0, clipBottom: 1000 }, out)).toBe(3);
    const summaryY = barTop(layout.laneRows[0]!, 0);
    expect([...out.data.subarray(0, 8)]).toEqual([0, summaryY, 100, BAR_H, 200, summaryY, 100, BAR_H]);
  });

  it('1,000,000 matching ops on one lane, fitted in 1,000 px: one merged outline per run of columns, not per op', () => {
    const n = 1_000_000;
    const ops: Op[] = Array.from({ length: n }, (_, i) => ({
      id: i,
      laneId: '1:1',
      name: `read y[${i % 50}]`,
      kind: 'transfer',
      start: ns(i * 10),
      dur: ns(5),
    }));
    const trace: Trace = {
      processes: [{ pid: 1, name: 'GPU', sortIndex: 0 }],
      lanes: [{ id: '1:1', pid: 1, tid: 1, name: 'q', kind: 'gpu', sortIndex: 0 }],
      ops,
      deps: [],
      phases: [],
    };
    const { index, matches } = search(trace, '/^read y\\[7\\]$/');
    expect(matches.count).toBe(n / 50);
    const layout = buildLayout(trace.processes, index.lanes, index.laneDepths);
    const out = new RectBuffer();
    // One match every 500 ns over 10^7 ns on 1000 px: 50 per column, every column covered → one run.
    expect(collectSearchRects({ index, layout, matches, view: { start: 0, end: n * 10, width: 1000 }, originY: 0, clipTop: 0, clipBottom: 1000 }, out)).toBe(1);
  });
});
