import { describe, expect, it } from 'vitest';
import { indexTrace } from './trace-index.js';
import { scenario } from '../testing/scenario.js';

describe('indexTrace order', () => {
  it('sorts by (start, id) exactly as a comparator sort does, duplicates and huge starts included', () => {
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const scale of [10, 1e6, 1e12]) {
      const ops = Array.from({ length: 5000 }, (_, i) => ['gpu' + (i % 7), 'k', 'compute', Math.floor(rnd() * scale), 1] as const);
      const t = scenario(ops);
      const expected = t.ops.map((o) => o.id).sort((a, b) => t.ops[a]!.start - t.ops[b]!.start || a - b);
      expect([...indexTrace(t).order]).toEqual(expected);
    }
  });
});
