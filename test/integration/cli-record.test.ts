/**
 * The `parascope` CLI as a user runs it (the built bin/parascope.js, recorder in a child process,
 * real Dawn on lavapipe): both experiments recorded at small sizes, their files checked against
 * the list, and every bad-input path failing with one line and no partial file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectFlowsBind, readDoc, runCli } from '../helpers/cli.js';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import { readTrace } from '../../src/host/trace-file.js';
import type { Trace } from '../../src/core/model.js';
import { computeStats } from '../../src/core/analysis/stats.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-cli-'));

const cli = (...args: string[]) => runCli(dir, ...args);

const N = 64;
const R = 4;
const sp = path.join(dir, 'seed-parallel.json');
const cc = path.join(dir, 'seed-compute-copy.json.gz');
let spRun: ReturnType<typeof cli>;
let ccRun: ReturnType<typeof cli>;

beforeAll(() => {
  // One round each: the structure of a single run (rounds: repeat.test.ts).
  spRun = cli('record', 'seed-parallel', '--size', String(N), '--reps', String(R), '--repeat', '1', '--out', sp);
  ccRun = cli('record', 'seed-compute-copy', '--size', String(N), '--reps', String(R), '--repeat', '1', '--out', cc, '--json');
});

describe.each([
  ['seed-parallel', () => sp, () => spRun],
  ['seed-compute-copy', () => cc, () => ccRun],
])('record %s', (id, file, run) => {
  let trace: Trace;
  let doc: ReturnType<typeof readDoc>;
  beforeAll(async () => {
    expect(run().stderr).toBe('');
    expect(run().code).toBe(0);
    trace = (await readTrace(file())).trace;
    doc = readDoc(file());
  });

  it('has the op counts per kind the experiment implies', () => {
    const count = (k: string) => trace.ops.filter((o) => o.kind === k).length;
    const warm = Math.min(R, 5);
    if (id === 'seed-parallel') {
      expect(count('compute')).toBe(2 * (warm + R + R));
      expect(count('transfer')).toBe(2); // the correctness read-back of each device
      expect(count('sync')).toBe(2 + 2 + 2 + 2); // warm-up ×2, phases 1–2, both waits of phase 3, 2 map waits
    } else {
      expect(count('compute')).toBe(warm + R + R);
      expect(count('transfer')).toBe(2 * R);
      expect(count('sync')).toBe(2 + 2 * R);
    }
  });

  it('keeps timestamps monotonic per lane', () => {
    for (const lane of trace.lanes) {
      const ops = trace.ops.filter((o) => o.laneId === lane.id);
      for (let i = 1; i < ops.length; i++) {
        expect(ops[i]!.start, `${lane.name} op ${i}`).toBeGreaterThanOrEqual(ops[i - 1]!.start);
        if (lane.kind === 'cpu') expect(ops[i]!.start).toBeGreaterThanOrEqual(ops[i - 1]!.start + ops[i - 1]!.dur);
      }
      for (const o of ops) expect(o.dur).toBeGreaterThanOrEqual(0);
    }
  });

  it('has ns resolution (not all multiples of 65,536 ns)', () => {
    const gpu = trace.ops.filter((o) => o.kind === 'compute' || o.kind === 'transfer');
    expect(gpu.some((o) => o.dur % 65536 !== 0 && o.start % 65536 !== 0)).toBe(true);
  });

  it('binds every flow to an existing op on its own thread (checked on the raw events)', () => {
    expectFlowsBind(doc, trace.deps.length);
  });

  it('records matmul → copy → read-back edges', () => {
    const byId = (i: number) => trace.ops[i]!;
    const data = trace.deps.filter((d) => d.kind === 'data').map((d) => [byId(d.from), byId(d.to)] as const);
    expect(data.some(([a, b]) => a.kind === 'transfer' && b.kind === 'cpu' && b.name.startsWith('read'))).toBe(true);
    if (id === 'seed-compute-copy') expect(data.filter(([a, b]) => a.kind === 'compute' && b.kind === 'transfer').length).toBe(2 * R);
    expect(trace.deps.some((d) => d.kind === 'queue-order')).toBe(true);
  });

  it('passes its correctness checks and carries verdicts with numbers', () => {
    const m = trace.meta!;
    expect(m.checks.length).toBeGreaterThan(0);
    for (const c of m.checks) expect(c.passed, c.name).toBe(true);
    expect(m.verdicts.length).toBe(2);
    for (const v of m.verdicts) expect(v.evidence).toMatch(/\d+(\.\d+)? ms/);
    expect(m.calibration.length).toBe(id === 'seed-parallel' ? 2 : 1);
    for (const c of m.calibration) expect(c.uncertaintyNs).toBeGreaterThanOrEqual(0);
    expect(m.experiment.params).toMatchObject({ size: N, reps: R });
  });

  it('nests its phases in the run, in order, with the chapter names', () => {
    const { phases, run } = doc.parascope;
    expect(phases.map((p) => p.name)).toEqual(
      id === 'seed-parallel' ? ['GPU1 time', 'GPU2 time', 'GPU1 & GPU2'] : ['Run on GPU1', 'Copy to CPU', 'Run on GPU1 and copy to CPU'],
    );
    for (const p of phases) {
      expect(p.start).toBeGreaterThanOrEqual(run.start);
      expect(p.end).toBeLessThanOrEqual(run.end);
      expect(p.end).toBeGreaterThan(p.start);
    }
    for (let i = 1; i < phases.length; i++) expect(phases[i]!.start).toBeGreaterThanOrEqual(phases[i - 1]!.end);
  });

  it('says which phases answer the question together, and the stats compare them', () => {
    const names = doc.parascope.phases.map((p) => p.name);
    expect(trace.meta!.comparisons).toEqual([{ separate: names.slice(0, 2), together: names[2] }]);
    const [cmp] = computeStats(trace, { file: 'x', format: 'parascope', events: 0, warnings: 0, warningSamples: [] }).phaseComparisons;
    const wall = (i: number) => (doc.parascope.phases[i]!.end - doc.parascope.phases[i]!.start) / 1e6;
    expect(cmp!.speedup).toBeCloseTo((wall(0) + wall(1)) / wall(2), 9);
  });

  it('re-reads to the same model, and writes the same document again', () => {
    const raw = readDoc(file());
    const again = parascopeDocumentToTrace(raw);
    expect(again).toEqual(trace);
    expect(JSON.parse(JSON.stringify(toChromeTrace(again)))).toEqual(raw);
  });
});

describe('record output', () => {
  it('prints the phase table and verdicts on a terminal-less run', () => {
    expect(spRun.stdout).toMatch(/GPU1 & GPU2\s+\d+\.\d{3}/);
    expect(spRun.stdout).toMatch(/(HOLDS|DOES NOT HOLD|INCONCLUSIVE) · (ok|warning|info) +'GPU1 & GPU2' takes less than the sum/);
  });
  it('prints JSON-lines progress and a JSON result with --json', () => {
    const lines = ccRun.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // set-up, 'Run on GPU1' at its submit and at its end, then one per product in each of the other two phases.
    expect(lines.filter((l) => l.type === 'progress').length).toBe(1 + 2 + 2 * R);
    const last = lines[lines.length - 1];
    expect(last.type).toBe('result');
    expect(last.file).toBe(cc);
    expect(last.phases).toHaveLength(3);
    expect(last.verdicts).toHaveLength(2);
  });
});

describe('devices and list', () => {
  it('lists the adapters with their timestamp support', () => {
    const r = cli('devices', '--json');
    expect(r.code).toBe(0);
    const adapters = JSON.parse(r.stdout);
    expect(adapters.length).toBeGreaterThan(0);
    expect(adapters[0]).toMatchObject({ backend: 'vulkan', timestampQuery: true });
    expect(Object.keys(adapters[0])).toEqual(expect.arrayContaining(['vendor', 'architecture', 'device', 'description']));
  });
  it('lists the experiments with their questions', () => {
    const r = cli('list', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((e: { id: string }) => e.id)).toEqual([
      'seed-parallel',
      'seed-compute-copy',
      'ex1-independent-ops',
      'ex2-small-ops',
      'ex3-cpu-gpu-comm',
      'ex4-efficiency',
      'ex5-dependency-graph',
    ]);
  });
});

describe('bad usage and failures: one line, right exit code, no partial file', () => {
  const oneLine = (s: string) => {
    expect(s.trim().split('\n')).toHaveLength(1);
    expect(s).not.toMatch(/\n\s+at /); // no stack trace
  };
  const cases: [string, string[], number, RegExp][] = [
    ['a non-numeric size', ['record', 'seed-parallel', '--size', 'abc'], 2, /--size must be a positive integer/],
    ['a zero reps', ['record', 'seed-parallel', '--reps', '0'], 2, /--reps must be a positive integer/],
    ['an unknown flag', ['record', 'seed-parallel', '--sise', '4'], 2, /unknown option '--sise'/],
    ['an unknown experiment', ['record', 'nope'], 2, /unknown experiment 'nope' \(known: /],
    ['a typo in an experiment name', ['record', 'seed-paralel'], 2, /unknown experiment 'seed-paralel': did you mean seed-parallel\? \(known: /],
    ['an unknown command', ['frobnicate'], 2, /unknown command 'frobnicate'/],
    ['an output in a missing folder', ['record', 'seed-parallel', '--out', '/nonexistent-dir/x.json'], 2, /cannot write --out/],
    ['an output that is not a trace name', ['record', 'seed-parallel', '--out', 'x.txt'], 2, /must end in \.json or \.json\.gz/],
  ];
  it.each(cases)('%s', (_, args, code, message) => {
    const r = cli(...args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    oneLine(r.stderr);
  });

  it('an unavailable adapter: exit 1, one line naming the adapters there are, existing file untouched', () => {
    const out = path.join(dir, 'keep.json');
    writeFileSync(out, 'precious');
    const r = cli('record', 'seed-parallel', '--size', '16', '--reps', '1', '--adapter', 'no-such-gpu', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no adapter matches 'no-such-gpu'; available: '/);
    oneLine(r.stderr);
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });

  it('a matrix too large for the device: exit 1, one line, no file', () => {
    const out = path.join(dir, 'too-big.json');
    const r = cli('record', 'seed-compute-copy', '--size', '60000', '--reps', '1', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs 13\.41 GiB, more than device 'gpu1' allows in one buffer/);
    oneLine(r.stderr);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--debug adds the stack', () => {
    const r = cli('--debug', 'record', 'seed-parallel', '--size', '16', '--reps', '1', '--adapter', 'no-such-gpu', '--out', path.join(dir, 'd.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('cancellation', () => {
  it('Ctrl-C during a recording: exit 1, "recording cancelled", no file', async () => {
    const out = path.join(dir, 'cancelled.json');
    const child = spawn(process.execPath, [BIN, 'record', 'seed-compute-copy', '--size', '128', '--reps', '3000', '--json', '--out', out], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const firstProgress = new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('"progress"') && resolve()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await firstProgress;
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr.trim()).toBe('parascope: recording cancelled');
    expect(existsSync(out)).toBe(false);
  });
});
