/**
 * `parascope report` and `parascope export` as a user runs them, on the bundled H200 sample and
 * the real PyTorch trace: every format, numbers equal to the analysis called in-process (the
 * same numbers the app will show), reports that are self-contained, escaped and finite.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/host/trace-file.js';
import { computeStats } from '../../src/core/analysis/stats.js';
import { withTodaysVerdicts } from '../../src/runner/experiments/judges.js';
import { findChromium } from '../../src/host/pdf.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/parascope.js');
const SAMPLE = path.join(ROOT, 'resources/samples/seed-compute-copy.json.gz');
const TORCH = path.join(ROOT, 'test/fixtures/torch/torch_two_streams.json');
const dir = mkdtempSync(path.join(tmpdir(), 'parascope-report-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each([
  ['the H200 sample', SAMPLE],
  ['the PyTorch trace', TORCH],
])('report on %s', (_, file) => {
  it('--format json prints parascope.stats/1, equal to the in-process analysis, all finite', async () => {
    const r = cli('report', file, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const printed = JSON.parse(r.stdout);
    const { trace, source } = await readTrace(file);
    // Judged afresh, as the app judges it (docs/metrics.md).
    expect(printed).toEqual(JSON.parse(JSON.stringify(computeStats(withTodaysVerdicts(trace), source))));
    expect(printed.schema).toBe('parascope.stats/1');
    expect(Object.keys(printed)).toEqual(
      expect.arrayContaining([
        'source',
        'spanMs',
        'sumOfPartsMs',
        'parallelism',
        'work',
        'concurrency',
        'compute',
        'transfer',
        'cpu',
        'overlap',
        'lanes',
        'ops',
        'phases',
        'criticalPath',
        'verdicts',
      ]),
    );
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('--format csv prints the op table', async () => {
    const r = cli('report', file, '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('name,kind,count,totalMs,pctOfTotal,avgMs,medMs,minMs,maxMs,stdDevMs');
    const { trace, source } = await readTrace(file);
    expect(lines.length - 1).toBe(computeStats(trace, source).ops.length);
  });

  it('--format html --out writes one self-contained, escaped file', () => {
    const out = path.join(dir, `${path.basename(file)}.html`);
    const r = cli('report', file, '--format', 'html', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*\.html \(html report of .*; [\d.]+ KiB\)\n$/);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/https?:|src="\/\/|<script|<link/i);
    expect(html).toMatch(/<svg/);
  });
});

describe('report content', () => {
  it('md shows the experiment, its phases, comparison and verdicts', () => {
    const r = cli('report', SAMPLE, '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Computation and communication in parallel/);
    expect(r.stdout).toMatch(/Run on GPU1 and copy to CPU/);
    expect(r.stdout).toMatch(/HOLDS|DOES NOT HOLD/);
  });

  it("judges the recording afresh in every format: JSON verdicts with state and severity, the file's own beside them", () => {
    const json = JSON.parse(cli('report', SAMPLE, '--format', 'json').stdout);
    // The H200 sample's judge (2026-11-27) printed no judgement line: today's differs in its evidence, not its answers.
    expect(json.verdicts.map((v: { state: string; severity: string; holds: boolean }) => [v.state, v.severity, v.holds])).toEqual([
      ['holds', 'ok', true],
      ['holds', 'ok', true],
    ]);
    expect(json.verdicts[0].measure).toMatchObject({
      name: 'speedup',
      unit: 'ratio',
      threshold: 1.05,
      holdsWhen: 'above',
      values: [json.verdicts[0].measure.value],
    });
    expect(json.verdicts[0].evidence).toMatch(/^speedup 1\.33×, holds above 1\.05× \(one run, no interval\)\. /);
    expect(json.judging).toEqual({
      by: 'today',
      note: "judged by today's judge of 'seed-compute-copy'; the verdicts stored in the file differ: recorded with an older judge",
    });
    expect(json.recordedVerdicts).toHaveLength(2);
    expect(json.recordedVerdicts[0].evidence).toContain('speedup 1.33× (holds above 1.05×)');
    const md = cli('report', SAMPLE, '--format', 'md').stdout;
    expect(md).toContain('2 verdicts: 2 hold.');
    expect(md).toContain(
      "- **HOLDS** · ok — 'Run on GPU1 and copy to CPU' takes less than the sum of 'Run on GPU1' and 'Copy to CPU' (speedup 1.33×, one run)",
    );
    expect(md).toContain("The file's own verdicts, recorded with an older judge:");
    const csv = cli('report', SAMPLE, '--format', 'verdicts-csv').stdout.split('\r\n');
    expect(csv[0]).toBe('judged,claim,state,severity,holds,runs,measure,value,ciLow,ciHigh,threshold,holdsWhen,heldIn,evidence');
    expect(
      csv.slice(1, 5).map((l) =>
        l
          .split(',')
          .slice(0, 1)
          .concat(l.match(/,(holds|does-not-hold|inconclusive),(ok|warning|info)?,/)?.slice(1, 3) ?? []),
      ),
    ).toEqual([
      ['today', 'holds', 'ok'],
      ['today', 'holds', 'ok'],
      ['recorded with an older judge', 'holds', undefined],
      ['recorded with an older judge', 'holds', undefined],
    ]);
    const html = cli('report', SAMPLE, '--format', 'html').stdout;
    expect(html).toContain('<div class="verdict sev-ok" data-state="holds">');
    expect(html).toContain('recorded with an older judge, as the file stores them:</p>');
  });

  it.skipIf(!findChromium())('--format pdf prints through Chromium into a real PDF', () => {
    const out = path.join(dir, 'report.pdf');
    const r = cli('report', SAMPLE, '--format', 'pdf', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('--format pdf without --out is a usage error', () => {
    const r = cli('report', SAMPLE, '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('parascope: --format pdf needs --out FILE');
  });

  it('an unknown format is a usage error naming the choices', () => {
    const r = cli('report', SAMPLE, '--format', 'docx');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/docx.*json, csv, verdicts-csv, md, html, pdf/);
  });
});

describe('export --format chrome', () => {
  it.each([
    ['PyTorch', TORCH],
    ['Parascope', SAMPLE],
  ])('turns a %s trace into Chrome JSON that re-imports to the same model, flows included', async (_, file) => {
    const out = path.join(dir, `${path.basename(file)}.chrome.json.gz`);
    const r = cli('export', file, '--format', 'chrome', '--out', out);
    expect(r.code).toBe(0);
    const a = await readTrace(file);
    const b = await readTrace(out);
    expect(b.trace.ops).toEqual(a.trace.ops);
    expect(b.trace.deps).toEqual(a.trace.deps);
    expect(b.trace.deps.length).toBeGreaterThan(0);
    expect(b.trace.lanes).toEqual(a.trace.lanes);
  });

  it('defaults to its only format, chrome, and says what it wrote', () => {
    const out = path.join(dir, 'default-format.json');
    const r = cli('export', SAMPLE, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(chrome trace of .*seed-compute-copy\\.json\\.gz, \\d+ ops, \\d+ dependencies; [\\d.]+ KiB\\)\n$`,
      ),
    );
    expect(JSON.parse(readFileSync(out, 'utf8')).traceEvents.length).toBeGreaterThan(0);
  });
});
