/**
 * The bundled sample recordings (resources/samples/, recorded on an NVIDIA H200 at the chapter's
 * sizes) are real GPU traces: they must load, round-trip, and satisfy the recorder's invariants.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/host/trace-file.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';

const DIR = path.resolve(import.meta.dirname, '../../resources/samples');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json.gz'));

describe.each(files)('sample %s', (name) => {
  const file = path.join(DIR, name);
  it('loads, passes its checks, and writes back the same document', async () => {
    const t = (await readTrace(file)).trace;
    expect(t.meta!.checks.every((c) => c.passed)).toBe(true);
    expect(t.meta!.verdicts.length).toBeGreaterThan(0);
    expect(t.meta!.comparisons?.length).toBe(1); // recorded by the current recorder
    expect(JSON.parse(JSON.stringify(toChromeTrace(t)))).toEqual(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')));
  });
  it('was recorded on a real GPU at ns resolution, GPU ops in order per queue', async () => {
    const t = (await readTrace(file)).trace;
    expect(t.meta!.adapters.some((a) => !a.isFallback)).toBe(true);
    const gpu = t.ops.filter((o) => o.kind === 'compute' || o.kind === 'transfer');
    expect(gpu.filter((o) => o.dur % 65536 !== 0).length).toBeGreaterThan(gpu.length * 0.9);
    for (const lane of t.lanes.filter((l) => l.kind === 'gpu')) {
      const ops = t.ops.filter((o) => o.laneId === lane.id);
      for (let i = 1; i < ops.length; i++) expect(ops[i]!.start).toBeGreaterThanOrEqual(ops[i - 1]!.start);
    }
  });
});

it('there are samples of both chapter experiments', () => {
  expect(files).toEqual(expect.arrayContaining(['seed-parallel.json.gz', 'seed-compute-copy.json.gz']));
});
