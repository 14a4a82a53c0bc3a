/**
 * The recorder child never outlives its owner (issue 10, item 5). A kernel that does not end keeps
 * the child busy on the GPU (lavapipe: a CPU thread) while its owner goes away: killed with -9, or
 * interrupted twice from the terminal. The child must be gone within two seconds either way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { childOf, waitUntil } from '../helpers/processes.js';

const ENDLESS = path.join(ROOT, 'test/fixtures/experiments/endless-kernel.yaml');
const started: number[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The recorder child of `cli`, once it has started (its only child process). */
async function recorderOf(cli: ChildProcess): Promise<number> {
  let pid: number | undefined;
  await waitUntil(() => (pid = childOf(cli.pid!)) !== undefined, 20_000);
  if (pid === undefined) throw new Error('the recorder child did not start');
  started.push(pid);
  return pid;
}

/** `parascope record` of the endless kernel, in a process group of its own (as a terminal's foreground job is). */
function recordEndless(dir: string): ChildProcess {
  const cli = spawn(process.execPath, [BIN, 'record', ENDLESS, '--json', '--out', path.join(dir, 'never.json')], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(cli.pid!);
  return cli;
}

/** Resolves once the CLI has printed a progress line: the recording is under way. */
function underWay(cli: ChildProcess): Promise<void> {
  return new Promise((resolve) => cli.stdout!.once('data', () => resolve()));
}

describe('--timeout ends a recording that would never end (issue 10, item 6)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops the child and its devices, names the ops in flight, exit 1, no file', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-timeout-'));
    const t = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'record', ENDLESS, '--timeout', '2', '--out', path.join(dir, 'never.json')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l !== '' && !/artificially reduced/.test(l))).toEqual([
      "parascope: the recording ran past --timeout 2 s and was stopped, its devices with it: ops 'warm-up spin', 'warm-up read out' had not finished. A kernel that never ends? Otherwise raise --timeout (0: none)",
    ]);
    expect(Date.now() - t).toBeLessThan(15_000);
    expect(existsSync(path.join(dir, 'never.json'))).toBe(false);
  });

  it('refuses a --timeout that is not a number of seconds as bad usage', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-timeout-'));
    const r = spawnSync(process.execPath, [BIN, 'record', ENDLESS, '--timeout', '-1'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--timeout must be a number of seconds, 0 or more, got '-1'");
  });
});

describe('the recorder child ends with its owner', () => {
  let dir: string;
  afterEach(() => {
    for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the CLI is killed with -9 while a kernel is in flight', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-lifetime-'));
    const cli = recordEndless(dir);
    await underWay(cli);
    const child = await recorderOf(cli);
    await new Promise((r) => setTimeout(r, 500)); // the kernel is running
    expect(alive(child)).toBe(true);
    process.kill(cli.pid!, 'SIGKILL');
    expect(await waitUntil(() => !alive(child), 2000), 'recorder still running 2 s after its parent was killed').toBe(true);
  });

  it('when Ctrl-C comes twice (the terminal interrupts the whole job)', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-lifetime-'));
    const cli = recordEndless(dir);
    await underWay(cli);
    const child = await recorderOf(cli);
    await new Promise((r) => setTimeout(r, 500));
    process.kill(-cli.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    process.kill(-cli.pid!, 'SIGINT');
    expect(await waitUntil(() => !alive(cli.pid!) && !alive(child), 2000), 'CLI or recorder still running 2 s after the second Ctrl-C').toBe(true);
  });
});
