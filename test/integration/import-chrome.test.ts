/** Chrome Trace Event importer, one fixture per edge case (test/fixtures/chrome/). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/host/trace-file.js';
import type { ImportResult } from '../../src/core/import/types.js';

const F = (name: string) => path.resolve(import.meta.dirname, '../fixtures/chrome', name);
const open = (name: string): Promise<ImportResult> => readTrace(F(name));
const names = (r: ImportResult) => r.trace.ops.map((o) => o.name);

describe('Chrome JSON import', () => {
  it('array form: names, µs with decimals → exact ns, start at 0', async () => {
    const r = await open('array-form.json');
    expect(r.source).toMatchObject({ format: 'chrome', events: 4, warnings: 0 });
    expect(r.trace.ops.map((o) => [o.name, o.start, o.dur])).toEqual([
      ['layout', 0, 20250],
      ['paint', 29500, 5000],
    ]);
    expect(r.trace.lanes).toEqual([{ id: '1:7', pid: 1, tid: 7, name: 'Main', kind: 'cpu', sortIndex: 7 }]);
    expect(r.trace.processes).toEqual([{ pid: 1, name: 'Renderer', sortIndex: 1 }]);
  });

  it('an array without its closing bracket (a crashed tracer) loads with every event', async () => {
    const r = await open('unterminated-array.json');
    expect(names(r)).toEqual(['a', 'b']);
    expect(r.source.warnings).toBe(0);
  });

  it('a trailing comma before ] is accepted', async () => {
    expect(names(await open('trailing-comma.json'))).toEqual(['a', 'b']);
  });

  it('an event cut off by the end of the file is dropped with a warning', async () => {
    const r = await open('cut-inside-event.json');
    expect(names(r)).toEqual(['a']);
    expect(r.source.warnings).toBe(1);
    expect(r.source.warningSamples[0]).toMatch(/cut off by the end of the file/);
  });

  it('B/E pairs match per thread, nest, and merge their args', async () => {
    const r = await open('begin-end.json');
    const byName = Object.fromEntries(r.trace.ops.map((o) => [o.name, o]));
    expect(byName['inner']).toMatchObject({ start: 2000, dur: 3000 });
    expect(byName['other thread']).toMatchObject({ start: 3000, dur: 1000 });
    expect(byName['outer']).toMatchObject({ start: 0, dur: 10000, args: { step: 1, result: 'ok' } });
    expect(r.source.warnings).toBe(0);
  });

  it('an E with no open B and a B never closed are skipped with warnings', async () => {
    const r = await open('unbalanced-end.json');
    expect(names(r)).toEqual(['kept']);
    expect(r.source.warnings).toBe(2);
    expect(r.source.warningSamples.join('\n')).toMatch(/unbalanced end/);
    expect(r.source.warningSamples.join('\n')).toMatch(/never closed/);
  });

  it('instants keep their scope and never count as ops', async () => {
    const r = await open('instants.json');
    expect(r.trace.ops).toHaveLength(1);
    expect(r.trace.instants).toEqual([
      { name: 'thread mark', ts: 3000, laneId: '1:1' },
      { name: 'global mark', ts: 4000 },
      { name: 'default scope', ts: 5000, laneId: '1:1' },
    ]);
  });

  it('flows with bp "e" bind to the enclosing slice, without bp to the next one, steps chain', async () => {
    const r = await open('flows.json');
    const edge = (d: { from: number; to: number }) => `${r.trace.ops[d.from]!.name}→${r.trace.ops[d.to]!.name}`;
    expect(r.trace.deps.map(edge)).toEqual(['launch→kernel', 'launch→next', 'launch→relay', 'relay→kernel']);
    expect(r.source.warnings).toBe(0);
    expect(r.trace.lanes.find((l) => l.pid === 2)!.kind).toBe('gpu');
  });

  it('string pids and tids get numbers of their own, names kept', async () => {
    const r = await open('string-pid-tid.json');
    expect(r.trace.lanes.map((l) => l.name).sort()).toEqual(['thread worker', 'worker thread']);
    expect(new Set(r.trace.lanes.map((l) => l.id)).size).toBe(2);
    expect(r.trace.processes.map((p) => p.name).sort()).toEqual(['process 3', 'process gpu-host']);
  });

  it('displayTimeUnit does not change the unit of ts (always µs)', async () => {
    const r = await open('display-time-unit.json');
    expect(r.trace.ops[0]).toMatchObject({ start: 0, dur: 2_000_999 });
  });

  it('unsupported phases and broken events are skipped and counted, with reasons', async () => {
    const r = await open('unsupported-phases.json');
    expect(names(r)).toEqual(['a']);
    expect(r.source.events).toBe(7);
    // 7 events: 'a' kept, the counter kept as a counter track (issue 13, item 6), 5 skipped.
    expect(r.source.warnings).toBe(5);
    expect(r.trace.counters?.map((c) => c.name)).toEqual(['counter']);
    const why = r.source.warningSamples.join('\n');
    expect(why).not.toMatch(/phase "C"/);
    expect(why).toMatch(/phase "b" is not supported/);
    expect(why).toMatch(/without "ts"/);
    expect(why).toMatch(/"dur" -1 is negative/);
    expect(why).toMatch(/longer than a week/);
  });
});
