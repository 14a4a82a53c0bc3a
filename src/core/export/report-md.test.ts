import { describe, expect, it } from 'vitest';
import { computeStats } from '../analysis/stats.js';
import type { OpPatternRow } from '../analysis/stats-types.js';
/** ns per ms. */
const MS = 1e6;
import { scenario } from '../testing/scenario.js';
import { fixtureStats, fixtureTrace } from '../testing/report-fixture.js';
import { MD_TOP_OPS, renderMarkdown } from './report-md.js';

/** Cells of a Markdown table line, splitting on pipes that are not backslash-escaped. */
function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(fixtureStats(), fixtureTrace());

  it('has the experiment, its question, topology and source', () => {
    expect(md.startsWith('# Title \\<script\\>alert(1)\\</script\\>\n')).toBe(true);
    expect(md).toContain('**Question:** Does "a\\|b\\*\\_c hold?');
    expect(md).toContain('- Topology: two queues on \\<one\\> adapter');
    expect(md).toContain('- Source: runs/evil "file".json (parascope, 120 events, 2 warnings)');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('never lets a name from the trace become markup', () => {
    expect(md).not.toMatch(/(?<!\\)<script/);
    expect(md).not.toMatch(/(?<!\\)<b>/);
    expect(md).toContain('"a\\|b\\*\\_c');
    expect(md).toContain('gpu2 \\<b\\>queue\\</b\\>');
    // The CSV-hostile name is one table cell on one line.
    expect(md).toContain('| submit, "x" next |');
  });

  it('keeps every table row at its header width', () => {
    const lines = md.split('\n');
    let width = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      const n = cells(line).length;
      if (width === 0) width = n;
      else expect(n, line).toBe(width);
    }
  });

  it('a single run: one wall time per phase, and a speedup that says it has no interval', () => {
    const one = fixtureStats();
    const single = {
      ...one,
      repeats: 1,
      phases: one.phases.map((p) => ({ ...p, minMs: p.wallMs, maxMs: p.wallMs, runsMs: [p.wallMs] })),
      phaseComparisons: one.phaseComparisons.map((c) => ({ ...c, ci95: [c.speedup, c.speedup] as const, ratios: [c.speedup] })),
    };
    const text = renderMarkdown(single, fixtureTrace());
    expect(text).toContain('| alone \\<i\\> + together | 48.00 ms | together | 32.00 ms | 1.50× (one run, no interval) |');
    expect(text).toContain('| alone \\<i\\> | 40.00 ms |');
    expect(text).not.toContain('Runs, in round order');
  });

  it('states verdicts with their evidence, checks, calibration, phases and the comparison speedup', () => {
    expect(md).toContain('- **HOLDS** · info — together is faster\n  speedup 1.25× \\<script\\>');
    expect(md).toContain('- **DOES NOT HOLD** · info — transfer is hidden');
    expect(md).toContain('| bad | **FAIL** |');
    expect(md).toContain('| gpu1 | ±14.2 µs | −686 ns | 16 | brackets \\& \\<intersection\\> |');
    // The fixture ran in three rounds: the median ratio and its interval; each phase's median, min, max and runs.
    expect(md).toContain('| alone \\<i\\> + together | 48.00 ms | together | 32.00 ms | 1.50× [1.40, 1.60] |');
    expect(md).toContain('| Phase | Median wall | Min | Max | Runs, in round order |');
    expect(md).toContain('| alone \\<i\\> | 40.00 ms | 38.00 ms | 45.00 ms | 38.00 ms, 40.00 ms, 45.00 ms |');
    // The headline is work parallelism, 97 / 72; revision 1's 162 / 72 stays, named as it is.
    expect(md).toContain('| Parallelism (work sum of parts / span) | 1.35× |');
    expect(md).toContain('| Parallelism with waits (revision 1) | 2.25× (sum of parts with waits 162.0 ms / span) |');
    expect(md).toContain("| GPU concurrency (≥ 2 GPU lanes at work) | 30.00 ms (100.0 % of the shorter lane's busy time) |");
    expect(md).toContain('30.00 ms (100.0 % of transfer time hidden under compute)');
    expect(md).toContain('## Notes\n\n- note with "a\\|b\\*\\_c');
    expect(md).toContain('Length 70.00 ms over 3 ops');
    // byKind {compute 60, cpu 5, gap 5}: 60 / 70 = 85.7 %, 5 / 70 = 7.1 %
    expect(md).toContain('By kind: compute 60.00 ms (85.7 %), CPU 5.000 ms (7.1 %), gaps (idle, launch latency) 5.000 ms (7.1 %).');
    expect(md).toContain('| 2 | matmul | gpu1 queue | 10.00 ms | 40.00 ms | 5.000 ms | 40.00 ms |');
  });

  it('has the lane pairs that worked together and the slack where the trace has data dependencies', () => {
    // Only pairs with time together: gpu1 queue and the evil lane, 30 ms.
    expect(md).toContain(
      '### Lanes at work together\n\n| Lane | Lane | Both at work |\n| --- | --- | ---: |\n| gpu1 queue | gpu2 \\<b\\>queue\\</b\\> | 30.00 ms |',
    );
    expect(md).toContain('## Slack: what the data dependencies allow');
    expect(md).toContain('| Data bound (longest path through data dependencies) | 65.00 ms |');
    expect(md).toContain('| Potential speedup (GPU work span / data bound) | 0.92× |');
    expect(md).toContain('| For example | matmul → \\<script\\>alert(1)\\</script\\> on gpu1 queue |');
    const { slack: _, ...noSlack } = fixtureStats();
    expect(renderMarkdown(noSlack, fixtureTrace())).not.toContain('## Slack');
  });

  it('has each parameter sweep as a table of walls and speedups per value', () => {
    expect(md).toContain('## Speedup against N \\<script\\>alert(1)\\</script\\>');
    expect(md).toContain("Speedup = serialized wall ÷ the arrangement's wall, at each N; it pays above 1.05×.");
    expect(md).toContain('| 64 | 3.000 ms | 2.000 ms | 1.50× | – | – |');
    expect(md).toContain('| 16 | 2.000 ms | 1.000 ms | 2.00× | 2.500 ms | 0.80× |');
  });

  it('has the throughput table with the same figures as the HTML report', () => {
    expect(md).toContain('## Throughput');
    expect(md).toContain('| matmul | compute | 2 | 34.4 GFLOP | 900.0 µs | 38.2 TFLOP/s | 38.9 TFLOP/s | 63.1 % |');
    expect(md).toContain('| peak FMA | compute | 5 | 687 GFLOP | 11.40 ms | 60.3 TFLOP/s | 60.6 TFLOP/s | 99.5 % (peak) |');
  });

  it('shows the top ops and says how many rows were left out', () => {
    // As computeStats gives them: sorted by total time, largest first.
    const ops: OpPatternRow[] = Array.from({ length: MD_TOP_OPS + 5 }, (_, j) => MD_TOP_OPS + 4 - j).map((i) => ({
      name: `op${i}`,
      kind: 'compute',
      count: 1,
      totalMs: i,
      pctOfTotal: 1,
      avgMs: i,
      medMs: i,
      minMs: i,
      maxMs: i,
      stdDevMs: 0,
      names: 1,
    }));
    const text = renderMarkdown({ ...fixtureStats(), ops, opPatterns: ops }, fixtureTrace());
    expect(text).toContain('5 more op rows omitted (all 25 exact names are in `--format csv`)');
    expect(text).toContain(`| op${MD_TOP_OPS + 4} |`); // the largest first
    expect(text).not.toContain('| op0 |');
    expect(renderMarkdown(fixtureStats(), fixtureTrace())).toContain('All 6 op rows shown.');
  });

  it('prints the folded op table: one row per name pattern, with how many names it holds', () => {
    const trace = scenario([
      // read y[0] 2 ms, read y[1] 4 ms, read y[2] 6 ms → read y[*]: count 3, total 12, avg 4, median 4, min 2, max 6,
      // σ = √((4 + 0 + 4) / 2) = 2
      ['gpu1', 'read y[0]', 'transfer', 0, 2 * MS],
      ['gpu1', 'read y[1]', 'transfer', 10 * MS, 4 * MS],
      ['gpu1', 'read y[2]', 'transfer', 20 * MS, 6 * MS],
      ['gpu1', 'matmul', 'compute', 30 * MS, 1 * MS],
    ]);
    const text = renderMarkdown(computeStats(trace, { file: 't.json', format: 'chrome', events: 4, warnings: 0, warningSamples: [] }), trace);
    expect(text).toContain('| read y\\[\\*\\] (3 names) | transfer | 3 | 12.00 ms | 100.0 % | 4.000 ms | 4.000 ms | 2.000 ms | 6.000 ms | 2.000 ms |');
    expect(text).not.toContain('| read y\\[0\\] | transfer |'); // (the critical path lists the exact names)
    expect(text).toContain('All 2 op rows shown. Per op name and kind, sorted by total time; numbers that stand alone in a name are folded to `*`');
  });

  it('works for a foreign trace without a header', () => {
    const text = renderMarkdown({ ...fixtureStats(), verdicts: [], checks: [], adapters: [], calibration: [] }, scenario([['gpu1', 'k', 'compute', 0, 10]]));
    expect(text.startsWith('# Trace runs/evil "file".json\n')).toBe(true);
    expect(text).not.toContain('## Verdicts');
    expect(text).not.toContain('## Notes');
  });
});

describe('renderMarkdown: verdicts of revision 2', () => {
  it('states each verdict, its severity and interval, and the stored verdicts beside them', () => {
    const stats = {
      ...fixtureStats(),
      verdicts: [
        {
          claim: 'together is faster',
          holds: false,
          state: 'inconclusive' as const,
          severity: 'info' as const,
          runs: 5,
          measure: {
            name: 'speedup',
            unit: 'ratio' as const,
            threshold: 1.05,
            holdsWhen: 'above' as const,
            value: 1.04,
            values: [1, 1.04, 1.1, 1.02, 1.08],
            interval: [1.0, 1.1] as const,
          },
          evidence: 'E',
        },
        { claim: 'idle waiting for the host', holds: true, state: 'holds' as const, severity: 'warning' as const, runs: 1, evidence: 'W' },
      ],
      judging: { by: 'today' as const, note: 'judged by today’s judge' },
      recordedVerdicts: [{ claim: 'together is faster', holds: true, evidence: 'old' }],
    };
    const out = renderMarkdown(stats, fixtureTrace());
    expect(out).toContain('- **INCONCLUSIVE** · info — together is faster (speedup 1.04× \\[1.00, 1.10\\])\n  E');
    expect(out).toContain('- **HOLDS** · warning — idle waiting for the host\n  W');
    expect(out).toContain(
      "judged by today’s judge.\n\nThe file's own verdicts, recorded with an older judge:\n\n- HOLDS (recorded with an older judge) — together is faster\n  old",
    );
  });
});
