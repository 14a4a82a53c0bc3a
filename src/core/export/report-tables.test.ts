import { describe, expect, it } from 'vitest';
import type { RunSpreadStats } from '../analysis/stats-types.js';
import { formatSpread, runSpreadColumns, runSpreadLine, runSpreadRows } from './report-tables.js';
import { formatMs } from './report-format.js';

const spread = (values: number[], median: number, ci95: [number, number]) => ({ values, median, ci95 });

const three: RunSpreadStats = {
  runs: [
    { run: 1, wallMs: 100, gpuBusyMs: 40, hostWaitMs: 15, dataBoundMs: 20, potentialSpeedup: 2, independentSerialized: 1 },
    { run: 2, wallMs: 120, gpuBusyMs: 40, hostWaitMs: 20 },
    { run: 3, wallMs: 90, gpuBusyMs: 60, hostWaitMs: 5, dataBoundMs: 40, potentialSpeedup: 1.5, independentSerialized: 1 },
  ],
  wallMs: spread([100, 120, 90], 100, [90, 120]),
  gpuBusyMs: spread([40, 40, 60], 40, [40, 60]),
  hostWaitMs: spread([15, 20, 5], 15, [5, 20]),
  dataBoundMs: spread([20, 40], 30, [20, 40]),
  potentialSpeedup: spread([2, 1.5], 1.75, [1.5, 2]),
  independentSerialized: spread([1, 1], 1, [1, 1]),
};

describe('the runs table and line (docs/metrics.md runSpread)', () => {
  it('several runs: median [interval] and every run, "–" where a run lacks the figure', () => {
    expect(runSpreadColumns(three).map(([h]) => h)).toEqual(['Answer', 'Median [95 % interval]', 'Runs, in order']);
    const rows = runSpreadRows(three);
    expect(rows[0]).toEqual(['Wall time (the run, start to exit)', '100.0 ms [90.00 ms, 120.0 ms]', '100.0 ms, 120.0 ms, 90.00 ms']);
    expect(rows[3]).toEqual(['Data bound (longest path through data dependencies)', '30.00 ms [20.00 ms, 40.00 ms]', '20.00 ms, –, 40.00 ms']);
    expect(rows[4]).toEqual(['Potential speedup (GPU work span / data bound)', '1.75× [1.50×, 2.00×]', '2.00×, –, 1.50×']);
    expect(rows).toHaveLength(6);
    expect(runSpreadLine(three)).toBe(
      '3 runs, median [95 % interval]: wall 100.0 ms [90.00 ms, 120.0 ms]; GPU busy 40.00 ms [40.00 ms, 60.00 ms]; host waits 15.00 ms [5.000 ms, 20.00 ms]; ' +
        'data bound 30.00 ms [20.00 ms, 40.00 ms]; potential speedup 1.75× [1.50×, 2.00×]; independent ops serialized 1 [1, 1]',
    );
  });

  it('one run: its values, "one run, no interval", no slack rows without data dependencies', () => {
    const one: RunSpreadStats = {
      runs: [three.runs[1]!],
      wallMs: spread([120], 120, [120, 120]),
      gpuBusyMs: spread([40], 40, [40, 40]),
      hostWaitMs: spread([20], 20, [20, 20]),
    };
    expect(runSpreadColumns(one).map(([h]) => h)).toEqual(['Answer', 'Value']);
    expect(runSpreadRows(one).map((r) => r[1])).toEqual([
      '120.0 ms (one run, no interval)',
      '40.00 ms (one run, no interval)',
      '20.00 ms (one run, no interval)',
    ]);
    expect(runSpreadLine(one)).toBe('one run, no interval: wall 120.0 ms; GPU busy 40.00 ms; host waits 20.00 ms');
    expect(formatSpread(one.wallMs, formatMs)).toBe('120.0 ms (one run, no interval)');
  });
});
