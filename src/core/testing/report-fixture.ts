/**
 * Test data for the report renderers (not shipped code): a small trace whose names try to break
 * out of every output format, and a hand-written Stats for it. The numbers are plausible, not
 * computed: the renderers only present Stats, computeStats is tested on its own.
 */
import { scenario, withMeta } from './scenario.js';
import type { OpRow, Stats } from '../analysis/stats-types.js';
import type { Trace } from '../model.js';
import { ns } from '../time.js';

export const EVIL_SCRIPT = '<script>alert(1)</script>';
/** EVIL_SCRIPT as the folded op table names it. */
export const EVIL_SCRIPT_FOLDED = '<script>alert(*)</script>';
export const EVIL_MD = '"a|b*_c';
export const EVIL_CSV = 'submit, "x"\nnext';
export const EVIL_LANE = 'gpu2 <b>queue</b>';
const MS = 1e6;

export function fixtureTrace(): Trace {
  const t = withMeta(
    scenario(
      [
        ['gpu1 queue', 'matmul', 'compute', 10 * MS, 40 * MS], // 0
        ['gpu1 queue', EVIL_SCRIPT, 'compute', 50 * MS, 20 * MS], // 1
        [EVIL_LANE, EVIL_MD, 'transfer', 30 * MS, 30 * MS], // 2
        ['cpu main', EVIL_CSV, 'cpu', 0, 5 * MS], // 3
        ['cpu main', 'wait', 'sync', 5 * MS, 65 * MS], // 4
        ['cpu main', 'memset', 'other', 70 * MS, 2 * MS], // 5
      ],
      [
        [3, 0],
        [0, 1],
        [2, 4],
      ],
    ),
    [
      { name: 'alone <i>', start: ns(0), end: ns(40 * MS) },
      { name: 'together', start: ns(40 * MS), end: ns(72 * MS) },
    ],
  );
  const meta = t.meta!;
  return {
    ...t,
    meta: {
      ...meta,
      experiment: { ...meta.experiment, title: `Title ${EVIL_SCRIPT}`, question: `Does ${EVIL_MD} hold?` },
      topology: 'two queues on <one> adapter',
      verdicts: [
        { claim: 'together is faster', holds: true, evidence: `speedup 1.25× ${EVIL_SCRIPT}` },
        { claim: 'transfer is hidden', holds: false, evidence: 'only 33 % of transfer overlapped' },
      ],
      notes: [`note with ${EVIL_MD}`],
    },
  };
}

/** The fixture's op table by exact name. */
const FIXTURE_OPS: OpRow[] = [
  { name: 'matmul', kind: 'compute', count: 1, totalMs: 40, pctOfTotal: 66.666667, avgMs: 40, medMs: 40, minMs: 40, maxMs: 40, stdDevMs: 0 },
  { name: EVIL_SCRIPT, kind: 'compute', count: 1, totalMs: 20, pctOfTotal: 33.333333, avgMs: 20, medMs: 20, minMs: 20, maxMs: 20, stdDevMs: 0 },
  { name: EVIL_MD, kind: 'transfer', count: 1, totalMs: 30, pctOfTotal: 100, avgMs: 30, medMs: 30, minMs: 30, maxMs: 30, stdDevMs: 0 },
  { name: EVIL_CSV, kind: 'cpu', count: 1, totalMs: 5, pctOfTotal: 100, avgMs: 5, medMs: 5, minMs: 5, maxMs: 5, stdDevMs: 0 },
  { name: 'wait', kind: 'sync', count: 1, totalMs: 65, pctOfTotal: 100, avgMs: 65, medMs: 65, minMs: 65, maxMs: 65, stdDevMs: 0 },
  {
    name: '=SUM(A1:A9)',
    kind: 'other',
    count: 3,
    totalMs: 0.0123456789,
    pctOfTotal: 100,
    avgMs: 0.004115226,
    medMs: 0.004,
    minMs: 0.000001,
    maxMs: 0.0083,
    stdDevMs: 0.00340918,
  },
];

export function fixtureStats(): Stats {
  return {
    schema: 'parascope.stats/1',
    source: { file: 'runs/evil "file".json', format: 'parascope', events: 120, warnings: 2 },
    spanMs: 72,
    sumOfPartsMs: 162,
    parallelism: 2.25,
    work: { sumOfPartsMs: 97, parallelism: 97 / 72 },
    compute: { ops: 2, busyMs: 60 },
    transfer: { ops: 1, busyMs: 30 },
    cpu: { ops: 1, busyMs: 5 },
    sync: { ops: 1, busyMs: 65 },
    other: { ops: 1, busyMs: 2 },
    overlap: { computeTransferMs: 30, pctOfTransfer: 100 },
    concurrency: {
      gpuMs: 30,
      cpuMs: 0,
      gpuPctOfShorter: 100,
      cpuPctOfShorter: 0,
      gpuLanes: 2,
      pairs: [
        { a: '1:1', b: '2:1', ms: 30 },
        { a: '1:1', b: '100:1', ms: 0 },
        { a: '2:1', b: '100:1', ms: 0 },
      ],
      pairsOmitted: 0,
    },
    lanes: [
      { id: '1:1', name: 'gpu1 queue', kind: 'gpu', ops: 2, busyMs: 60, idleMs: 12, utilization: 60 / 72 },
      { id: '2:1', name: EVIL_LANE, kind: 'gpu', ops: 1, busyMs: 30, idleMs: 42, utilization: 30 / 72 },
      { id: '100:1', name: 'cpu main', kind: 'cpu', ops: 3, busyMs: 72, idleMs: 0, utilization: 1 },
    ],
    ops: FIXTURE_OPS,
    // Folded (op-name-fold.ts): only EVIL_SCRIPT's 'alert(1)' has a number standing alone.
    opPatterns: FIXTURE_OPS.map((o) => ({ ...o, name: o.name === EVIL_SCRIPT ? EVIL_SCRIPT_FOLDED : o.name, names: 1 })),
    // A rendering fixture (not computed from a trace): three rounds of each phase.
    phases: [
      { name: 'alone <i>', wallMs: 40, minMs: 38, maxMs: 45, runsMs: [38, 40, 45] },
      { name: 'together', wallMs: 32, minMs: 30, maxMs: 33, runsMs: [33, 32, 30] },
    ],
    repeats: 3,
    comparisons: [{ separate: ['alone <i>', 'together'], together: 'together', speedup: 1.5, ci95: [1.4, 1.6] }],
    phaseComparisons: [
      {
        separate: ['alone <i>', 'together'],
        together: 'together',
        sumOfSeparateMs: 48,
        togetherMs: 32,
        speedup: 1.5,
        ci95: [1.4, 1.6],
        ratios: [1.4, 1.5, 1.6],
      },
    ],
    throughput: [
      {
        name: 'matmul',
        kind: 'compute',
        unit: 'FLOP/s',
        count: 2,
        work: 34.4e9,
        busyMs: 0.9,
        perSec: 38.2e12,
        bestPerSec: 38.9e12,
        peak: false,
        pctOfPeak: 63.1,
      },
      {
        name: EVIL_SCRIPT,
        kind: 'transfer',
        unit: 'B/s',
        count: 1,
        work: 33.6e6,
        busyMs: 0.33,
        perSec: 101.8e9,
        bestPerSec: 101.8e9,
        peak: false,
        pctOfPeak: 3.2,
      },
      {
        name: 'peak FMA',
        kind: 'compute',
        unit: 'FLOP/s',
        count: 5,
        work: 687e9,
        busyMs: 11.4,
        perSec: 60.3e12,
        bestPerSec: 60.6e12,
        peak: true,
        pctOfPeak: 99.5,
      },
    ],
    sweeps: [
      {
        title: `Speedup against N ${EVIL_SCRIPT}`,
        parameter: 'N',
        baseline: 'serialized',
        threshold: 1.05,
        series: [
          {
            arrangement: 'concurrent',
            points: [
              { value: 16, baselineMs: 2, wallMs: 1, speedup: 2, ci95: [2, 2] },
              { value: 64, baselineMs: 3, wallMs: 2, speedup: 1.5, ci95: [1.5, 1.5] },
              { value: 256, baselineMs: 4, wallMs: 5, speedup: 0.8, ci95: [0.8, 0.8] },
            ],
          },
          { arrangement: EVIL_LANE, points: [{ value: 16, baselineMs: 2, wallMs: 2.5, speedup: 0.8, ci95: [0.8, 0.8] }] },
        ],
      },
    ],
    criticalPath: {
      lengthMs: 70,
      ops: 3,
      byKind: { compute: 60, transfer: 0, cpu: 5, sync: 0, other: 0, gap: 5 },
      path: [
        { id: 3, name: EVIL_CSV, laneId: '100:1', startMs: 0, durMs: 5, contributionMs: 5, gapMs: 0 },
        { id: 0, name: 'matmul', laneId: '1:1', startMs: 10, durMs: 40, contributionMs: 40, gapMs: 5 },
        { id: 1, name: EVIL_SCRIPT, laneId: '1:1', startMs: 50, durMs: 20, contributionMs: 20, gapMs: 0 },
      ],
    },
    slack: {
      dataBoundMs: 65,
      gpuSpanMs: 60,
      potentialSpeedup: 60 / 65,
      independentSerialized: 1,
      undecided: 0,
      sample: [{ laneId: '1:1', first: { id: 0, name: 'matmul' }, second: { id: 1, name: EVIL_SCRIPT } }],
    },
    verdicts: [
      { claim: 'together is faster', holds: true, evidence: `speedup 1.25× ${EVIL_SCRIPT}` },
      { claim: 'transfer is hidden', holds: false, evidence: 'only 33 % of transfer overlapped' },
    ],
    adapters: [
      { name: 'A <gpu>', vendor: 'v', architecture: '', device: 'd', description: 'desc', backend: 'vulkan', timestampQuery: true, isFallback: false },
    ],
    calibration: [{ method: 'brackets & <intersection>', device: 'gpu1', offsetNs: '-42', uncertaintyNs: 14183, samples: 16, driftNs: -686 }],
    checks: [
      { name: 'y = x·x', passed: true, samples: 64, maxAbsError: 0.00245, maxRelError: 2.49e-6, tolerance: '|err| ≤ γ_N' },
      { name: 'bad', passed: false, samples: 4, maxAbsError: 3, maxRelError: 0.5, tolerance: 't' },
    ],
  };
}
