/**
 * import → export (Chrome JSON) → import gives the same model and the same statistics, for every
 * format: the Chrome fixtures, the real PyTorch trace, and a Parascope recording.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/host/trace-file.js';
import { importTraceBytes } from '../../src/core/import/index.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import { computeStats } from '../../src/core/analysis/stats.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures');
const files = [
  ...readdirSync(path.join(FIX, 'chrome')).map((f) => path.join(FIX, 'chrome', f)),
  path.join(FIX, 'torch/torch_two_streams.json'),
  path.resolve(FIX, '../../resources/samples/seed-compute-copy.json.gz'),
];

describe.each(files.map((f) => [path.relative(FIX, f), f]))('%s', (_, file) => {
  it('re-imports its own Chrome export to the same model and stats', async () => {
    const first = await readTrace(file);
    const exported = new TextEncoder().encode(JSON.stringify(toChromeTrace(first.trace)));
    const second = importTraceBytes(exported, 'exported.json');
    expect(second.source.warnings).toBe(0);
    expect(second.trace).toEqual(first.trace);
    const { source: _a, ...statsA } = computeStats(first.trace, first.source);
    const { source: _b, ...statsB } = computeStats(second.trace, second.source);
    expect(statsB).toEqual(statsA);
  });
});
