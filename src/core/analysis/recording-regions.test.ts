import { describe, expect, it } from 'vitest';
import type { Trace, TraceMeta } from '../model.js';
import { ns } from '../time.js';
import { scenario } from '../testing/scenario.js';
import { recordingRegions } from './recording-regions.js';

function recording(run: { start: number; end: number }, phases: { name: string; start: number; end: number }[]): Trace {
  const t = scenario([
    ['cpu', 'write x', 'cpu', 1000, 100], // set-up work at 1000–1100
    ['cpu', 'matmul', 'compute', 6000, 500],
  ]);
  return {
    ...t,
    meta: { run: { start: ns(run.start), end: ns(run.end) } } as unknown as TraceMeta,
    phases: phases.map((p) => ({ ...p, start: ns(p.start), end: ns(p.end) })),
  };
}

describe('recordingRegions', () => {
  it('names the set-up (first op → run start), the warm-up (run start → first phase) and what comes after the last phase (→ run end)', () => {
    const t = recording({ start: 3000, end: 9000 }, [
      { name: 'A', start: 5000, end: 6000 },
      { name: 'B', start: 6000, end: 7500 },
    ]);
    expect(recordingRegions(t).map((r) => [r.kind, r.start, r.end])).toEqual([
      ['set-up', 1000, 3000],
      ['warm-up', 3000, 5000],
      ['after', 7500, 9000],
    ]);
  });

  it('leaves out a region of no length, and has none for a foreign trace or one without phases', () => {
    const t = recording({ start: 1000, end: 7500 }, [{ name: 'A', start: 1000, end: 7500 }]);
    expect(recordingRegions(t)).toEqual([]);
    const { meta: _meta, ...foreign } = t;
    expect(recordingRegions(foreign)).toEqual([]);
    expect(recordingRegions({ ...t, phases: [] })).toEqual([]);
  });
});
