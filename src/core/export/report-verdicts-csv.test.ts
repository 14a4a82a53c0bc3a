import { describe, expect, it } from 'vitest';
import { fixtureStats } from '../testing/report-fixture.js';
import { renderVerdictsCsv, VERDICTS_CSV_HEADER } from './report-verdicts-csv.js';

describe('renderVerdictsCsv', () => {
  it("writes today's verdicts, then the file's own where they differ, quoted and guarded as the op table is", () => {
    const stats = {
      ...fixtureStats(),
      verdicts: [
        {
          claim: "'a, b' is faster",
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
            interval: [1, 1.1] as const,
          },
          evidence: 'says "maybe"',
        },
        { claim: '=cmd', holds: true, state: 'holds' as const, severity: 'warning' as const, runs: 2, heldIn: 2, evidence: 'e' },
      ],
      judging: { by: 'today' as const, note: 'n' },
      recordedVerdicts: [{ claim: 'old', holds: true, evidence: 'x' }],
    };
    const lines = renderVerdictsCsv(stats).split('\r\n');
    expect(lines[0]).toBe(VERDICTS_CSV_HEADER.join(','));
    expect(lines[0]).toBe('judged,claim,state,severity,holds,runs,measure,value,ciLow,ciHigh,threshold,holdsWhen,heldIn,evidence');
    expect(lines[1]).toBe(`today,"'a, b' is faster",inconclusive,info,false,5,speedup,1.04,1,1.1,1.05,above,,"says ""maybe"""`);
    expect(lines[2]).toBe(`today,"'=cmd",holds,warning,true,2,,,,,,,2,e`);
    expect(lines[3]).toBe('recorded with an older judge,old,holds,,true,,,,,,,,,x');
    expect(lines[4]).toBe('');
  });

  it('says a foreign or as-recorded trace’s verdicts are as recorded', () => {
    const lines = renderVerdictsCsv(fixtureStats()).split('\r\n');
    expect(lines[1]).toBe('as recorded,together is faster,holds,info,true,,,,,,,,,speedup 1.25× <script>alert(1)</script>');
  });
});
