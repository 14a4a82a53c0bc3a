import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importTraceBytes } from './index.js';

const FIXTURE = 'test/fixtures/chrome/counters-two-series-unsorted.json';

describe('Chrome counter events (C) → counter tracks', () => {
  const { trace, source } = importTraceBytes(new Uint8Array(readFileSync(FIXTURE)), FIXTURE);
  const byName = new Map((trace.counters ?? []).map((c) => [c.name, c]));

  it('makes one track per process, name and id, each numeric arg a series, samples sorted by time', () => {
    expect([...byName.keys()].sort()).toEqual(['fps', 'memory', 'queue (2)']);
    const memory = byName.get('memory')!;
    // Times relative to the first event: the earliest timestamp is the counter at 90 µs.
    // heap: 90 → 10, 110 → 20, 120.0015 µs → 30 (ns rounded once: 30001.5 → 30002 ns after 90 µs).
    const heap = memory.series.find((s) => s.name === 'heap')!;
    expect(heap.ts).toEqual([0, 20_000, 30_002]);
    expect(heap.values).toEqual([10, 20, 30]);
    const gpu = memory.series.find((s) => s.name === 'gpu')!;
    expect(gpu.ts).toEqual([0, 30_002]);
    expect(gpu.values).toEqual([4, 6]);
  });

  it('shifts ops by the same origin, and puts a counter-only process in the trace', () => {
    expect(trace.ops[0]!.start).toBe(10_000); // 100 µs − 90 µs
    const fps = byName.get('fps')!;
    expect(trace.processes.find((p) => p.pid === fps.pid)?.name).toBe('Compositor');
    expect(fps.series[0]!.values).toEqual([60]);
  });

  it('warns about a counter with no numeric arg, and skips it', () => {
    expect(byName.has('bad')).toBe(false);
    expect(source.warnings).toBe(1);
  });
});

describe('counter tracks exported back to Chrome JSON', () => {
  it('round-trip: export then import gives the same tracks and samples', async () => {
    const { toChromeTrace } = await import('../export/chrome-trace.js');
    const first = importTraceBytes(new Uint8Array(readFileSync(FIXTURE)), FIXTURE).trace;
    const bytes = new TextEncoder().encode(JSON.stringify(toChromeTrace(first)));
    const again = importTraceBytes(bytes, 'exported.json').trace;
    const norm = (t: typeof first) =>
      (t.counters ?? [])
        .map((c) => ({
          name: c.name,
          series: c.series.map((s) => ({ name: s.name, ts: [...s.ts], values: [...s.values] })).sort((a, b) => a.name.localeCompare(b.name)),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    expect(norm(again)).toEqual(norm(first));
  });
});
