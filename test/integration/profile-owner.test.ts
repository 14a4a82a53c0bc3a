/**
 * "Every process Parascope starts ends with its owner", for a profiled program: when the
 * `parascope profile` process or the host of the app (`parascope serve`) is killed with SIGKILL —
 * nothing of it runs any more to end the program — the program ends within a second or so, its
 * record folder is removed, and under the app's host what the program started ends too (its own
 * process group). The preload does it (src/runner/profile/owner-watch.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { channelDir } from '../../src/runner/profile/channel.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { serve } from '../helpers/serve-cli.js';
import { childOf, waitUntil } from '../helpers/processes.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/profile');
const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-profile-owner-'));
const leftRunning: number[] = [];
afterAll(() => {
  for (const pid of leftRunning) if (running(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Alive and not a zombie (a re-parented process's exit may be reaped late in a container). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Whether `pid` has ended within `ms`. */
const endsWithin = (pid: number, ms: number): Promise<boolean> => waitUntil(() => !running(pid), ms);

/** Resolves with everything `child` printed once `pattern` appears in it. */
function printed(child: ChildProcess, pattern: RegExp, ms = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`never printed ${pattern}: ${text}`)), ms);
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

describe('a profiled program ends with its owner', () => {
  it('`parascope profile` killed with SIGKILL: the program ends and its record folder goes', async () => {
    const cli = spawn(process.execPath, [BIN, 'profile', '--out', path.join(dir, 'cli.json'), '--', 'node', path.join(FIXTURES, 'hang.mjs')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await printed(cli, /gpu work done/);
    const program = childOf(cli.pid!)!;
    expect(running(program)).toBe(true);
    leftRunning.push(program);
    const folder = channelDir(cli.pid!);
    expect(existsSync(folder)).toBe(true);
    cli.kill('SIGKILL');
    expect(await endsWithin(program, 3000), `program ${program} still running 3 s after its owner was killed`).toBe(true);
    expect(existsSync(folder)).toBe(false);
  });

  it('`parascope serve --allow-profile` killed with SIGKILL: the program and what it started end', async () => {
    const served = await serve(['--allow-profile', '--recordings-dir', path.join(dir, 'rec')]);
    const host = served.process;
    try {
      const ws = new WebSocket(`${served.base.replace('http:', 'ws:')}api/run`, { headers: { Authorization: `Bearer ${served.token}` } });
      const pids = await new Promise<number[]>((resolve, reject) => {
        let output = '';
        ws.on('open', () => ws.send(JSON.stringify({ type: 'profile', request: { command: 'node hang-with-child.mjs', cwd: FIXTURES } })));
        ws.on('message', (d) => {
          const m = JSON.parse(String(d)) as { type: string; output?: string[]; message?: string };
          if (m.type === 'error') reject(new Error(m.message));
          output = (m.output ?? []).join('\n');
          const p = /pids (\d+) (\d+)/.exec(output);
          if (p && output.includes('gpu work done')) resolve([Number(p[1]), Number(p[2])]);
        });
        ws.on('error', reject);
      });
      leftRunning.push(...pids);
      expect(pids.map(running)).toEqual([true, true]);
      // The page stays connected: closing its socket first would make the host cancel the run itself.
      host.kill('SIGKILL');
      for (const pid of pids) expect(await endsWithin(pid, 3000), `pid ${pid} still running 3 s after its host was killed`).toBe(true);
      expect(existsSync(channelDir(host.pid!))).toBe(false);
      ws.terminate();
    } finally {
      host.kill('SIGKILL');
    }
  });
});
