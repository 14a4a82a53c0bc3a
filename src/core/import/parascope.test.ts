import { describe, expect, it } from 'vitest';
import { importParascope, detectParascope } from './parascope.js';
import { toChromeTrace } from '../export/chrome-trace.js';
import { scenario, withMeta } from '../../../test/helpers/scenario.js';

const good = () => JSON.parse(JSON.stringify(toChromeTrace(withMeta(scenario([['gpu1', 'k', 'compute', 0, 10], ['cpu', 'w', 'sync', 5, 10]], [[0, 1]])))));

describe('Parascope trace import', () => {
  it('detects by content', () => {
    expect(detectParascope(good())).toBe(true);
    expect(detectParascope({ traceEvents: [] })).toBe(false);
    expect(detectParascope([])).toBe(false);
    expect(detectParascope(null)).toBe(false);
  });

  it('names the JSON path of a bad header field', () => {
    const doc = good();
    doc.parascope.calibration[0].offsetNs = 12;
    expect(() => importParascope(doc)).toThrow(/^parascope\.calibration\[0\]\.offsetNs: /);
  });

  it('names the event that is malformed', () => {
    const doc = good();
    doc.traceEvents.push({ ph: 'X', name: 'bad', pid: 1, tid: 1, ts: 'soon', dur: 1, cat: 'compute' });
    expect(() => importParascope(doc)).toThrow(/^traceEvents\[\d+\]\.ts: /);
  });

  it('rejects an op kind it does not know and a flow that binds to nothing', () => {
    const a = good();
    a.traceEvents.push({ ph: 'X', name: 'odd', pid: 1, tid: 1, ts: 1, dur: 1, cat: 'magic' });
    expect(() => importParascope(a)).toThrow(/unknown op kind "magic"/);
    const b = good();
    b.traceEvents.find((e: { ph: string }) => e.ph === 'f').ts = 999;
    expect(() => importParascope(b)).toThrow(/does not bind/);
  });

  it('rejects negative durations', () => {
    const doc = good();
    doc.traceEvents.find((e: { ph: string }) => e.ph === 'X' && true).dur = -5;
    expect(() => importParascope(doc)).toThrow(/dur/);
  });
});
