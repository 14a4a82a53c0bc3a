/**
 * Bad input through the CLI as a user meets it: one line naming the file and the problem, exit
 * 1, no stack trace, nothing written, in bounded time — and never NaN in an output.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { aliasBombYaml } from '../../src/runner/user-experiment/testing/alias-bomb.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/parascope.js');
const BAD = path.join(ROOT, 'test/fixtures/bad');
const dir = mkdtempSync(path.join(tmpdir(), 'parascope-bad-'));

function cli(...args: string[]) {
  const t = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t };
}

beforeAll(() => {
  // Deep nesting: 100,000 levels inside one event's args.
  writeFileSync(
    path.join(dir, 'deep-nesting.json'),
    `{"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":1,"args":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`,
  );
  // Gigabytes: a sparse 3 GiB file (no disk used) must be refused before reading.
  const fd = openSync(path.join(dir, 'huge.json'), 'w');
  ftruncateSync(fd, 3 * 2 ** 30);
  closeSync(fd);
});

const cases: [string, () => string, RegExp][] = [
  ['not JSON', () => path.join(BAD, 'not-json.txt'), /not-json\.txt: not a trace: expected a JSON array or object at byte 0$/],
  ['binary', () => path.join(BAD, 'binary.bin'), /binary\.bin: not a trace: binary data, not JSON$/],
  ['empty', () => path.join(BAD, 'empty.json'), /empty\.json: the file is empty$/],
  ['the wrong shape', () => path.join(BAD, 'wrong-shape.json'), /wrong-shape\.json: a JSON object without "traceEvents": not a trace$/],
  ['wrong types', () => path.join(BAD, 'wrong-types.json'), /wrong-types\.json: traceEvents must be an array at byte \d+$/],
  ['a bare number', () => path.join(BAD, 'scalar.json'), /scalar\.json: not a trace: expected a JSON array or object at byte 0$/],
  ['a truncated object', () => path.join(BAD, 'truncated-object.json'), /truncated-object\.json: file ends .* at byte \d+$/],
  ['truncated gzip', () => path.join(BAD, 'truncated.json.gz'), /truncated\.json\.gz: gzip data is truncated or corrupt$/],
  ['deep nesting', () => path.join(dir, 'deep-nesting.json'), /deep-nesting\.json: nesting deeper than 512 levels at byte \d+$/],
  ['gigabytes', () => path.join(dir, 'huge.json'), /huge\.json: 3\.0 GiB is more than Parascope opens \(2\.0 GiB\)$/],
  ['a missing file', () => path.join(dir, 'nope.json'), /nope\.json: no such file$/],
  ['a folder', () => dir, /is a folder, not a trace file$/],
];

describe.each(cases)('report on %s', (_, file, message) => {
  it('fails with one line naming the file and the problem, exit 1, nothing written', () => {
    const out = path.join(dir, 'out.json');
    const r = cli('report', file(), '--format', 'json', '--out', out);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^parascope: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(r.ms).toBeLessThan(20_000);
  });
});

describe('recoverable damage', () => {
  it('skips unusable events, counts them, names the first reasons, and reports finite numbers', () => {
    const r = cli('report', path.join(ROOT, 'test/fixtures/chrome/unsupported-phases.json'), '--format', 'json');
    expect(r.code).toBe(0);
    // 7 events: one op, one counter (a counter track since issue 13), five unusable.
    expect(r.stderr).toMatch(/^parascope: warning: .*unsupported-phases\.json: skipped 5 event\(s\) that cannot be used\n/);
    expect(r.stderr.trim().split('\n').length).toBe(4); // the count and three reasons
    const stats = JSON.parse(r.stdout);
    expect(stats.source.warnings).toBe(5);
    expect(r.stdout).not.toMatch(/NaN|Infinity|null/);
  });

  it('a trace whose events are all unusable still reports zeros, not NaN', () => {
    const f = path.join(dir, 'all-bad.json');
    writeFileSync(f, '{"traceEvents":[{"ph":"Q"},{"ph":"X","dur":-1,"ts":0}]}');
    const r = cli('report', f, '--format', 'json');
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats).toMatchObject({ spanMs: 0, sumOfPartsMs: 0, parallelism: 0, overlap: { computeTransferMs: 0, pctOfTransfer: 0 } });
    expect(r.stdout).not.toMatch(/NaN|Infinity|null/);
  });
});

describe('experiment files written to hurt', () => {
  it('a YAML alias bomb is bad usage: the FILE:LINE: form, exit 2, in bounded time', () => {
    const f = path.join(dir, 'bomb.yaml');
    writeFileSync(f, aliasBombYaml());
    const r = cli('record', f);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `parascope: ${f}:5: its aliases (*name) expand to too much: more than 100 expansions, as in a "billion laughs" file; write the values out instead`,
    ]);
    expect(r.ms).toBeLessThan(20_000);
  });
});

describe('inputs that would exhaust memory', () => {
  it('a 200 MB op name: the export streams it, a report too large for one string says so in one line', () => {
    const f = path.join(dir, 'long-name.json');
    const name = 'n'.repeat(200 * 2 ** 20);
    // The long-named op ends last, so the report names it three times (timeline, critical path, op
    // table): more than one string can hold. (Revision 2's critical path starts at the op that ends last.)
    writeFileSync(f, `[{"ph":"X","name":"${name}","pid":1,"tid":1,"ts":0,"dur":10},{"ph":"X","name":"b","pid":1,"tid":2,"ts":1,"dur":5}]`);
    const out = path.join(dir, 'long-name-export.json.gz');
    const exported = cli('export', f, '--format', 'chrome', '--out', out);
    expect(exported.code).toBe(0);
    expect(JSON.parse(gunzipSync(readFileSync(out)).toString('utf8')).traceEvents.some((e: { name: string }) => e.name === name)).toBe(true);
    const r = cli('report', '--format', 'html', f); // options before the file: the message still names the file
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `parascope: the html report of ${f} would be larger than one JavaScript string can hold (about 512 MiB): report a part of the trace, or export it (parascope export ${f} --format chrome --out FILE.json.gz streams any size)`,
    ]);
  }, 120_000);

  it('a small .json.gz holding millions of tiny events is refused early with one line naming the limit, not an out-of-memory abort', () => {
    // 2,000,000 tiny slices (117 MB of JSON, 5 MB gzipped) against a 256 MiB heap, whose limit is
    // about 1.2 million events: the same failure as tens of millions against the default heap.
    const events: string[] = [];
    for (let i = 0; i < 2_000_000; i++) events.push(`{"ph":"X","name":"a","pid":1,"tid":${i % 4},"ts":${i},"dur":1}`);
    const f = path.join(dir, 'millions.json.gz');
    writeFileSync(f, gzipSync(`[${events.join(',')}]`));
    const t = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'report', f, '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=256' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^parascope: .*millions\.json\.gz: holds more than [\d,]+ events, more than fit in this process's memory \(about 256 bytes each in a 0\.\d GiB heap\)/,
    );
    expect(Date.now() - t).toBeLessThan(30_000);
  }, 120_000);
});
