/**
 * `--repeat K` (issue 11): a recording runs its timed phases K times in interleaved rounds after
 * one warm-up, each run stored with its round; `parascope report` gives every phase its median,
 * min, max and runs, and every comparison the median per-round speedup with its bootstrap
 * interval. Recorded at tiny sizes on this machine's driver (lavapipe in CI) through the built CLI,
 * built-in and experiment file alike; bad values are refused with one line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrapMedianCi95, median } from '../../src/core/analysis/bootstrap.js';
import type { Stats } from '../../src/core/analysis/stats-types.js';
import { readDoc, ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-repeat-'));
const K = 3;
const SP = path.join(dir, 'sp.json');
const CK = path.join(dir, 'ck.json');
let spRun: ReturnType<typeof runCli>;
let ckRun: ReturnType<typeof runCli>;

beforeAll(() => {
  spRun = runCli(dir, 'record', 'seed-parallel', '--size', '32', '--reps', '2', '--repeat', String(K), '--out', SP, '--json');
  ckRun = runCli(ROOT, 'record', 'resources/experiments/custom-kernel.yaml', '--repeat', String(K), '--out', CK);
});

const report = (file: string): Stats => JSON.parse(runCli(dir, 'report', file, '--format', 'json').stdout) as Stats;

describe.each([
  ['seed-parallel', SP, () => spRun, ['GPU1 time', 'GPU2 time', 'GPU1 & GPU2']],
  ['custom-kernel.yaml', CK, () => ckRun, ['kernel alone', 'CPU alone', 'kernel and CPU']],
] as const)('record %s --repeat 3', (_, file, run, names) => {
  it('records, and says so in the header', () => {
    expect(run().stderr).toBe('');
    expect(run().code).toBe(0);
    expect(readDoc(file).parascope).toMatchObject({ experiment: { params: { repeat: K } } });
  });

  it('runs every phase 3 times, interleaved in rounds (ABC ABC ABC), after one warm-up, each run tagged with its round', () => {
    const phases = (readDoc(file).parascope as unknown as { phases: { name: string; start: number; end: number; round?: number }[] }).phases;
    expect(phases.map((p) => `${p.round} ${p.name}`)).toEqual([1, 2, 3].flatMap((r) => names.map((n) => `${r} ${n}`)));
    for (let i = 1; i < phases.length; i++) expect(phases[i]!.start).toBeGreaterThanOrEqual(phases[i - 1]!.end);
    const ops = readDoc(file).traceEvents.filter((e) => e.ph === 'X' && e.cat !== 'phase');
    // The warm-up is once, before the first round: nothing named 'warm-up' inside or after a phase.
    const warm = ops.filter((e) => /warm-up/.test(e.name));
    expect(warm.length).toBeGreaterThan(0);
    const firstUs = phases[0]!.start / 1000;
    for (const w of warm) expect(w.ts).toBeLessThan(firstUs);
  });

  it('reports each phase over its rounds, and each comparison as the median per-round ratio with its interval', () => {
    const s = report(file);
    expect(s.repeats).toBe(K);
    expect(s.phases.map((p) => p.name)).toEqual([...names]);
    const doc = readDoc(file).parascope as unknown as { phases: { name: string; start: number; end: number }[] };
    for (const p of s.phases) {
      // runsMs: every round's wall, in round order, from the header's own start and end.
      const walls = doc.phases.filter((x) => x.name === p.name).map((x) => (x.end - x.start) / 1e6);
      expect(p.runsMs).toHaveLength(K);
      for (const [i, w] of walls.entries()) expect(p.runsMs[i]).toBeCloseTo(w, 9);
      expect(p.wallMs).toBeCloseTo(median(walls), 9);
      expect(p.minMs).toBeCloseTo(Math.min(...walls), 9);
      expect(p.maxMs).toBeCloseTo(Math.max(...walls), 9);
    }
    expect(s.comparisons).toHaveLength(1);
    const c = s.phaseComparisons[0]!;
    const byName = new Map(s.phases.map((p) => [p.name, p.runsMs]));
    // Per round r: Σ separate walls of round r / the together wall of round r.
    const ratios = [0, 1, 2].map((r) => c.separate.reduce((x, n) => x + byName.get(n)![r]!, 0) / byName.get(c.together)![r]!);
    for (const [i, q] of ratios.entries()) expect(c.ratios[i]).toBeCloseTo(q, 9);
    expect(c.speedup).toBeCloseTo(median(ratios), 9);
    const [lo, hi] = bootstrapMedianCi95(c.ratios);
    expect(s.comparisons[0]!.ci95).toEqual([lo, hi]);
    expect(lo).toBeLessThanOrEqual(c.speedup);
    expect(hi).toBeGreaterThanOrEqual(c.speedup);
  });

  it('prints the spread and the interval in the Markdown report', () => {
    const md = runCli(dir, 'report', file, '--format', 'md').stdout;
    expect(md).toContain('| Phase | Median wall | Min | Max | Runs, in round order |');
    expect(md).toMatch(/\| \d+\.\d\d× \[\d+\.\d\d, \d+\.\d\d\] \|/);
  });
});

describe('record output with rounds', () => {
  it('prints the median, min, max and runs per phase, and the speedup with its interval', () => {
    const out = runCli(dir, 'record', 'seed-parallel', '--size', '16', '--reps', '1', '--repeat', '2', '--out', path.join(dir, 'two.json'));
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^phase +median ms +min +max +runs \(2 rounds\)$/m);
    expect(out.stdout).toMatch(/^GPU1 & GPU2 +\d+\.\d{3} +\d+\.\d{3} +\d+\.\d{3} +\d+\.\d{3} \d+\.\d{3}$/m);
    expect(out.stdout).toMatch(/^GPU1 & GPU2 vs GPU1 time \+ GPU2 time: speedup \d+\.\d\d× \[\d+\.\d\d, \d+\.\d\d\], the median of 2 per-round ratios/m);
  });

  it('--json progress counts the rounds', () => {
    const lines = spRun.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; round?: number; rounds?: number; done?: number; total?: number });
    const progress = lines.filter((l) => l.type === 'progress');
    expect([...new Set(progress.filter((p) => p.round !== undefined).map((p) => `${p.round}/${p.rounds}`))]).toEqual(['1/3', '2/3', '3/3']);
    // 4R progress units a round: seed-parallel's total is 4 · 2 · 3 = 24, all done at the end.
    expect(progress.at(-1)).toMatchObject({ done: 24, total: 24 });
  });
});

describe('a chapter-size run on a software adapter', () => {
  it('warns in one line before the run, with smaller sizes, and the run starts (stopped here by --timeout)', () => {
    const adapters = JSON.parse(runCli(dir, 'devices', '--json').stdout) as { name: string; architecture: string; isFallback?: boolean }[];
    const software = adapters[0] !== undefined && (adapters[0].isFallback === true || adapters[0].architecture === 'software');
    // 2·1200³ FLOP × (4·5·5 + 10) matmuls ≈ 3.8e11 FLOP: about 2 min at lavapipe's ~3 GFLOP/s (software-warning.ts); stopped after 2 s.
    const r = runCli(dir, 'record', 'seed-parallel', '--size', '1200', '--reps', '5', '--timeout', '2', '--out', path.join(dir, 'long.json'));
    const lines = r.stderr.trim().split('\n');
    if (software) {
      expect(lines[0]).toMatch(
        /^parascope: warning: '.+' is a software adapter \(the GPU is emulated on the CPU\): seed-parallel at --size 1200 --reps 5 --repeat 40 will take very long, roughly 16 min at ~3 GFLOP\/s; try --size 256 --reps 5$/,
      );
      expect(lines).toHaveLength(2); // the warning, then the timeout's line
    } else expect(r.stderr).not.toMatch(/software adapter/);
    expect(lines.at(-1)).toMatch(/ran past --timeout 2 s/);
  });
});

describe('--repeat is checked', () => {
  it.each([
    ['0', '0'],
    ['abc', 'abc'],
    ['101', '101'],
    ['2.5', '2.5'],
  ])('refuses --repeat %s with one line and exit status 2', (value, shown) => {
    for (const target of ['seed-parallel', 'resources/experiments/custom-kernel.yaml']) {
      const r = runCli(ROOT, 'record', target, '--repeat', value);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `parascope: option '--repeat <K>' argument '${shown}' is invalid. --repeat must be an integer in 1..100 (rounds of the timed phases), got '${shown}'\n`,
      );
    }
  });

  it('list shows each default', () => {
    const r = runCli(dir, 'list');
    expect(r.stdout).toMatch(/seed-parallel\n.*\n.*\n {2}defaults: --size 4000 --reps 50 --repeat 40\n/);
    expect(r.stdout).toMatch(/seed-compute-copy\n.*\n.*\n {2}defaults: --size 4000 --reps 50 --repeat 5\n/);
    const json = JSON.parse(runCli(dir, 'list', '--json').stdout) as { id: string; defaults: { repeat: number } }[];
    for (const e of json) expect(e.defaults.repeat).toBe(e.id === 'seed-parallel' ? 40 : 5);
  });
});
