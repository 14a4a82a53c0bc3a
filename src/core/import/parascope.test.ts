import { describe, expect, it } from 'vitest';
import { importTraceBytes } from './index.js';
import { toChromeTrace } from '../export/chrome-trace.js';
import { scenario, withMeta } from '../testing/scenario.js';
import { ns } from '../time.js';

const good = () =>
  JSON.parse(
    JSON.stringify(
      toChromeTrace(
        withMeta(
          scenario(
            [
              ['gpu1', 'k', 'compute', 0, 10],
              ['cpu', 'w', 'sync', 5, 10],
            ],
            [[0, 1]],
          ),
        ),
      ),
    ),
  );
const open = (doc: unknown) => importTraceBytes(new TextEncoder().encode(JSON.stringify(doc)), 'x.json');

describe('Parascope trace import', () => {
  it('detects by content', () => {
    expect(open(good()).source.format).toBe('parascope');
    expect(open({ traceEvents: [] }).source.format).toBe('chrome');
  });

  it('names the JSON path of a bad header field', () => {
    const doc = good();
    doc.parascope.calibration[0].offsetNs = 12;
    expect(() => open(doc)).toThrow(/^x\.json: parascope\.calibration\[0\]\.offsetNs: /);
  });

  it('skips and counts events it cannot use, naming the first reasons', () => {
    const doc = good();
    doc.traceEvents.push({ ph: 'X', name: 'bad', pid: 1, tid: 1, ts: 'soon', dur: 1, cat: 'compute' });
    doc.traceEvents.push({ ph: 'X', name: 'odd', pid: 1, tid: 1, ts: 1, dur: 1, cat: 'magic' });
    doc.traceEvents.push({ ph: 'X', name: 'neg', pid: 1, tid: 1, ts: 1, dur: -5, cat: 'compute' });
    const r = open(doc);
    expect(r.source.warnings).toBe(3);
    expect(r.source.warningSamples.join('\n')).toMatch(/"ts" must be a number/);
    expect(r.source.warningSamples.join('\n')).toMatch(/unknown kind "magic"/);
    expect(r.source.warningSamples.join('\n')).toMatch(/"dur" -5 is negative/);
    expect(r.trace.ops).toHaveLength(2);
  });

  it('counts a flow that binds to nothing', () => {
    const b = good();
    b.traceEvents.find((e: { ph: string }) => e.ph === 'f').ts = 999;
    const r = open(b);
    expect(r.trace.deps).toHaveLength(0);
    expect(r.source.warningSamples.join()).toMatch(/binds to no slice/);
  });

  it("writes and reads each phase's round (--repeat K), and reads phases without one (traces from before issue 11)", () => {
    const rounds = [1, 2].flatMap((round) => [
      { name: 'A', start: ns(round * 100), end: ns(round * 100 + 40), round },
      { name: 'B', start: ns(round * 100 + 40), end: ns(round * 100 + 90), round },
    ]);
    const doc = JSON.parse(JSON.stringify(toChromeTrace(withMeta(scenario([['gpu1', 'k', 'compute', 0, 10]]), rounds))));
    expect(doc.parascope.phases.map((p: { round?: number }) => p.round)).toEqual([1, 1, 2, 2]);
    expect(
      doc.traceEvents
        .filter((e: { cat?: string; name: string }) => e.cat === 'phase' && e.name === 'A')
        .map((e: { args?: { round?: number } }) => e.args?.round),
    ).toEqual([1, 2]);
    expect(open(doc).trace.phases).toEqual(rounds);
    const old = good();
    old.parascope.phases = [{ name: 'A', start: 0, end: 5, wallMs: 5e-6 }];
    expect(open(old).trace.phases).toEqual([{ name: 'A', start: 0, end: 5 }]);
    const bad = JSON.parse(JSON.stringify(doc));
    bad.parascope.phases[0].round = 0;
    expect(() => open(bad)).toThrow(/^x\.json: parascope\.phases\[0\]\.round: /);
  });
});
