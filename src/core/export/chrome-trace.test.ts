import { describe, expect, it } from 'vitest';
import { scenario, withMeta } from '../testing/scenario.js';
import { roundTrip } from '../testing/round-trip.js';
import { ns } from '../time.js';
import { fixtureTrace } from '../testing/report-fixture.js';
import { toChromeTrace } from './chrome-trace.js';

const trace = withMeta(
  scenario(
    [
      ['gpu1', 'matmul', 'compute', 1_000, 4_523_781],
      ['gpu1', 'copy', 'transfer', 4_524_781, 1_234_567],
      ['cpu main', 'submit', 'cpu', 0, 999],
      ['cpu main', 'map', 'sync', 5_000_000, 1],
      ['cpu main', 'read <b>&"x"</b>', 'cpu', 5_759_349, 0],
      ['gpu2', 'matmul', 'compute', 123_456_789_012, 7],
    ],
    [
      [0, 1],
      [1, 4],
      [2, 0],
    ],
  ),
  [{ name: 'GPU1 time', start: ns(0), end: ns(6_000_000) }],
);

describe('Chrome Trace export', () => {
  it('round-trips the model exactly, ns included', () => {
    const { reread, doc, redoc } = roundTrip(trace);
    expect(reread).toEqual(trace);
    expect(redoc).toEqual(doc);
  });

  it('writes µs with the ns as decimals, M metadata, and one s/f pair per dependency', () => {
    const { doc } = roundTrip(trace);
    const x = doc.traceEvents.filter((e) => e.ph === 'X' && e.cat !== 'phase');
    expect(x.map((e) => e.dur)).toContain(4523.781);
    expect(doc.traceEvents.filter((e) => e.ph === 's')).toHaveLength(3);
    const f = doc.traceEvents.filter((e) => e.ph === 'f');
    expect(f).toHaveLength(3);
    expect(f.every((e) => e.bp === 'e')).toBe(true);
    expect(doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.['name'])).toEqual(
      expect.arrayContaining(['gpu1', 'gpu2', 'cpu main', 'Phases']),
    );
    expect(doc.parascope?.phases[0]).toMatchObject({ name: 'GPU1 time', wallMs: 6 });
  });

  it('nests phases inside the run slice on the Phases thread', () => {
    const { doc } = roundTrip(trace);
    const [run, ...phases] = doc.traceEvents.filter((e) => e.cat === 'phase');
    for (const p of phases) {
      expect(p.ts!).toBeGreaterThanOrEqual(run!.ts!);
      expect(p.ts! + p.dur!).toBeLessThanOrEqual(run!.ts! + run!.dur!);
    }
  });
});

describe('toChromeTrace of a recording judged afresh', () => {
  it('writes the verdicts the recording was judged with, not the opener’s, so saving it again loses nothing', () => {
    const t = fixtureTrace();
    const stored = [{ claim: 'old', holds: true, evidence: 'as recorded' }];
    const today = [{ claim: 'new', holds: false, evidence: 'judged today', state: 'does-not-hold' as const, severity: 'info' as const }];
    const judged = { ...t, meta: { ...t.meta!, verdicts: today, judging: { by: 'today' as const, note: 'n', recordedVerdicts: stored } } };
    const doc = toChromeTrace(judged);
    expect(doc.parascope?.verdicts).toEqual(stored);
    expect(doc.parascope).not.toHaveProperty('judging');
  });
});
