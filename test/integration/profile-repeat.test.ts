/**
 * `parascope profile --repeat K -- node SCRIPT` as a user runs it (the built CLI, real Dawn on
 * lavapipe): K fresh runs of the program into one trace — a phase `run` per run with its round,
 * the same lanes, the same ops and edges in each run and none between runs, the program's output
 * K times unchanged — the answers spread over the runs in the stats and the reports; the first
 * failing run stops the series with its exit code and a trace marked incomplete; bad K values
 * are one line and exit 2.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectFlowsBind, interruptCli, readDoc, runCli } from '../helpers/cli.js';
import { readTrace } from '../../src/host/trace-file.js';
import type { Phase, Trace } from '../../src/core/model.js';
import type { Stats } from '../../src/core/analysis/stats-types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-profile-repeat-'));
const program = (name: string) => path.join(ROOT, 'resources/programs', name);
const fixture = (name: string) => path.join(ROOT, 'test/fixtures/profile', name);
const out = (name: string) => path.join(dir, name);
const parascopeLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('parascope: '));

/** The ops of one run: those inside its phase (runs are separate processes, one after the other). */
const inRun = (trace: Trace, p: Phase) => trace.ops.filter((o) => o.start >= p.start && o.start + o.dur <= p.end);

/** A run's data edges by op name, sorted. */
function runEdges(trace: Trace, p: Phase): string[] {
  const ids = new Set(inRun(trace, p).map((o) => o.id));
  return trace.deps
    .filter((d) => d.kind === 'data' && ids.has(d.from))
    .map((d) => `${trace.ops[d.from]!.name} → ${trace.ops[d.to]!.name}`)
    .sort();
}

describe('parascope profile --repeat K', () => {
  it('K = 3: three runs as phases with rounds, the same lanes, ops and edges per run, the output three times', async () => {
    const file = out('r3.json');
    const r = runCli(dir, 'profile', '--repeat', '3', '--json', '--out', file, '--', 'node', program('raw-hazards.cjs'));
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const result = JSON.parse(lines.pop()!);
    // The program's own output, unchanged, once per run.
    expect(lines).toEqual(['98944', '98944', '98944']);
    const said = parascopeLines(r.stderr);
    expect(said.slice(0, 4)).toEqual([
      'parascope: run 1 of 3',
      'parascope: run 2 of 3',
      'parascope: run 3 of 3',
      `parascope: wrote ${file} (12 GPU op(s) on 1 device(s), 15 host op(s), 24 data and 3 host dependencies over 3 runs)`,
    ]);
    expect(said[4]).toMatch(/^parascope: 3 runs, median \[95 % interval\]: wall \S+ ms \[\S+ ms, \S+ ms\]; GPU busy .*; data bound .*; potential speedup .*×/);

    const { trace } = await readTrace(file);
    expect(trace.phases.map((p) => [p.name, p.round])).toEqual([
      ['run', 1],
      ['run', 2],
      ['run', 3],
    ]);
    for (let i = 1; i < 3; i++) expect(trace.phases[i]!.start).toBeGreaterThanOrEqual(trace.phases[i - 1]!.end);
    // Stable lanes: one queue and one main thread, not three of each.
    expect(trace.lanes.map((l) => `${l.kind} ${l.name}`)).toEqual(['gpu hazards queue', 'cpu main thread']);
    expect(trace.processes).toHaveLength(2);
    // Every op lies in a run; each run has the same ops, in the same order, and the same edges.
    const perRun = trace.phases.map((p) => inRun(trace, p));
    expect(perRun.map((ops) => ops.length)).toEqual([9, 9, 9]);
    expect(perRun.flat()).toHaveLength(trace.ops.length);
    for (const ops of perRun) expect(ops.map((o) => o.name)).toEqual(perRun[0]!.map((o) => o.name));
    const first = runEdges(trace, trace.phases[0]!);
    expect(first).toHaveLength(8);
    for (const p of trace.phases) expect(runEdges(trace, p)).toEqual(first);
    // No dependency crosses from one run into another.
    const runOf = new Map(perRun.flatMap((ops, k) => ops.map((o) => [o.id, k] as const)));
    for (const d of trace.deps) expect(runOf.get(d.from), `${d.kind} ${d.from} → ${d.to}`).toBe(runOf.get(d.to));
    expectFlowsBind(readDoc(file), trace.deps.length);

    const m = trace.meta!;
    expect(m.experiment.params).toMatchObject({ repeat: 3, runs: 3, exitCode: 0, complete: true });
    // Each run's own calibration, its uncertainty kept.
    expect(m.calibration.map((c) => c.device)).toEqual(['run 1: hazards', 'run 2: hazards', 'run 3: hazards']);
    for (const c of m.calibration) expect(c.uncertaintyNs).toBeGreaterThan(0);

    // The --json result: per run counts and answers, then the spread.
    expect(result).toMatchObject({ type: 'result', file, exitCode: 0, complete: true, repeat: 3, gpuOps: 12, hostOps: 15, dataDeps: 24 });
    expect(result.runs.map((x: { run: number; gpuOps: number; hostOps: number }) => [x.run, x.gpuOps, x.hostOps])).toEqual([
      [1, 4, 5],
      [2, 4, 5],
      [3, 4, 5],
    ]);

    // The stats: the rounds machinery gives the phase's median, spread and every run; runSpread agrees with it.
    const rep = runCli(dir, 'report', file, '--format', 'json');
    expect(rep.code).toBe(0);
    const stats = JSON.parse(rep.stdout) as Stats;
    expect(stats.repeats).toBe(3);
    const phase = stats.phases.find((p) => p.name === 'run')!;
    expect(phase.runsMs).toHaveLength(3);
    const s = stats.runSpread!;
    expect(s.runs.map((x) => x.run)).toEqual([1, 2, 3]);
    expect(s.wallMs.values).toEqual(phase.runsMs);
    expect(s.wallMs.median).toBe(phase.wallMs);
    expect(s.wallMs.ci95[0]).toBeGreaterThanOrEqual(phase.minMs);
    expect(s.wallMs.ci95[1]).toBeLessThanOrEqual(phase.maxMs);
    expect(s.runs.map((x) => x.independentSerialized)).toEqual(result.runs.map((x: { independentSerialized: number }) => x.independentSerialized));
    expect(s.dataBoundMs!.values).toHaveLength(3);
    for (const x of s.runs) expect(x.gpuBusyMs).toBeGreaterThan(0);
    expect(result.spread.wallMs).toEqual(s.wallMs);

    const md = runCli(dir, 'report', file);
    expect(md.stdout).toContain('## Across runs');
    expect(md.stdout).toMatch(/\| Potential speedup \(GPU work span \/ data bound\) \| \S+× \[\S+×, \S+×\] \| \S+×, \S+×, \S+× \|/);
    const html = out('r3.html');
    expect(runCli(dir, 'report', file, '--format', 'html', '--out', html).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<h2>Across runs</h2>');
  });

  it('a failing second run stops the series: its exit code, the runs so far written, marked incomplete', async () => {
    const file = out('fail.json');
    const counter = out('fail-counter.txt');
    const r = runCli(dir, 'profile', '--repeat', '4', '--out', file, '--', 'node', fixture('fail-second.mjs'), counter);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('run 1\nrun 2\n');
    expect(readFileSync(counter, 'utf8')).toBe('2');
    const said = parascopeLines(r.stderr);
    expect(said.slice(0, 4)).toEqual([
      'parascope: run 1 of 4',
      'parascope: run 2 of 4',
      'parascope: incomplete: run 2: the program exited with code 4',
      'parascope: incomplete: the series stopped: 2 of 4 runs made',
    ]);
    const { trace } = await readTrace(file);
    expect(trace.phases.map((p) => [p.name, p.round])).toEqual([
      ['run', 1],
      ['run', 2],
    ]);
    // The failing run's work is kept: both runs have their two awaited dispatches.
    expect(trace.phases.map((p) => inRun(trace, p).filter((o) => o.name === 'touch').length)).toEqual([2, 2]);
    expect(trace.meta!.experiment.params).toMatchObject({ repeat: 4, runs: 2, exitCode: 4, complete: false });
    expect(trace.meta!.notes).toContain('incomplete: run 2: the program exited with code 4');
  });

  it('--timeout applies per run: the run that runs past it stops the series', async () => {
    const file = out('timeout.json');
    const r = runCli(dir, 'profile', '--repeat', '3', '--timeout', '2', '--out', file, '--', 'node', fixture('hang.mjs'));
    expect(r.code).toBe(137);
    expect(r.stdout).toBe('gpu work done\n');
    expect(parascopeLines(r.stderr).slice(1, 3)).toEqual([
      'parascope: incomplete: run 1: the program ran past --timeout 2 s and was killed',
      'parascope: incomplete: the series stopped: 1 of 3 runs made',
    ]);
    const { trace } = await readTrace(file);
    expect(trace.phases.map((p) => p.round)).toEqual([1]);
    expect(trace.ops.filter((o) => o.name === 'touch')).toHaveLength(3);
  });

  it('Ctrl-C during a run ends the series after it; the trace of what ran is kept', async () => {
    const file = out('interrupted.json');
    const { code, stderr } = await interruptCli(['profile', '--repeat', '3', '--out', file, '--', 'node', fixture('hang.mjs')], dir, 'gpu work done');
    expect(code).toBe(130);
    expect(stderr).not.toContain('run 2 of 3');
    expect(stderr).toContain('parascope: incomplete: run 1: the program was interrupted (Ctrl-C) and ended by SIGINT');
    const { trace } = await readTrace(file);
    expect(trace.phases.map((p) => p.round)).toEqual([1]);
    expect(trace.meta!.experiment.params).toMatchObject({ repeat: 3, runs: 1, complete: false });
  });

  it('K = 1 is the default: one run, one phase, "one run, no interval"', async () => {
    const file = out('r1.json');
    const r = runCli(dir, 'profile', '--repeat', '1', '--out', file, '--', 'node', program('raw-hazards.cjs'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('98944\n');
    expect(parascopeLines(r.stderr)[1]).toMatch(/^parascope: one run, no interval: wall \S+ ms; GPU busy \S+ m?s;/);
    const { trace } = await readTrace(file);
    expect(trace.phases.map((p) => [p.name, p.round])).toEqual([['program', undefined]]);
    expect(trace.meta!.experiment.params).toMatchObject({ repeat: 1, complete: true });
    expect(trace.meta!.calibration.map((c) => c.device)).toEqual(['hazards']);
    const md = runCli(dir, 'report', file).stdout;
    expect(md).toMatch(/\| Wall time \(the run, start to exit\) \| \S+ ms \(one run, no interval\) \|/);
  });

  it.each(['0', '101', 'x', '1.5', '-2', ''])('--repeat %j: one line, exit 2, nothing run', (k) => {
    const r = runCli(dir, 'profile', '--repeat', k, '--', 'node', program('raw-hazards.cjs'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = r.stderr.trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain(`--repeat must be an integer in 1..100 (runs of the program), got '${k}'`);
  });

  it('--help says --timeout is per run', () => {
    const r = runCli(dir, 'profile', '--help');
    expect(r.stdout).toMatch(/--timeout <S>\s+kill the program after S seconds, per run/);
    expect(r.stdout).toContain('--repeat <K>');
  });
});
