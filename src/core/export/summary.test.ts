import { describe, expect, it } from 'vitest';
import { fixtureStats } from '../testing/report-fixture.js';
import { sectionTitle } from './section-titles.js';
import { busyRows, formatMeasure, summaryTableRows, summaryTiles, verdictsSummary } from './summary.js';

describe('summary measures', () => {
  it("gives the report four tiles and the app five, in each one's words", () => {
    const s = fixtureStats();
    expect(summaryTiles(s, 'report').map((t) => t.label)).toEqual([
      'span (first start → last end)',
      'sum of parts (Σ busy over lanes)',
      'parallelism: lanes at work on average',
      'of transfer time hidden under compute',
    ]);
    const app = summaryTiles(s, 'app');
    expect(app.map((t) => t.id)).toEqual(['span', 'sum-of-parts', 'parallelism', 'transfer-hidden', 'critical-path']);
    expect(app[3]!.label).toBe('of transfer hidden under compute');
    expect(app[4]!.label).toBe(`critical path (${s.criticalPath.ops} ops)`);
    expect(app[0]!.value).toBe(formatMeasure('ms', s.spanMs));
    expect(app[2]!.value).toBe(formatMeasure('ratio', s.parallelism));
  });

  it('lists every kind in the Markdown table and the busy bars, then the overlap', () => {
    const s = fixtureStats();
    expect(summaryTableRows(s).map(([label]) => label)).toEqual([
      'Span (first start → last end)',
      'Sum of parts (Σ lane busy)',
      'Parallelism (sum of parts / span)',
      'Compute busy',
      'Transfer busy',
      'CPU busy',
      'Sync (waiting) busy',
      'Other busy',
      'Compute–transfer overlap',
    ]);
    expect(busyRows(s).map((r) => r.label)).toEqual(['compute busy', 'transfer busy', 'CPU busy', 'sync (waiting) busy', 'other busy', 'compute ∩ transfer']);
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
