/**
 * What issue 5 asks of every built-in experiment's HTML report: question, method, numbers, a chart
 * and the verdicts. Each one is recorded at a tiny size on this machine's GPU driver (lavapipe in
 * CI) through the built CLI, and reported with `parascope report --format html`, as a user would.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/host/trace-file.js';
import type { Trace } from '../../src/core/model.js';
import { escapeHtml } from '../../src/core/export/escape.js';
import { EXPERIMENT_CATALOG } from '../../src/runner/experiments/catalog.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-exp-reports-'));
const ROUNDS = 2;
/** Sizes that take well under a second each on lavapipe. */
const TINY: Readonly<Record<string, readonly [size: number, reps: number]>> = {
  'seed-parallel': [32, 2],
  'seed-compute-copy': [32, 2],
  'ex1-independent-ops': [32, 2],
  'ex2-small-ops': [32, 2],
  'ex3-cpu-gpu-comm': [32, 2],
  'ex4-efficiency': [64, 2],
  'ex5-dependency-graph': [16, 1],
};

/** The chart that answers each experiment's question in its report. */
const CHART: Readonly<Record<string, 'comparison' | 'sweep' | 'lanes'>> = {
  'seed-parallel': 'comparison',
  'seed-compute-copy': 'comparison',
  'ex1-independent-ops': 'comparison',
  'ex2-small-ops': 'sweep',
  'ex3-cpu-gpu-comm': 'comparison',
  'ex4-efficiency': 'lanes',
  'ex5-dependency-graph': 'comparison',
};

describe('every built-in experiment has tiny sizes here', () => {
  it('covers the catalog', () => {
    expect(Object.keys(TINY).sort()).toEqual(EXPERIMENT_CATALOG.map((e) => e.id).sort());
  });
});

describe.each(EXPERIMENT_CATALOG.map((e) => e.id))('the HTML report of %s', (id) => {
  let trace: Trace;
  let html: string;
  beforeAll(async () => {
    const [size, reps] = TINY[id]!;
    const file = path.join(dir, `${id}.json.gz`);
    // Two rounds: every experiment's rounds run through its recording, its judge and the report.
    const rec = runCli(dir, 'record', id, '--size', String(size), '--reps', String(reps), '--repeat', String(ROUNDS), '--out', file);
    expect(rec.stderr).toBe('');
    expect(rec.code).toBe(0);
    trace = (await readTrace(file)).trace;
    const out = path.join(dir, `${id}.html`);
    const rep = runCli(dir, 'report', file, '--format', 'html', '--out', out);
    expect(rep.stderr).toBe('');
    expect(rep.code).toBe(0);
    html = readFileSync(out, 'utf8');
  });

  it('states the question and the method', () => {
    const e = trace.meta!.experiment;
    expect(e.method).toBeDefined();
    expect(html).toContain(`<span class="eyebrow">Question</span><br>${escapeHtml(e.question)}`);
    expect(html).toContain(`<span class="eyebrow">Method</span><br>${escapeHtml(e.method!)}`);
  });

  it('gives the numbers: the phases over their rounds, and the correctness checks, all passed', () => {
    for (const p of trace.phases) expect(html).toContain(`<td class="name">${escapeHtml(p.name)}</td>`);
    // Each phase name ran once a round, rounds in order; the table shows median, min, max and runs.
    const names = [...new Set(trace.phases.map((p) => p.name))];
    for (const n of names) expect(trace.phases.filter((p) => p.name === n).map((p) => p.round)).toEqual([1, 2]);
    expect(html).toContain('<th class="num">Runs, in round order</th>');
    expect(trace.meta!.checks.length).toBeGreaterThan(0);
    for (const c of trace.meta!.checks) expect(c.passed, c.name).toBe(true);
    expect(html).toContain('<h2>Correctness checks</h2>');
  });

  it('draws the timeline and the chart that answers the question', () => {
    expect(html).toContain('<svg class="ps-timeline');
    const m = trace.meta!;
    switch (CHART[id]) {
      case 'comparison':
        expect(m.comparisons?.length).toBeGreaterThan(0);
        expect(html).toContain('<h3>Phase comparisons</h3>');
        expect(html).toContain('<span class="speedup">Speedup ');
        break;
      case 'sweep':
        expect(m.sweeps?.length).toBeGreaterThan(0);
        expect(html).toContain('<svg class="sweep-chart"');
        expect((html.match(/<circle /g) ?? []).length).toBe(2 * m.sweeps![0]!.points.length);
        break;
      case 'lanes':
        // ex4 asks how busy each lane is: the Lanes section's utilization bar per lane.
        expect(html).toContain('<h2>Lanes</h2>');
        for (const l of trace.lanes) expect(html).toContain(escapeHtml(l.name));
        expect(html).toMatch(/<div class="bar"><span style="width:\d+(\.\d+)?%;background:var\(--(compute|cpu)\)/);
        break;
      default:
        throw new Error(`no chart named for ${id}`);
    }
  });

  it('gives the achieved throughput of the ops that declare their work, against the measured peak in ex4', () => {
    const declared = trace.ops.some((o) => typeof o.args?.['flops'] === 'number' || typeof o.args?.['bytesMoved'] === 'number');
    // Matmuls declare 2N³ FLOP everywhere but in ex5's MLP (its own kernels).
    expect(declared).toBe(id !== 'ex5-dependency-graph');
    expect(html.includes('<h2>Throughput</h2>')).toBe(declared);
    // Every N×N matmul pass declares its 2N³ FLOP (× the products a one-pass op holds), wherever it was encoded.
    const matmuls = trace.ops.filter((o) => typeof o.args?.['kernel'] === 'string' && o.name.startsWith('matmul'));
    if (declared) expect(matmuls.length).toBeGreaterThan(0);
    for (const o of declared ? matmuls : []) {
      const n = o.args!['n'] as number;
      expect(o.args!['flops'], o.name).toBe(((o.args!['matmuls'] as number | undefined) ?? 1) * 2 * n ** 3);
    }
    if (declared) expect(html).toMatch(/<td class="num">\d+(\.\d+)? [kMGT]?FLOP\/s<\/td>/);
    if (id === 'ex4-efficiency') {
      expect(html).toMatch(/<td class="num">\d+(\.\d+)? %<\/td><\/tr>/);
      expect(html).toContain(' % (peak)</td>');
    }
  });

  it('ends with its verdicts, each claim with its evidence', () => {
    const verdicts = trace.meta!.verdicts;
    expect(verdicts.length).toBeGreaterThan(0);
    for (const v of verdicts) {
      expect(html).toContain(escapeHtml(v.claim));
      expect(html).toContain(escapeHtml(v.evidence));
    }
  });
});
