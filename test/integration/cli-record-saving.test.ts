/**
 * A recording is never lost (issue 10, items 11 and 12), through the real CLI on lavapipe:
 * - a full disk under --out: the tables and verdicts are printed, the recording is kept in a
 *   fallback folder that the one error line names, exit 1;
 * - two recordings with default names started in the same second: two files;
 * - two writers to one --out: one gets it, the other is kept beside it and says so, exit 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, readDoc } from '../helpers/cli.js';

// One round (--repeat 1): these tests are about saving, not rounds (repeat.test.ts).
const RECORD = ['record', 'seed-parallel', '--size', '32', '--reps', '2', '--repeat', '1'];
let dir: string;

/** Runs the CLI in `cwd` without waiting, so two can run at once. */
function start(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Lines of stderr that are not Dawn's harmless start-up warnings. */
function problems(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/artificially reduced/.test(l));
}

/** Whether this machine lets a process mount a tmpfs in a namespace of its own (user + mount). */
const canMount = spawnSync('unshare', ['-Urm', 'sh', '-c', 'mount -t tmpfs -o size=4k tmpfs /mnt'], { stdio: 'ignore' }).status === 0;

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a recording is never lost', () => {
  it.runIf(canMount)('a full disk under --out: tables printed, recording kept in the fallback folder that the message names, exit 1', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-save-'));
    const home = path.join(dir, 'home');
    const full = path.join(dir, 'full');
    mkdirSync(home);
    mkdirSync(full);
    // A 4 KiB tmpfs, filled up, in a mount namespace of this command only.
    const script = `mount -t tmpfs -o size=4k tmpfs "$1" && (head -c 8192 /dev/zero > "$1/filler" 2>/dev/null; true) && shift && exec "$@"`;
    const r = spawnSync('unshare', ['-Urm', 'sh', '-c', script, 'sh', full, process.execPath, BIN, ...RECORD, '--out', path.join(full, 'x.json.gz')], {
      cwd: dir,
      env: { ...process.env, HOME: home },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const kept = path.join(home, '.parascope', 'recordings', 'x.json.gz');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^phase +wall ms$/m);
    expect(r.stdout).toMatch(/^(HOLDS|DOES NOT HOLD|INCONCLUSIVE) · (ok|warning|info) /m);
    expect(r.stdout).toContain(`trace: ${kept}`);
    expect(problems(r.stderr)).toEqual([`parascope: cannot write ${path.join(full, 'x.json.gz')}: ENOSPC; the recording is kept at ${kept}`]);
    expect(readDoc(kept).parascope.phases.map((p) => p.name)).toEqual(['GPU1 time', 'GPU2 time', 'GPU1 & GPU2']);
  });

  it('two recordings with default names started together write two files', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-save-'));
    const [a, b] = await Promise.all([start(dir, RECORD), start(dir, RECORD)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json.gz'));
    expect(files).toHaveLength(2);
    for (const f of files) expect(readDoc(path.join(dir, f)).parascope.phases).toHaveLength(3);
  });

  it('two writers to one --out: one gets it, the other is kept beside it, named, exit 1', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-save-'));
    const out = path.join(dir, 'same.json.gz');
    const runs = await Promise.all([start(dir, [...RECORD, '--out', out]), start(dir, [...RECORD, '--out', out])]);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json.gz'))
      .sort();
    expect(files).toEqual(['same-2.json.gz', 'same.json.gz']);
    const moved = runs.filter((r) => r.code !== 0);
    expect(moved).toHaveLength(1);
    expect(problems(moved[0]!.stderr)).toEqual([
      `parascope: ${out} was written by another process while this recording ran, so it was left as it is; the recording is kept at ${path.join(dir, 'same-2.json.gz')}`,
    ]);
  });
});
