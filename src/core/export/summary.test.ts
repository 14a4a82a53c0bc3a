import { describe, expect, it } from 'vitest';
import { fixtureStats } from '../testing/report-fixture.js';
import { sectionTitle } from './section-titles.js';
import type { Stats } from '../analysis/stats-types.js';
import { formatMs, formatPct, formatRatio } from './report-format.js';
import { busyRows, criticalPathParts, criticalPathSegments, formatMeasure, summaryTableRows, summaryTiles, verdictsSummary } from './summary.js';

describe('summary measures', () => {
  it("gives the report its tiles and the app one more, in each one's words; the headline parallelism is of work", () => {
    const s = fixtureStats();
    expect(summaryTiles(s, 'report').map((t) => t.label)).toEqual([
      'span (first start → last end)',
      'sum of parts (Σ lane work, waits excluded)',
      'parallelism: lanes at work on average',
      'two or more GPU lanes at work (100.0 % of the shorter lane)',
      'of transfer time hidden under compute',
    ]);
    const app = summaryTiles(s, 'app');
    expect(app.map((t) => t.id)).toEqual(['span', 'sum-of-parts', 'parallelism', 'gpu-concurrency', 'transfer-hidden', 'critical-path']);
    expect(app[4]!.label).toBe('of transfer hidden under compute');
    expect(app[5]!.label).toBe(`critical path (${s.criticalPath.ops} ops)`);
    expect(app[0]!.value).toBe(formatMeasure('ms', s.spanMs));
    // 97 / 72, not revision 1's 2.25 (the 65 ms wait counted as work)
    expect(app[1]!.value).toBe(formatMeasure('ms', 97));
    expect(app[2]!.value).toBe(formatMeasure('ratio', 97 / 72));
  });

  it('leaves out the GPU concurrency with fewer than two GPU lanes, and the compute–transfer figures without transfers', () => {
    const s = fixtureStats();
    const one: Stats = {
      ...s,
      transfer: { ops: 0, busyMs: 0 },
      overlap: { computeTransferMs: 0, pctOfTransfer: 0 },
      concurrency: { ...s.concurrency, gpuLanes: 1 },
    };
    expect(summaryTiles(one, 'report').map((t) => t.id)).toEqual(['span', 'sum-of-parts', 'parallelism']);
    expect(busyRows(one).map((r) => r.key)).not.toContain('overlap');
    expect(summaryTableRows(one).map(([label]) => label)).not.toContain('Compute–transfer overlap');
    // With three GPU lanes the share is of the most that could overlap.
    const three: Stats = { ...s, concurrency: { ...s.concurrency, gpuLanes: 3, gpuPctOfShorter: 25 } };
    expect(summaryTiles(three, 'report')[3]!.label).toBe('two or more GPU lanes at work (25.0 % of the most possible)');
  });

  it('lists every kind in the Markdown table and the busy bars, then the overlap and the critical path by kind', () => {
    const s = fixtureStats();
    const rows = summaryTableRows(s);
    expect(rows.map(([label]) => label)).toEqual([
      'Span (first start → last end)',
      'Sum of parts (Σ lane work, waits excluded)',
      'Parallelism (work sum of parts / span)',
      'Parallelism with waits (revision 1)',
      'GPU concurrency (≥ 2 GPU lanes at work)',
      'Compute busy',
      'Transfer busy',
      'CPU busy',
      'Sync (waiting) busy',
      'Other busy',
      'Compute–transfer overlap',
      'Critical path (by kind)',
    ]);
    expect(rows[3]![1]).toBe(`${formatRatio(2.25)} (sum of parts with waits ${formatMs(162)} / span)`);
    expect(rows[4]![1]).toBe(`${formatMs(30)} (${formatPct(100)} of the shorter lane's busy time)`);
    // byKind {compute 60, cpu 5, gap 5} of 70
    expect(rows[11]![1]).toBe(
      `${formatMs(70)}: compute ${formatMs(60)} (${formatPct((100 * 60) / 70)}), CPU ${formatMs(5)} (${formatPct((100 * 5) / 70)}), gaps (idle, launch latency) ${formatMs(5)} (${formatPct((100 * 5) / 70)})`,
    );
    expect(busyRows(s).map((r) => r.label)).toEqual(['compute busy', 'transfer busy', 'CPU busy', 'sync (waiting) busy', 'other busy', 'compute ∩ transfer']);
  });

  it('splits the critical path into its parts in kind order, gaps last, leaving out empty ones', () => {
    expect(criticalPathSegments({ compute: 3, transfer: 0, cpu: 1, sync: 2, other: 0, gap: 4 }).map((p) => [p.part, p.ms])).toEqual([
      ['compute', 3],
      ['cpu', 1],
      ['sync', 2],
      ['gap', 4],
    ]);
    expect(criticalPathParts({ compute: 0, transfer: 0, cpu: 0, sync: 0, other: 0, gap: 0 }, 0)).toBe('nothing');
  });
});

describe('section titles', () => {
  it('words three sections differently in Markdown', () => {
    expect(sectionTitle('overview')).toBe('Overlap and parallelism');
    expect(sectionTitle('overview', true)).toBe('Summary');
    expect(sectionTitle('ops', true)).toBe('Top ops by total time');
    expect(sectionTitle('adapters', true)).toBe('Adapters and clock calibration');
    expect(sectionTitle('lanes', true)).toBe(sectionTitle('lanes'));
  });
});

describe('verdictsSummary', () => {
  it('counts the states and the warnings', () => {
    const v = (state: 'holds' | 'does-not-hold' | 'inconclusive', severity: 'ok' | 'warning' | 'info') => ({
      claim: 'c',
      holds: state === 'holds',
      evidence: 'e',
      state,
      severity,
    });
    expect(verdictsSummary({ verdicts: [] })).toBeUndefined();
    expect(verdictsSummary({ verdicts: [v('holds', 'ok')] })).toBe('1 verdict: 1 holds');
    expect(verdictsSummary({ verdicts: [v('holds', 'ok'), v('holds', 'warning'), v('inconclusive', 'info'), v('does-not-hold', 'info')] })).toBe(
      '4 verdicts: 2 hold, 1 does not hold, 1 inconclusive; 1 warning',
    );
    // before revision 2: state from holds
    expect(verdictsSummary({ verdicts: [{ claim: 'c', holds: false, evidence: 'e' }] })).toBe('1 verdict: 1 does not hold');
  });
});
