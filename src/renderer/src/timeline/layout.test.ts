import { describe, expect, it } from 'vitest';
import type { Lane } from '@core/model.js';
import { ns } from '@core/time.js';
import { scenario } from '@core/testing/scenario';
import {
  AXIS_H,
  BAR_H,
  COLLAPSED_H,
  COUNTER_H,
  PHASE_ROW_H,
  PROCESS_H,
  barMiddle,
  barTop,
  buildLayout,
  depthAt,
  laneHeight,
  maxScroll,
  rowAt,
  visibleRows,
} from './layout.js';

const LANE_H = laneHeight(1);

describe('buildLayout', () => {
  it('puts each process header above its lanes, in the trace lane order (GPU first, then the host)', () => {
    const t = scenario([
      ['cpu1', 'a', 'cpu', 0, 1],
      ['gpu1', 'b', 'compute', 0, 1],
      ['cpu2', 'c', 'cpu', 0, 1],
      ['gpu2', 'd', 'compute', 0, 1],
    ]);
    const l = buildLayout(t.processes, t.lanes, [1, 1, 1, 1]);
    expect(l.rows.map((r) => (r.kind === 'process' ? `[${r.name}]` : r.kind === 'lane' ? r.lane.name : `~${r.track.name}`))).toEqual([
      '[GPU 1]',
      'gpu1',
      '[GPU 2]',
      'gpu2',
      '[Host]',
      'cpu1',
      'cpu2',
    ]);
    expect(l.rows.map((r) => r.top)).toEqual([
      0,
      PROCESS_H,
      PROCESS_H + LANE_H,
      2 * PROCESS_H + LANE_H,
      2 * PROCESS_H + 2 * LANE_H,
      3 * PROCESS_H + 2 * LANE_H,
      3 * PROCESS_H + 3 * LANE_H,
    ]);
    expect(l.contentHeight).toBe(3 * PROCESS_H + 4 * LANE_H);
    expect(l.laneRows.map((r) => r.lane.name)).toEqual(['gpu1', 'gpu2', 'cpu1', 'cpu2']);
    expect(l.laneRows.map((r) => r.stripe)).toEqual([false, true, false, true]);
  });

  it('gives a collapsed process one summary row that stands for all its lanes', () => {
    const t = scenario([
      ['gpu1', 'b', 'compute', 0, 1],
      ['cpu1', 'a', 'cpu', 0, 1],
      ['cpu2', 'c', 'cpu', 0, 1],
    ]);
    const host = t.lanes.find((l) => l.name === 'cpu1')!.pid;
    const l = buildLayout(t.processes, t.lanes, [1, 2, 1], [], new Set([host]));
    expect(l.rows.map((r) => (r.kind === 'process' ? `[${r.name}${r.collapsed ? ' ▸' : ''}]` : r.kind === 'lane' ? r.lane.name : `~${r.track.name}`))).toEqual([
      '[GPU 1]',
      'gpu1',
      '[Host ▸]',
    ]);
    // Content: GPU header + its lane, then the collapsed host's one row.
    expect(l.contentHeight).toBe(PROCESS_H + LANE_H + COLLAPSED_H);
    const summary = l.rows[2]!;
    const [cpu1, cpu2] = [l.laneRows[1]!, l.laneRows[2]!];
    for (const r of [cpu1, cpu2]) {
      expect(r.hidden).toBe(true);
      expect(r.top).toBe(summary.top);
      // Every depth lands on the summary bar, centred in the row.
      expect(barTop(r, 0)).toBe(summary.top + (COLLAPSED_H - BAR_H) / 2);
      expect(barTop(r, 1)).toBe(barTop(r, 0));
      expect(barMiddle(r, 1)).toBe(barTop(r, 0) + BAR_H / 2);
    }
    expect(rowAt(l, summary.top + 1)).toBe(summary); // the pointer finds the header, not a hidden lane
  });

  it('keeps one header per process even when its lanes are not contiguous', () => {
    const lane = (pid: number, tid: number): Lane => ({ id: `${pid}:${tid}`, pid, tid, name: `t${pid}.${tid}`, kind: 'cpu', sortIndex: 0 });
    const l = buildLayout([{ pid: 1, name: 'P1', sortIndex: 0 }], [lane(1, 1), lane(2, 1), lane(1, 2)], [1, 1, 1]);
    expect(l.rows.map((r) => (r.kind === 'process' ? `[${r.name}]` : r.kind === 'lane' ? r.lane.name : `~${r.track.name}`))).toEqual([
      '[P1]',
      't1.1',
      't1.2',
      '[process 2]',
      't2.1',
    ]);
    expect(l.laneRows.map((r) => r.laneIndex)).toEqual([0, 1, 2]);
  });

  it('makes a lane as tall as its nesting depth', () => {
    const t = scenario([['cpu1', 'a', 'cpu', 0, 1]]);
    const l = buildLayout(t.processes, t.lanes, [3]);
    expect(l.laneRows[0]!.height).toBe(laneHeight(3));
    expect(laneHeight(3) - laneHeight(1)).toBe(2 * (laneHeight(2) - laneHeight(1)));
    expect(barMiddle(l.laneRows[0]!, 2) - barMiddle(l.laneRows[0]!, 0)).toBe(laneHeight(3) - laneHeight(1));
  });

  it('stacks overlapping phases in layers under the axis', () => {
    const t = scenario([['gpu1', 'a', 'compute', 0, 1]]);
    const phases = [
      { name: 'all', start: ns(0), end: ns(100) },
      { name: 'first', start: ns(0), end: ns(50) },
      { name: 'second', start: ns(50), end: ns(100) },
    ];
    const l = buildLayout(t.processes, t.lanes, [1], phases);
    expect(l.phaseLayers).toEqual([0, 1, 1]);
    expect(l.headerHeight).toBe(AXIS_H + 2 * PHASE_ROW_H);
    expect(buildLayout(t.processes, t.lanes, [1]).headerHeight).toBe(AXIS_H);
  });

  it('sizes the gutter to the names, within bounds', () => {
    const t = scenario([['gpu1', 'a', 'compute', 0, 1]]);
    expect(buildLayout(t.processes, t.lanes, [1]).gutterWidth).toBe(120);
    const long: Lane = { ...t.lanes[0]!, name: 'x'.repeat(200) };
    expect(buildLayout(t.processes, [long], [1]).gutterWidth).toBe(280);
  });
});

describe('y → row', () => {
  const t = scenario([
    ['gpu1', 'a', 'compute', 0, 1],
    ['cpu1', 'b', 'cpu', 0, 1],
  ]);
  const l = buildLayout(t.processes, t.lanes, [1, 2]);

  it('finds the row at each y, and none outside', () => {
    expect(rowAt(l, -1)).toBeUndefined();
    expect(rowAt(l, 0)).toMatchObject({ kind: 'process', name: 'GPU 1' });
    expect(rowAt(l, PROCESS_H - 0.01)).toMatchObject({ kind: 'process' });
    expect(rowAt(l, PROCESS_H)).toMatchObject({ kind: 'lane', laneIndex: 0 });
    expect(rowAt(l, PROCESS_H + LANE_H)).toMatchObject({ kind: 'process', name: 'Host' });
    expect(rowAt(l, l.contentHeight - 1)).toMatchObject({ kind: 'lane', laneIndex: 1 });
    expect(rowAt(l, l.contentHeight)).toBeUndefined();
  });

  it('finds the sub-row (depth) inside a lane, and none in its padding', () => {
    const row = l.laneRows[1]!;
    expect(depthAt(row, row.top)).toBeUndefined(); // top padding
    expect(depthAt(row, barTop(row, 0))).toBe(0);
    expect(depthAt(row, barMiddle(row, 1))).toBe(1);
    expect(depthAt(row, row.top + row.height - 0.5)).toBeUndefined(); // bottom padding
  });

  it('lists the rows in a y range and bounds the scroll', () => {
    expect(visibleRows(l, 0, 1)).toEqual({ first: 0, last: 0 });
    expect(visibleRows(l, PROCESS_H + 1, PROCESS_H + LANE_H + 1)).toEqual({ first: 1, last: 2 });
    expect(visibleRows(l, -50, 10_000)).toEqual({ first: 0, last: 3 });
    expect(visibleRows(l, l.contentHeight, l.contentHeight + 10).last).toBeLessThan(visibleRows(l, l.contentHeight, l.contentHeight + 10).first);
    expect(maxScroll(l, 10_000)).toBe(0);
    expect(maxScroll(l, l.headerHeight + 30)).toBe(l.contentHeight - 30);
  });
});

describe('buildLayout with counter tracks', () => {
  it('puts each counter under its process’s lanes, and gives a counter-only process a group', () => {
    const t = scenario([['gpu1', 'b', 'compute', 0, 1]]);
    const gpuPid = t.lanes[0]!.pid;
    const track = (pid: number, name: string) => ({ id: `${pid}:${name}`, pid, name, event: { name }, series: [{ name: 'v', ts: [ns(0)], values: [1] }] });
    const l = buildLayout(t.processes, t.lanes, [1], [], new Set(), [track(gpuPid, 'clock MHz'), track(99, 'fps')]);
    expect(l.rows.map((r) => (r.kind === 'process' ? `[${r.name}]` : r.kind === 'lane' ? r.lane.name : `~${r.track.name}`))).toEqual([
      '[GPU 1]',
      'gpu1',
      '~clock MHz',
      '[process 99]',
      '~fps',
    ]);
    expect(l.contentHeight).toBe(2 * PROCESS_H + LANE_H + 2 * COUNTER_H);
    // A collapsed process hides its counters with its lanes.
    const c = buildLayout(t.processes, t.lanes, [1], [], new Set([gpuPid]), [track(gpuPid, 'clock MHz')]);
    expect(c.rows.filter((r) => r.kind === 'counter')).toEqual([]);
  });
});
