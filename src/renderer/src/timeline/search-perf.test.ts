import { describe, expect, it } from 'vitest';
import type { Op, Trace } from '@core/model.js';
import { ns } from '@core/time.js';
import { buildTimelineIndex } from './lane-index.js';
import { buildNameIndex, findMatches, nameMask, stepMatch } from './search-matches.js';
import { parseQuery } from './search-query.js';

describe('search at 1,000,000 ops', () => {
  it('interns names once and answers a query with typed-array passes: a regex is tested per distinct name, not per op', () => {
    const n = 1_000_000;
    const lanes = 4;
    const ops: Op[] = Array.from({ length: n }, (_, i) => ({
      id: i,
      laneId: `1:${i % lanes}`,
      name: `read y[${i % 50}]`,
      kind: 'transfer',
      start: ns(Math.floor(i / lanes) * 10),
      dur: ns(5),
    }));
    const trace: Trace = {
      processes: [{ pid: 1, name: 'GPU', sortIndex: 0 }],
      lanes: Array.from({ length: lanes }, (_, t) => ({ id: `1:${t}`, pid: 1, tid: t, name: `q${t}`, kind: 'gpu' as const, sortIndex: t })),
      ops,
      deps: [],
      phases: [],
    };
    const index = buildTimelineIndex(trace);
    const names = buildNameIndex(trace, index);
    expect(names.names).toHaveLength(50);
    let tests = 0;
    const q = parseQuery('/^read y\\[4\\d\\]$/');
    if (q.kind !== 'ok') throw new Error('query');
    const t0 = performance.now();
    const m = findMatches(
      names,
      index,
      nameMask(names, (s) => {
        tests++;
        return q.test(s);
      }),
    );
    const ms = performance.now() - t0;
    expect(tests).toBe(50);
    // y[40] … y[49]: 10 of every 50 ops
    expect(m.count).toBe(n / 5);
    // In time order: the first two matches are ops 40 and 41 (start 100 ns, lanes 0 and 1).
    expect([...m.ids.subarray(0, 2)]).toEqual([40, 41]);
    expect(stepMatch(m, index, 40, 1, 0)).toBe(41);
    // A generous bound for a shared CI machine; on an idle one it is ~20 ms.
    expect(ms).toBeLessThan(1000);
  });
});
