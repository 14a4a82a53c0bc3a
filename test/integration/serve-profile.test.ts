/**
 * "Profile a program" in browser mode, over the wire as any client could speak it (no page):
 * without `--allow-profile` GET /api/profiling says why not and how, and a profile message on the
 * run socket is refused whatever it holds, with nothing run; with the flag a fixture program is
 * profiled on the machine's Vulkan driver (lavapipe here) and its trace saved, sent and readable
 * by path; and the built CLI says at startup that the flag is on.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PROFILE_REFUSED, startServer, type RunningServer } from '../../src/cli/serve/server.js';
import { readTrace } from '../../src/host/trace-file.js';
import { BIN, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-serve-profile-'));
const FIXTURES = path.join(ROOT, 'test/fixtures/profile');
const marker = path.join(dir, 'it-ran');
const progDir = path.join(dir, 'prog');

let refusing: RunningServer;
let allowing: RunningServer;

function options(name: string) {
  const staticRoot = path.join(dir, `static-${name}`);
  mkdirSync(staticRoot);
  writeFileSync(path.join(staticRoot, 'index.html'), '<!doctype html><title>t</title>');
  return {
    port: 0,
    staticRoot,
    samplesDir: path.join(dir, 'no-samples'),
    examplesDir: path.join(dir, 'no-examples'),
    recordingsDir: path.join(dir, `recordings-${name}`),
    saveDir: path.join(dir, `saved-${name}`),
    childScript: path.join(ROOT, 'dist/runner-child.js'),
    programsDir: path.join(ROOT, 'resources/programs'),
    profilePreload: path.join(ROOT, 'dist/profile-preload.js'),
  };
}

beforeAll(async () => {
  mkdirSync(progDir);
  // A program whose only effect is a file: it must never appear when the server refuses.
  writeFileSync(path.join(progDir, 'touch.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\n`);
  refusing = await startServer(options('refusing'));
  allowing = await startServer({ ...options('allowing'), allowProfile: true });
});

afterAll(async () => {
  await refusing?.close();
  await allowing?.close();
});

type Message =
  | { type: 'progress'; phase: string; gpuOps?: number; output?: string[] }
  | { type: 'done'; file: { name: string; path: string; bytes: string }; notes?: string[] }
  | { type: 'error'; message: string }
  | { type: 'cancelled' };

/** Sends `frames` on a fresh run socket; resolves with what came back once the run ends (or the socket closes). */
function exchange(server: RunningServer, frames: string[], until = (got: Message[]) => got.some((m) => m.type !== 'progress')): Promise<Message[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.base.replace('http:', 'ws:')}api/run`, { headers: { Authorization: `Bearer ${server.token}` } });
    const got: Message[] = [];
    ws.on('open', () => frames.forEach((f) => ws.send(f)));
    ws.on('message', (d) => {
      got.push(JSON.parse(String(d)) as Message);
      if (until(got)) {
        ws.close();
        resolve(got);
      }
    });
    ws.on('error', reject);
    ws.on('close', () => resolve(got));
  });
}

const api = (server: RunningServer, route: string) => fetch(`${server.base}api/${route}`, { headers: { Authorization: `Bearer ${server.token}` } });

describe('parascope serve without --allow-profile', () => {
  it('GET /api/profiling says it is off and how to turn it on', async () => {
    const r = await api(refusing, 'profiling');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ allowed: false, reason: PROFILE_REFUSED });
    expect(PROFILE_REFUSED).toMatch(/^browser mode runs programs only when started with `parascope serve --allow-profile`/);
  });

  it('refuses every profile message on the socket, whatever it holds, and runs nothing', async () => {
    const requests = [
      { command: 'node touch.mjs', cwd: progDir },
      { command: ['node', path.join(progDir, 'touch.mjs')] },
      { command: 'node touch.mjs', cwd: progDir, perPass: true, timeoutS: 5 },
      { command: 'python3 -c 1' },
      {},
    ];
    for (const request of requests) {
      const got = await exchange(refusing, [JSON.stringify({ type: 'profile', request })]);
      expect(got).toEqual([{ type: 'error', message: PROFILE_REFUSED }]);
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(path.join(dir, 'recordings-refusing'))).toBe(false);
  });
});

describe('parascope serve --allow-profile', () => {
  it('GET /api/profiling: allowed, its working directory and the example programs', async () => {
    const info = (await (await api(allowing, 'profiling')).json()) as { allowed: boolean; cwd: string; examples: { name: string; command: string }[] };
    expect(info.allowed).toBe(true);
    expect(info.cwd).toBe(process.cwd());
    expect(info.examples.map((e) => e.name)).toContain('raw-hazards.mjs');
    expect(info.examples[0]!.command).toBe(`node ${path.join(ROOT, 'resources/programs/raw-hazards.mjs')}`);
  });

  it('profiles a fixture program: progress, then the trace, saved in the recordings folder and readable by path', async () => {
    const got = await exchange(allowing, [JSON.stringify({ type: 'profile', request: { command: 'node run-gpu-work.mjs 3', cwd: FIXTURES } })]);
    const end = got[got.length - 1]!;
    if (end.type === 'error') throw new Error(end.message);
    expect(got.filter((m) => m.type === 'progress').length).toBeGreaterThan(0);
    expect(end.type).toBe('done');
    if (end.type !== 'done') return;
    expect(path.dirname(end.file.path)).toBe(path.join(dir, 'recordings-allowing'));
    expect(Buffer.from(end.file.bytes, 'base64').equals(readFileSync(end.file.path))).toBe(true);
    expect(end.notes?.[0]).toMatch(/^\d+ GPU op\(s\) on 1 device\(s\)/);
    const { trace } = await readTrace(end.file.path);
    expect(trace.ops.filter((o) => o.name === 'touch')).toHaveLength(3);
    const again = await api(allowing, `file?path=${encodeURIComponent(end.file.path)}`);
    expect(again.status).toBe(200);
  });

  it('bad requests are one-line error events; a profile message without a request is a bad message', async () => {
    const [missing] = await exchange(allowing, [JSON.stringify({ type: 'profile', request: { command: 'node nope.mjs', cwd: FIXTURES } })]);
    expect(missing).toEqual({ type: 'error', message: `nope.mjs (in ${FIXTURES}): no such file` });
    const [shape] = await exchange(allowing, [JSON.stringify({ type: 'profile', request: 'node x.mjs' })], (g) => g.length > 0);
    expect(shape).toMatchObject({ type: 'error', message: expect.stringMatching(/^bad message: request: /) });
    expect(readdirSync(path.join(dir, 'recordings-allowing'))).toHaveLength(1);
  });
});

describe('the built CLI', () => {
  it('`parascope serve --allow-profile` says so at startup, before its URL', async () => {
    const staticDir = path.join(ROOT, 'out/renderer/index.html');
    if (!existsSync(staticDir)) throw new Error('build first: npm run build (out/renderer)');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--allow-profile', '--recordings-dir', path.join(dir, 'cli-rec')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${text}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (/token=/.test(text)) {
            clearTimeout(timer);
            resolve(text);
          }
        });
      });
      const lines = out.trim().split('\n');
      expect(lines[0]).toBe(
        `Parascope: --allow-profile: the page can run Node.js programs on this machine as ${os.userInfo().username}, in ${dir} unless it names another folder`,
      );
      expect(lines[1]).toMatch(/^Parascope: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
