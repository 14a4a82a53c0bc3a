import { describe, expect, it } from 'vitest';
import { assembleProfile, assembleProfileRuns, endReason } from './assemble.js';
import type { ProfileRun } from './launch.js';
import type { ProfileRecord } from './records.js';

const adapter = { name: 'gpu', vendor: 'v', architecture: 'a', device: 'd', description: 'gpu', backend: '', timestampQuery: true, isFallback: false };

function run(records: ProfileRecord[], over: Partial<ProfileRun> = {}): ProfileRun {
  return {
    records,
    badLines: 0,
    exitCode: 0,
    exitSignal: null,
    timedOut: false,
    interrupted: false,
    startNs: 1000n,
    endNs: 20_000n,
    startedAt: new Date(0),
    ...over,
  };
}

const records: ProfileRecord[] = [
  { t: 'start', th: 0, hostNs: '1000', mode: 'per-dispatch' },
  { t: 'device', th: 0, dev: 0, label: 'dev', timestamps: true, adapter },
  // One bracket: t0 = 1000, t1 = 3000, g = 11000 → offset in [g − t1, g − t0] = [8000, 10000]: 9000 ± 1000.
  { t: 'calib', th: 0, dev: 0, which: 'start', samples: [['1000', '3000', '11000']] },
  { t: 'res', th: 0, res: 0, label: 'X', size: 16 },
  { t: 'seq', th: 0, ops: [0] },
  { t: 'op', th: 0, id: 0, name: 'writeBuffer X', kind: 'cpu', start: '2000', end: '2500', acc: [[0, 0, 16, 'w']] },
  { t: 'op', th: 0, id: 1, dev: 0, name: 'k', kind: 'compute', acc: [[0, 0, 16, 'r']] },
  { t: 'op', th: 0, id: 2, dev: 0, name: 'k2', kind: 'compute', acc: [[0, 0, 16, 'w']] },
  { t: 'seq', th: 0, ops: [1, 2] },
  // k's timestamps 14000..15000 − 9000 = host 5000..6000; k2's never came back.
  { t: 'ts', th: 0, dev: 0, times: [[1, '14000', '15000']] },
  { t: 'seq', th: 0, ops: [3] },
  { t: 'op', th: 0, id: 3, name: 'mapAsync X', kind: 'sync', start: '7000', end: '8000', acc: [[0, 0, 16, 'r']], waitedFor: 1 },
];

describe('assembleProfile', () => {
  it('places GPU ops by the calibration, keeps the edges between ops it has, says what is missing', () => {
    const { trace, summary } = assembleProfile(run(records), ['node', 'app.mjs'], { perPass: false, timeoutS: 0 });
    // Relative to the spawn at 1000: writeBuffer 1000 + 500; k 5000 − 1000 = 4000 + 1000; mapAsync 6000 + 1000.
    expect(trace.ops.map((o) => [o.name, o.start, o.dur])).toEqual([
      ['writeBuffer X', 1000, 500],
      ['k', 4000, 1000],
      ['mapAsync X', 6000, 1000],
    ]);
    expect(trace.lanes.map((l) => l.name)).toEqual(['dev queue', 'main thread']);
    // Hazards: writeBuffer → k (RAW); k → k2 (WAR) and k2 → mapAsync (RAW) touch the untimed k2 and are left out.
    expect(trace.deps).toEqual([
      { from: 0, to: 1, kind: 'data' },
      { from: 1, to: 2, kind: 'host' },
    ]);
    expect(trace.meta!.calibration[0]).toMatchObject({ offsetNs: '9000', uncertaintyNs: 1000 });
    expect(summary).toEqual({
      devices: 1,
      gpuOps: 1,
      hostOps: 2,
      dataDeps: 1,
      hostDeps: 1,
      incomplete: ['1 GPU op(s) were submitted but their timestamps were never read back (the program ended first): they are left out'],
      perRun: [{ run: 1, exitCode: 0, signal: null, gpuOps: 1, hostOps: 2 }],
    });
    expect(trace.meta!.experiment.params).toEqual({ command: 'node app.mjs', mode: 'per-dispatch', repeat: 1, exitCode: 0, complete: false });
    expect(trace.phases).toEqual([{ name: 'program', start: 0, end: 19_000 }]);
    expect(trace.meta!.notes).toContain(
      'the program ended before Parascope took its closing calibration (process.exit, device.destroy, a crash or a kill): clock drift over the run is not measured',
    );
  });

  it('a series of runs: one timeline, a phase per run, the same lanes, edges within each run, calibration per run', () => {
    // Run 2 is the same program 100 µs later on the same host clock; its device's offset is 9000 again.
    const shift = (r: ProfileRecord): ProfileRecord => {
      const t = (x: string) => String(BigInt(x) + 100_000n);
      if (r.t === 'op' && r.start !== undefined && r.end !== undefined) return { ...r, start: t(r.start), end: t(r.end) };
      if (r.t === 'ts') return { ...r, times: r.times.map(([id, b, e]) => [id, t(b), t(e)] as [number, string, string]) };
      if (r.t === 'calib') return { ...r, samples: r.samples.map(([a, b, g]) => [t(a), t(b), t(g)] as [string, string, string]) };
      return r;
    };
    const second = run(records.map(shift), { startNs: 101_000n, endNs: 120_000n, exitCode: 3 });
    const { trace, summary } = assembleProfileRuns([run(records), second], ['node', 'app.mjs'], { perPass: false, timeoutS: 0, repeat: 3 });
    expect(trace.lanes.map((l) => l.name)).toEqual(['dev queue', 'main thread']);
    const [queue, main] = trace.lanes.map((l) => l.id);
    expect(trace.ops.map((o) => [o.name, o.laneId, o.start])).toEqual([
      ['writeBuffer X', main, 1000],
      ['k', queue, 4000],
      ['mapAsync X', main, 6000],
      ['writeBuffer X', main, 101_000],
      ['k', queue, 104_000],
      ['mapAsync X', main, 106_000],
    ]);
    // The same edges in each run, none between them.
    expect(trace.deps).toEqual([
      { from: 0, to: 1, kind: 'data' },
      { from: 1, to: 2, kind: 'host' },
      { from: 3, to: 4, kind: 'data' },
      { from: 4, to: 5, kind: 'host' },
    ]);
    expect(trace.phases).toEqual([
      { name: 'run', start: 0, end: 19_000, round: 1 },
      { name: 'run', start: 100_000, end: 119_000, round: 2 },
    ]);
    expect(trace.meta!.calibration.map((c) => [c.device, c.offsetNs, c.uncertaintyNs])).toEqual([
      ['run 1: dev', '9000', 1000],
      ['run 2: dev', '9000', 1000],
    ]);
    expect(trace.meta!.experiment.params).toEqual({ command: 'node app.mjs', mode: 'per-dispatch', repeat: 3, runs: 2, exitCode: 3, complete: false });
    expect(summary.incomplete).toEqual([
      'run 2: the program exited with code 3',
      'the series stopped: 2 of 3 runs made',
      'runs 1, 2: 1 GPU op(s) were submitted but their timestamps were never read back (the program ended first): they are left out',
    ]);
    expect(summary.perRun.map((r) => [r.run, r.exitCode, r.gpuOps, r.hostOps])).toEqual([
      [1, 0, 1, 2],
      [2, 3, 1, 2],
    ]);
    expect(trace.meta!.notes).toContain(
      'runs 1, 2: the program ended before Parascope took its closing calibration (process.exit, device.destroy, a crash or a kill): clock drift over the run is not measured',
    );
  });

  it('names how the program ended', () => {
    const base = { exitCode: 0, exitSignal: null, timedOut: false, interrupted: false };
    expect(endReason(base, 0)).toBeUndefined();
    expect(endReason({ ...base, exitCode: 2 }, 0)).toBe('the program exited with code 2');
    expect(endReason({ ...base, exitCode: null, exitSignal: 'SIGKILL', timedOut: true }, 5)).toBe('the program ran past --timeout 5 s and was killed');
    expect(endReason({ ...base, exitCode: null, exitSignal: 'SIGINT', interrupted: true }, 0)).toBe('the program was interrupted (Ctrl-C) and ended by SIGINT');
    expect(endReason({ ...base, exitCode: null, exitSignal: 'SIGSEGV' }, 0)).toBe('the program was killed by SIGSEGV');
  });
});
