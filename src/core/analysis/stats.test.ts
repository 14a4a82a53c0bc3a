import { describe, expect, it } from 'vitest';
import type { Dep, Lane, Op, OpKind, Trace } from '../model.js';
import { ns } from '../time.js';
import type { SourceInfo } from '../import/types.js';
import { scenario, withMeta } from '../testing/scenario.js';
import { computeStats } from './stats.js';
import type { OpRow, Stats } from './stats-types.js';

const SOURCE: SourceInfo = { file: 'run.json', format: 'parascope', events: 42, warnings: 1, warningSamples: ['skipped one'] };
/** Times below are written in ms and stored in ns, so the expected ms values are exact. */
const MS = 1e6;

/** Every number anywhere in the stats, with its path, for the "nothing is NaN or Infinity" rule. */
function numbers(value: unknown, path = '$'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}
function expectAllFinite(s: Stats): void {
  const bad = numbers(s).filter(([, v]) => !Number.isFinite(v));
  expect(bad).toEqual([]);
  // And it survives JSON unchanged (NaN/Infinity would become null).
  expect(JSON.parse(JSON.stringify(s))).toEqual(s);
}

describe('computeStats', () => {
  it('assembles a golden result for a small experiment', () => {
    const t = withMeta(
      scenario(
        [
          ['cpu1', 'submit', 'cpu', 0, 10 * MS], // 0: [0,10)
          ['gpu1', 'matmul', 'compute', 10 * MS, 400 * MS], // 1: [10,410)
          ['gpu2', 'readback', 'transfer', 310 * MS, 400 * MS], // 2: [310,710)
          ['gpu1', 'matmul', 'compute', 710 * MS, 200 * MS], // 3: [710,910)
          ['gpu1', 'wait', 'sync', 910 * MS, 90 * MS], // 4: [910,1000)
          ['cpu1', 'submit', 'cpu', 700 * MS, 10 * MS], // 5: [700,710), listed out of start order
        ],
        [
          [0, 1],
          [1, 2],
          [2, 3],
          [5, 3],
        ],
      ),
      [
        { name: 'A alone', start: ns(0), end: ns(400 * MS) },
        { name: 'B alone', start: ns(400 * MS), end: ns(1000 * MS) },
        { name: 'A & B', start: ns(1000 * MS), end: ns(1600 * MS) },
      ],
    );
    // Pin the lane order (the stats keep the trace's order, whatever order the helper picks).
    const laneOrder = ['100:1', '1:1', '2:1'].map((id) => t.lanes.find((l) => l.id === id)!);
    const trace: Trace = { ...t, lanes: laneOrder, meta: { ...t.meta!, comparisons: [{ separate: ['A alone', 'B alone'], together: 'A & B' }] } };
    const opRows: OpRow[] = [
      // matmul: 400 and 200 → mean 300, median (200 + 400) / 2 = 300
      // matmul 200 and 400 ms: deviations ±100, sample σ = √((100² + 100²) / (2 − 1)) = 100·√2
      {
        name: 'matmul',
        kind: 'compute',
        count: 2,
        totalMs: 600,
        pctOfTotal: 100,
        avgMs: 300,
        medMs: 300,
        minMs: 200,
        maxMs: 400,
        stdDevMs: Math.sqrt(2) * 100,
      },
      { name: 'readback', kind: 'transfer', count: 1, totalMs: 400, pctOfTotal: 100, avgMs: 400, medMs: 400, minMs: 400, maxMs: 400, stdDevMs: 0 },
      { name: 'wait', kind: 'sync', count: 1, totalMs: 90, pctOfTotal: 100, avgMs: 90, medMs: 90, minMs: 90, maxMs: 90, stdDevMs: 0 },
      { name: 'submit', kind: 'cpu', count: 2, totalMs: 20, pctOfTotal: 100, avgMs: 10, medMs: 10, minMs: 10, maxMs: 10, stdDevMs: 0 },
    ];
    const expected: Stats = {
      schema: 'parascope.stats/1',
      source: { file: 'run.json', format: 'parascope', events: 42, warnings: 1 },
      spanMs: 1000, // [0, 1000)
      sumOfPartsMs: 1110, // cpu1 20 + gpu1 (400 + 200 + 90) + gpu2 400
      parallelism: 1.11, // 1110 / 1000
      // waits out: cpu1 20 + gpu1 (400 + 200) + gpu2 400 = 1020; / 1000
      work: { sumOfPartsMs: 1020, parallelism: 1.02 },
      compute: { ops: 2, busyMs: 600 }, // 400 + 200 (the sync op is not compute)
      transfer: { ops: 1, busyMs: 400 },
      cpu: { ops: 2, busyMs: 20 },
      sync: { ops: 1, busyMs: 90 },
      other: { ops: 0, busyMs: 0 },
      // compute ∩ transfer = [310,410) = 100 (the second matmul only touches the readback at 710);
      // 100 × 100 / 400 = 25 %
      overlap: { computeTransferMs: 100, pctOfTransfer: 25 },
      // gpu1 [10,410) [710,910) and gpu2 [310,710) both at work in [310,410) = 100; the most that
      // could overlap is Σ 600 + 400 − the busiest 600 = 400 → 25 %. One CPU lane: 0.
      // pairs: cpu1 [0,10) [700,710) only touches gpu1; with gpu2 [700,710) = 10; gpu1 ∩ gpu2 = 100
      concurrency: {
        gpuMs: 100,
        cpuMs: 0,
        gpuPctOfShorter: 25,
        cpuPctOfShorter: 0,
        gpuLanes: 2,
        pairs: [
          { a: '100:1', b: '1:1', ms: 0 },
          { a: '100:1', b: '2:1', ms: 10 },
          { a: '1:1', b: '2:1', ms: 100 },
        ],
        pairsOmitted: 0,
      },
      lanes: [
        { id: '100:1', name: 'cpu1', kind: 'cpu', ops: 2, busyMs: 20, idleMs: 980, utilization: 0.02 },
        { id: '1:1', name: 'gpu1', kind: 'gpu', ops: 3, busyMs: 690, idleMs: 310, utilization: 0.69 },
        { id: '2:1', name: 'gpu2', kind: 'gpu', ops: 1, busyMs: 400, idleMs: 600, utilization: 0.4 },
      ],
      ops: opRows,
      // No name has a number in it: the folded table is the exact one, one name per row.
      opPatterns: opRows.map((r) => ({ ...r, names: 1 })),
      phases: [
        { name: 'A alone', wallMs: 400, minMs: 400, maxMs: 400, runsMs: [400] },
        { name: 'B alone', wallMs: 600, minMs: 600, maxMs: 600, runsMs: [600] },
        { name: 'A & B', wallMs: 600, minMs: 600, maxMs: 600, runsMs: [600] },
      ],
      // One round: (400 + 600) / 600 = 5/3, an interval without spread.
      repeats: 1,
      comparisons: [{ separate: ['A alone', 'B alone'], together: 'A & B', speedup: 5 / 3, ci95: [5 / 3, 5 / 3] }],
      phaseComparisons: [
        { separate: ['A alone', 'B alone'], together: 'A & B', sumOfSeparateMs: 1000, togetherMs: 600, speedup: 5 / 3, ci95: [5 / 3, 5 / 3], ratios: [5 / 3] },
      ],
      throughput: [],
      sweeps: [],
      // Back from the wait [910,1000), the last to end: its lane's matmul 3 ended at 910 (sync 90).
      // matmul 3 [710,910): deps readback 2 and submit 5 both ended at 710 — the tie goes to the
      // one that started first, the readback (compute 200). readback [310,710): its dep matmul 1
      // ended at 410, so it adds 710 − 410 = 300 (transfer). matmul 1 [10,410): dep submit 0 ended
      // at 10 (compute 400); submit 0 is first (cpu 10). 1000 − 0 = 1000 = 10 + 600 + 300 + 90, no gap.
      criticalPath: {
        lengthMs: 1000,
        ops: 5,
        byKind: { compute: 600, transfer: 300, cpu: 10, sync: 90, other: 0, gap: 0 },
        path: [
          { id: 0, name: 'submit', laneId: '100:1', startMs: 0, durMs: 10, contributionMs: 10, gapMs: 0 },
          { id: 1, name: 'matmul', laneId: '1:1', startMs: 10, durMs: 400, contributionMs: 400, gapMs: 0 },
          { id: 2, name: 'readback', laneId: '2:1', startMs: 310, durMs: 400, contributionMs: 300, gapMs: 0 },
          { id: 3, name: 'matmul', laneId: '1:1', startMs: 710, durMs: 200, contributionMs: 200, gapMs: 0 },
          { id: 4, name: 'wait', laneId: '1:1', startMs: 910, durMs: 90, contributionMs: 90, gapMs: 0 },
        ],
      },
      // Data edges 0→1→2→3 and 5→3: from the first kernel, 400 + 400 + 200 = 1000 (submit 0 comes
      // before any GPU work, the wait is no data op). GPU work spans [10, 910) = 900 → 0.9 (below
      // 1: the readback overlapped the matmul it depends on). gpu1's adjacent work ops 1, 3 are
      // joined by 1→2→3: no independent pair.
      slack: { dataBoundMs: 1000, gpuSpanMs: 900, potentialSpeedup: 0.9, independentSerialized: 0, undecided: 0, sample: [] },
      verdicts: trace.meta!.verdicts,
      adapters: trace.meta!.adapters,
      calibration: trace.meta!.calibration,
      checks: trace.meta!.checks,
    };
    const s = computeStats(trace, SOURCE);
    expect(s).toEqual(expected);
    expect(s.verdicts).toEqual([{ claim: 'claim', holds: false, evidence: 'because' }]);
    expectAllFinite(s);
  });

  it('a foreign trace without a header gets empty verdicts, adapters, calibration, checks', () => {
    const s = computeStats(scenario([['gpu', 'k', 'compute', 0, 5]]), { ...SOURCE, format: 'chrome' });
    expect([s.verdicts, s.adapters, s.calibration, s.checks, s.phaseComparisons]).toEqual([[], [], [], [], []]);
    expect(s.source.format).toBe('chrome');
  });
});

describe('computeStats on degenerate traces', () => {
  const zeroKind = { ops: 0, busyMs: 0 };

  it('no ops (one declared lane): zeros everywhere, no NaN', () => {
    const lane: Lane = { id: '1:1', pid: 1, tid: 1, name: 'q', kind: 'gpu', sortIndex: 0 };
    const s = computeStats({ processes: [], lanes: [lane], ops: [], deps: [], phases: [] }, SOURCE);
    expect(s).toMatchObject({
      spanMs: 0,
      sumOfPartsMs: 0,
      parallelism: 0,
      compute: zeroKind,
      transfer: zeroKind,
      cpu: zeroKind,
      sync: zeroKind,
      other: zeroKind,
      overlap: { computeTransferMs: 0, pctOfTransfer: 0 },
      lanes: [{ id: '1:1', name: 'q', kind: 'gpu', ops: 0, busyMs: 0, idleMs: 0, utilization: 0 }],
      ops: [],
      criticalPath: { lengthMs: 0, ops: 0, byKind: { compute: 0, transfer: 0, cpu: 0, sync: 0, other: 0, gap: 0 }, path: [] },
      work: { sumOfPartsMs: 0, parallelism: 0 },
      concurrency: { gpuMs: 0, cpuMs: 0, gpuPctOfShorter: 0, cpuPctOfShorter: 0, gpuLanes: 0, pairs: [], pairsOmitted: 0 },
    });
    expect(s.slack).toBeUndefined();
    expectAllFinite(s);
  });

  it('only zero-length ops: a span but no busy time, no NaN', () => {
    // compute at 1 ms, transfer at 3 ms, both zero-length: span 2 ms, nothing busy
    const s = computeStats(
      scenario([
        ['gpu1', 'k', 'compute', 1 * MS, 0],
        ['gpu2', 'copy', 'transfer', 3 * MS, 0],
      ]),
      SOURCE,
    );
    expect(s).toMatchObject({
      spanMs: 2,
      sumOfPartsMs: 0,
      parallelism: 0,
      compute: { ops: 1, busyMs: 0 },
      transfer: { ops: 1, busyMs: 0 },
      overlap: { computeTransferMs: 0, pctOfTransfer: 0 },
      lanes: [
        { id: '1:1', ops: 1, busyMs: 0, idleMs: 2, utilization: 0 },
        { id: '2:1', ops: 1, busyMs: 0, idleMs: 2, utilization: 0 },
      ],
      ops: [
        { name: 'copy', kind: 'transfer', count: 1, totalMs: 0, pctOfTotal: 0, avgMs: 0, medMs: 0, minMs: 0, maxMs: 0, stdDevMs: 0 },
        { name: 'k', kind: 'compute', count: 1, totalMs: 0, pctOfTotal: 0, avgMs: 0, medMs: 0, minMs: 0, maxMs: 0, stdDevMs: 0 },
      ],
    });
    // A path of length 0 still names the op it consists of: the last to end, the copy at 3 ms.
    expect(s.criticalPath).toEqual({
      lengthMs: 0,
      ops: 1,
      byKind: { compute: 0, transfer: 0, cpu: 0, sync: 0, other: 0, gap: 0 },
      path: [{ id: 1, name: 'copy', laneId: '2:1', startMs: 3, durMs: 0, contributionMs: 0, gapMs: 0 }],
    });
    expectAllFinite(s);
  });

  it('one op', () => {
    // [2 ms, 9 ms): span 7, busy 7, parallelism 1, utilization 1
    const s = computeStats(scenario([['gpu', 'k', 'compute', 2 * MS, 7 * MS]]), SOURCE);
    expect(s).toMatchObject({
      spanMs: 7,
      sumOfPartsMs: 7,
      parallelism: 1,
      compute: { ops: 1, busyMs: 7 },
      lanes: [{ id: '1:1', ops: 1, busyMs: 7, idleMs: 0, utilization: 1 }],
      ops: [{ name: 'k', kind: 'compute', count: 1, totalMs: 7, pctOfTotal: 100, avgMs: 7, medMs: 7, minMs: 7, maxMs: 7, stdDevMs: 0 }],
      criticalPath: { lengthMs: 7, ops: 1 },
    });
    expectAllFinite(s);
  });
});

describe('computeStats at scale', () => {
  it('handles 1,000,000 ops on 1,000 lanes, out of order, with random and backward deps, in O(n log n)', () => {
    const n = 1_000_000;
    const laneCount = 1000;
    const kinds: readonly OpKind[] = ['compute', 'transfer', 'cpu', 'sync', 'other'];
    const lanes: Lane[] = Array.from({ length: laneCount }, (_, i) => ({ id: `1:${i}`, pid: 1, tid: i, name: `q${i}`, kind: 'gpu', sortIndex: i }));
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const ops: Op[] = new Array<Op>(n);
    for (let i = 0; i < n; i++)
      ops[i] = {
        id: i,
        laneId: `1:${i % laneCount}`,
        name: `k${i % 199}`,
        kind: kinds[i % 5]!,
        start: ns(Math.floor(rnd() * 1e10)),
        dur: ns(Math.floor(rnd() * 1e5)),
      };
    const deps: Dep[] = new Array<Dep>(n);
    for (let i = 0; i < n; i++) deps[i] = { from: Math.floor(rnd() * n), to: Math.floor(rnd() * n), kind: 'data' };
    const t0 = performance.now();
    const s = computeStats({ processes: [], lanes, ops, deps, phases: [] }, SOURCE);
    const elapsed = performance.now() - t0;
    // About 1 s on a laptop; a quadratic step (e.g. filtering all ops per lane) would take minutes.
    expect(elapsed).toBeLessThan(20_000);
    expect(s.lanes).toHaveLength(laneCount);
    expect(s.ops).toHaveLength(995); // 199 names × 5 kinds (199 and 5 are coprime, so every pair occurs)
    expect(s.compute.ops).toBe(n / 5);
    expect(s.parallelism).toBeGreaterThan(1);
    expect(s.work.parallelism).toBeLessThan(s.parallelism); // a fifth of the ops are sync
    expect(s.criticalPath.lengthMs).toBeLessThanOrEqual(s.spanMs);
    // Op i is on lane i % 1000 with kind i % 5, so lane l has only kind l % 5: the 200 lanes with
    // l % 5 = 3 only wait. 800 lanes with work, above the cap: none of the 800 · 799 / 2 pairs listed.
    expect(s.concurrency.pairs).toEqual([]);
    expect(s.concurrency.pairsOmitted).toBe((800 * 799) / 2);
    expect(numbers({ ...s, criticalPath: s.criticalPath.lengthMs }).every(([, v]) => Number.isFinite(v))).toBe(true);
  });
});
