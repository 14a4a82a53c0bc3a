import { describe, expect, it } from 'vitest';
import { scenario, withMeta } from '../testing/scenario.js';
import { toChromeTrace } from './chrome-trace.js';
import { jsonChunks } from './json-chunks.js';

describe('jsonChunks', () => {
  it('joins to exactly JSON.stringify of the document', () => {
    const doc = toChromeTrace(
      withMeta(
        scenario(
          [
            ['gpu', 'k "x"\n', 'compute', 0, 10],
            ['cpu main', 'submit', 'cpu', 0, 5],
          ],
          [[1, 0]],
        ),
      ),
    );
    expect([...jsonChunks(doc, 'traceEvents')].join('')).toBe(JSON.stringify(doc));
  });

  it('keeps JSON.stringify’s rules: undefined fields dropped, undefined array elements null, an empty array', () => {
    const doc = { a: undefined, traceEvents: [1, undefined, { b: undefined, c: 2 }], z: [], f: () => 1 };
    expect([...jsonChunks(doc, 'traceEvents')].join('')).toBe(JSON.stringify(doc));
    expect([...jsonChunks({ traceEvents: [] }, 'traceEvents')].join('')).toBe('{"traceEvents":[]}');
  });

  it('writes a long array in bounded pieces', () => {
    const doc = { traceEvents: Array.from({ length: 10_000 }, (_, i) => ({ ph: 'X', ts: i })) };
    const pieces = [...jsonChunks(doc, 'traceEvents')];
    expect(pieces.join('')).toBe(JSON.stringify(doc));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(doc).length / 2);
  });
});
