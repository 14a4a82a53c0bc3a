/**
 * Browser mode's server (`parascope serve`, src/cli/serve/), in process on a free port: every
 * endpoint of the ParascopeApi wire protocol, the file allow-list (403 outside it, `..` refused),
 * recordings over the WebSocket on the machine's real GPU driver (lavapipe in CI), cancel, and the
 * built CLI printing its URL. The recorder child is the built dist/runner-child.js.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer, type ServeOptions } from '../../src/cli/serve/server.js';
import { CONTENT_SECURITY_POLICY } from '../../src/host/csp.js';
import { EXPERIMENTS } from '../../src/runner/experiments/registry.js';
import { VERSION } from '../../src/version.js';
import { findChromium } from '../../src/host/pdf.js';
import { readTrace } from '../../src/host/trace-file.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/parascope.js');
const CHILD = path.join(ROOT, 'dist/runner-child.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-serve-'));
const staticRoot = path.join(dir, 'static');
const samplesDir = path.join(dir, 'samples');
const recordingsDir = path.join(dir, 'recordings');
const saveDir = path.join(dir, 'saved');
const examplesDir = path.join(dir, 'examples');
const fixture = path.join(dir, 'given.json.gz');
const secret = path.join(dir, 'secret.json');
const SAMPLE = 'seed-parallel.json.gz';

/** The smallest useful experiment file: one 32×32 matmul and its read-back, a few ms on lavapipe. */
const TINY = `schema: parascope.experiment/1
name: Tiny matmul
question: Does one small matmul run and read back?
devices: [{ id: gpu }]
buffers:
  - { id: a, matrix: 32, init: random, seed: 1 }
  - { id: b, matrix: 32, init: random, seed: 2 }
  - { id: c, matrix: 32 }
ops:
  - { id: mm, kind: matmul, a: a, b: b, out: c }
  - { id: read c, kind: readback, buffer: c, after: [mm] }
phases:
  - { name: once, ops: [mm, read c], repeat: 2 }
`;

let server: RunningServer;
let base: string;

/** Each server's token by its base URL: every API call here carries it, as a script would (Bearer). */
const tokens = new Map<string, string>();

async function start(opts: ServeOptions): Promise<RunningServer> {
  const s = await startServer(opts);
  tokens.set(s.base, s.token);
  return s;
}

/** fetch with the token of the server it asks (test/integration/serve-auth.test.ts asks without). */
function fetch(input: string, init: RequestInit = {}): Promise<Response> {
  const token = [...tokens].find(([b]) => input.startsWith(b))?.[1];
  const headers = new Headers(init.headers);
  if (token !== undefined && !headers.has('authorization')) headers.set('Authorization', `Bearer ${token}`);
  return globalThis.fetch(input, { ...init, headers });
}

beforeAll(async () => {
  mkdirSync(staticRoot);
  writeFileSync(path.join(staticRoot, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/app.js"></script>');
  writeFileSync(path.join(staticRoot, 'app.js'), 'console.log(1);');
  mkdirSync(samplesDir);
  copyFileSync(path.join(ROOT, 'resources/samples', SAMPLE), path.join(samplesDir, SAMPLE));
  copyFileSync(path.join(ROOT, 'resources/samples/seed-compute-copy.json.gz'), fixture);
  writeFileSync(secret, '{"secret": true}');
  // A link inside an allowed folder that points outside it.
  symlinkSync(secret, path.join(samplesDir, 'link.json'));
  mkdirSync(examplesDir);
  writeFileSync(path.join(examplesDir, 'tiny.yaml'), TINY);
  // An example that does not validate is left out of the list, not fatal to it.
  writeFileSync(path.join(examplesDir, 'broken.yaml'), TINY.replace('kind: matmul', 'kind: matmull'));
  writeFileSync(path.join(examplesDir, 'notes.txt'), 'not an experiment file');
  // An experiment file outside the examples: the page cannot name it by path.
  writeFileSync(path.join(dir, 'elsewhere.yaml'), TINY);
  server = await start({ port: 0, file: fixture, staticRoot, samplesDir, examplesDir, recordingsDir, saveDir, childScript: CHILD });
  base = server.base.replace(/\/$/, '');
});

afterAll(async () => {
  await server?.close();
});

/** A raw request: fetch normalises `..` out of paths and will not set Host. */
function raw(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: Number(port), path: pathAndQuery, headers: { Authorization: `Bearer ${server.token}`, ...headers } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const fileUrl = (p: string) => `${base}/api/file?path=${encodeURIComponent(p)}`;

describe('server', () => {
  it('listens on 127.0.0.1 only and refuses any other host', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`${server.base}?token=${server.token}`);
    expect(server.port).toBeGreaterThan(0);
    await expect(startServer({ examplesDir, host: '0.0.0.0', staticRoot, samplesDir, recordingsDir, saveDir })).rejects.toThrow(/127\.0\.0\.1/);
    // Not reachable on this machine's other addresses.
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) {
      const reached = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: external.address, port: server.port }, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      expect(reached).toBe(false);
    }
    // A page that re-points its own host name at 127.0.0.1 (DNS rebinding) is refused.
    expect((await raw('/api/version', { Host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('says to build first when the renderer is not built', async () => {
    await expect(startServer({ examplesDir, staticRoot: path.join(dir, 'nothing'), samplesDir, recordingsDir, saveDir })).rejects.toThrow(/run npm run build/);
  });

  it('serves the static app with content types and the CSP', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await index.text()).toContain('<title>t</title>');
    const js = await fetch(`${base}/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
    expect((await raw('/../secret.json')).status).toBe(403);
    expect((await raw('/%2e%2e/secret.json')).status).toBe(403);
    expect((await fetch(`${base}/app.js`, { method: 'POST' })).status).toBe(405);
  });
});

describe('API', () => {
  it('GET /api/version', async () => {
    const r = await fetch(`${base}/api/version`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await r.json()).toEqual({ version: VERSION });
  });

  it('GET /api/initial: the file given', async () => {
    const r = await fetch(`${base}/api/initial`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(decodeURIComponent(r.headers.get('x-parascope-name')!)).toBe('given.json.gz');
    expect(decodeURIComponent(r.headers.get('x-parascope-path')!)).toBe(fixture);
    expect(Buffer.from(await r.arrayBuffer()).equals(readFileSync(fixture))).toBe(true);
  });

  it('GET /api/initial: the default sample without a file, 204 without either', async () => {
    const withSample = await start({ examplesDir, staticRoot, samplesDir, defaultSample: path.join(samplesDir, SAMPLE), recordingsDir, saveDir });
    const bare = await start({ examplesDir, staticRoot, samplesDir: path.join(dir, 'no-samples'), recordingsDir, saveDir });
    try {
      const r = await fetch(`${withSample.base}api/initial`);
      expect(r.status).toBe(200);
      expect(Buffer.from(await r.arrayBuffer()).equals(readFileSync(path.join(samplesDir, SAMPLE)))).toBe(true);
      const none = await fetch(`${bare.base}api/initial`);
      expect(none.status).toBe(204);
    } finally {
      await withSample.close();
      await bare.close();
    }
  });

  it('GET /api/file: the file given and the samples, byte for byte', async () => {
    const given = await fetch(fileUrl(fixture));
    expect(given.status).toBe(200);
    expect(given.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await given.arrayBuffer()).equals(readFileSync(fixture))).toBe(true);
    const sample = await fetch(fileUrl(path.join(samplesDir, SAMPLE)));
    expect(sample.status).toBe(200);
    expect(Buffer.from(await sample.arrayBuffer()).equals(readFileSync(path.join(samplesDir, SAMPLE)))).toBe(true);
  });

  it('GET /api/file: 403 outside the allowed files, for `..`, for links out, for relative paths; 404 when missing', async () => {
    const outside = await fetch(fileUrl(secret));
    expect(outside.status).toBe(403);
    expect((await outside.json()) as unknown).toHaveProperty('error');
    expect((await fetch(fileUrl(path.join(samplesDir, '..', 'secret.json')))).status).toBe(403);
    expect((await fetch(fileUrl(`${samplesDir}/../secret.json`))).status).toBe(403);
    expect((await fetch(fileUrl(`${samplesDir}/../../../../etc/passwd`))).status).toBe(403);
    expect((await raw(`/api/file?path=${samplesDir}/%2e%2e/secret.json`)).status).toBe(403);
    expect((await fetch(fileUrl('/etc/passwd'))).status).toBe(403);
    expect((await fetch(fileUrl(path.join(samplesDir, 'link.json')))).status).toBe(403);
    expect((await fetch(fileUrl('samples/seed-parallel.json.gz'))).status).toBe(403);
    expect((await fetch(`${base}/api/file`)).status).toBe(403);
    expect((await fetch(fileUrl(path.join(samplesDir, 'gone.json')))).status).toBe(404);
  });

  it('GET /api/recent, /api/samples, /api/experiments', async () => {
    expect(await (await fetch(`${base}/api/recent`)).json()).toContain(fixture);
    const samples = (await (await fetch(`${base}/api/samples`)).json()) as { name: string; path: string }[];
    expect(samples).toEqual([
      { name: 'link.json', path: path.join(samplesDir, 'link.json') },
      { name: SAMPLE, path: path.join(samplesDir, SAMPLE) },
    ]);
    const experiments = (await (await fetch(`${base}/api/experiments`)).json()) as {
      id: string;
      title: string;
      question: string;
      method: string;
      defaults: { size: number; reps: number; repeat: number };
    }[];
    expect(experiments.map((e) => e.id)).toEqual(EXPERIMENTS.map((e) => e.id));
    for (const e of experiments) {
      expect(e.title).not.toBe('');
      expect(e.question).not.toBe('');
      expect(e.method).not.toBe('');
      expect(e.defaults.size).toBeGreaterThan(0);
      expect(e.defaults.reps).toBeGreaterThan(0);
      expect(e.defaults.repeat).toBe(e.id === 'seed-parallel' ? 40 : 5);
    }
  });

  it('POST /api/save writes atomically into the save folder, never outside it, never over an earlier save', async () => {
    const body = new Uint8Array([1, 2, 3, 250]);
    const r = await fetch(`${base}/api/save?name=${encodeURIComponent('report.json.gz')}`, { method: 'POST', body });
    expect(r.status).toBe(200);
    const { path: saved } = (await r.json()) as { path: string };
    expect(saved).toBe(path.join(saveDir, 'report.json.gz'));
    expect([...readFileSync(saved)]).toEqual([...body]);
    const again = (await (await fetch(`${base}/api/save?name=report.json.gz`, { method: 'POST', body: 'text' })).json()) as { path: string };
    expect(again.path).toBe(path.join(saveDir, 'report (2).json.gz'));
    expect(readFileSync(again.path, 'utf8')).toBe('text');
    const sneaky = (await (await fetch(`${base}/api/save?name=${encodeURIComponent('../../evil.txt')}`, { method: 'POST', body: 'x' })).json()) as {
      path: string;
    };
    expect(sneaky.path).toBe(path.join(saveDir, 'evil.txt'));
    expect(readdirSync(saveDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('GET /api/experiment-examples: the valid example files, described', async () => {
    const r = await fetch(`${base}/api/experiment-examples`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual([
      {
        source: { name: 'tiny.yaml', path: path.join(examplesDir, 'tiny.yaml') },
        title: 'Tiny matmul',
        question: 'Does one small matmul run and read back?',
        devices: 1,
        ops: 2,
        phases: ['once'],
        example: true,
      },
    ]);
  });

  it('POST /api/experiment-file validates text the page read: its description, or why it is invalid (FILE:LINE: field)', async () => {
    const post = (name: string, text: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/api/experiment-file?name=${encodeURIComponent(name)}`, { method: 'POST', body: text, headers });
    const ok = await post('mine.yaml', TINY);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ info: { source: { name: 'mine.yaml', text: TINY }, title: 'Tiny matmul', example: false } });

    const bad = await post('mine.yaml', TINY.replace('matrix: 32 }\nops', 'matrix: 32 }\n  - { id: d, matrix: 0 }\nops'));
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({ invalid: 'mine.yaml:9: buffers[3].matrix: expected a positive integer' });

    // A WGSL file beside the text cannot be read: there is no folder behind text the browser sent.
    const wgsl = TINY.replace(
      '  - { id: mm, kind: matmul, a: a, b: b, out: c }',
      '  - { id: mm, kind: wgsl, file: ../secret.json, workgroups: [1], bindings: [{ binding: 0, buffer: c, access: read_write }] }',
    );
    const refused = await post('mine.yaml', wgsl);
    expect(((await refused.json()) as { invalid: string }).invalid).toMatch(
      /^mine\.yaml:\d+: ops\[0\]\.file: cannot read WGSL file '\.\.\/secret\.json' \(the experiment file was read by the browser/,
    );

    expect(await (await post('notes.txt', TINY)).json()).toEqual({ invalid: 'an experiment file is named .yaml, .yml or .json, got "notes.txt"' });
    expect((await post('mine.yaml', TINY, { Origin: 'http://evil.example' })).status).toBe(403);
  });

  it('POST from another site is refused; wrong methods and unknown APIs are errors', async () => {
    const r = await fetch(`${base}/api/save?name=x.txt`, { method: 'POST', body: 'x', headers: { Origin: 'http://evil.example' } });
    expect(r.status).toBe(403);
    expect((await fetch(`${base}/api/save`)).status).toBe(405);
    expect((await fetch(`${base}/api/version`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/api/nothing`)).status).toBe(404);
  });

  it.skipIf(findChromium() === undefined)('POST /api/pdf prints the report of a trace it may read, built by the server, saves it and returns it', async () => {
    const r = await fetch(`${base}/api/pdf?name=report`, {
      method: 'POST',
      body: JSON.stringify({ path: fixture }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    const saved = decodeURIComponent(r.headers.get('x-parascope-path')!);
    expect(saved).toBe(path.join(saveDir, 'report.pdf'));
    const pdf = Buffer.from(await r.arrayBuffer());
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.equals(readFileSync(saved))).toBe(true);
  });

  it('POST /api/pdf never prints what the page sent: HTML is not a trace (400), a path it may not read is 403', async () => {
    const pdfs = () => (existsSync(saveDir) ? readdirSync(saveDir).filter((f) => f.endsWith('.pdf')) : []);
    const before = pdfs();
    const html = '<!doctype html><html><body><iframe src="file:///etc/hostname"></iframe><img src=file:///etc/passwd></body></html>';
    for (const type of ['text/html', 'application/octet-stream']) {
      const r = await fetch(`${base}/api/pdf?name=leak`, { method: 'POST', body: html, headers: { 'Content-Type': type } });
      expect(r.status).toBe(400);
      expect(await r.json()).toEqual({ error: expect.stringMatching(/^trace\.json: /) });
    }
    for (const p of [secret, '/etc/hostname', path.join(samplesDir, 'link.json'), `${samplesDir}/../secret.json`]) {
      const r = await fetch(`${base}/api/pdf?name=leak`, {
        method: 'POST',
        body: JSON.stringify({ path: p }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(r.status).toBe(403);
      expect(Object.keys((await r.json()) as object)).toEqual(['error']);
    }
    const notJson = await fetch(`${base}/api/pdf?name=leak`, { method: 'POST', body: '{"path":', headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status).toBe(400);
    const notReference = await fetch(`${base}/api/pdf?name=leak`, { method: 'POST', body: '"<p>hi</p>"', headers: { 'Content-Type': 'application/json' } });
    expect(notReference.status).toBe(400);
    expect(await notReference.json()).toEqual({ error: expect.stringMatching(/the report needs a trace/) });
    expect(pdfs()).toEqual(before);
  });
});

type Message =
  | { type: 'progress'; phase: string; done: number; total: number; round?: number; rounds?: number }
  | { type: 'done'; file: { name: string; path: string; bytes: string } }
  | { type: 'error'; message: string }
  | { type: 'cancelled' };

/** Opens /api/run and hands each message to `on`, with the socket; resolves on the final one. */
function run(request: unknown, on: (m: Message, ws: WebSocket) => void = () => {}, headers: Record<string, string> = {}): Promise<Message[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http:', 'ws:')}/api/run`, { headers: { Authorization: `Bearer ${server.token}`, ...headers } });
    const got: Message[] = [];
    ws.on('open', () => ws.send(JSON.stringify(request)));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Message;
      got.push(m);
      on(m, ws);
      if (m.type !== 'progress') resolve(got);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('close', () => resolve(got));
  });
}

describe('WebSocket /api/run', () => {
  it('records seed-parallel on the GPU in 2 rounds: progress, then done with a file already in the recordings folder', async () => {
    let before: string[] | undefined;
    let savedWhenDone = false;
    const got = await run({ type: 'run', id: 'seed-parallel', params: { size: 32, reps: 2, repeat: 2 } }, (m) => {
      if (m.type === 'progress' && before === undefined) before = existsSync(recordingsDir) ? readdirSync(recordingsDir) : [];
      // Checked the moment 'done' arrives: the file must already be on disk.
      if (m.type === 'done') savedWhenDone = existsSync(m.file.path);
    });
    const last = got[got.length - 1]!;
    if (last.type === 'error') throw new Error(`recording failed: ${last.message}`);
    const progress = got.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      expect(typeof p.phase).toBe('string');
      expect(p.done).toBeLessThanOrEqual(p.total);
    }
    // --repeat through serve: the progress counts the rounds.
    expect([...new Set(progress.flatMap((p) => (p.round !== undefined ? [`${p.round}/${p.rounds}`] : [])))]).toEqual(['1/2', '2/2']);
    expect(last.type).toBe('done');
    if (last.type !== 'done') return;
    expect(before).toEqual([]);
    expect(savedWhenDone).toBe(true);
    expect(path.dirname(last.file.path)).toBe(recordingsDir);
    expect(last.file.name).toMatch(/^seed-parallel-\d{8}-\d{6}\.json\.gz$/);
    const bytes = Buffer.from(last.file.bytes, 'base64');
    expect((bytes[0] === 0x1f && bytes[1] === 0x8b) || bytes[0] === 0x7b).toBe(true);
    expect(bytes.equals(readFileSync(last.file.path))).toBe(true);
    // The recording is now readable by path and listed as recent.
    const again = await fetch(fileUrl(last.file.path));
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await (await fetch(`${base}/api/recent`)).json()).toContain(last.file.path);
  });

  it('cancels a long recording after its first progress, and refuses a second one meanwhile', async () => {
    const files = readdirSync(recordingsDir);
    let second: Promise<Message[]> | undefined;
    const got = await run({ type: 'run', id: 'seed-compute-copy', params: { size: 128, reps: 3000 } }, (m, ws) => {
      if (m.type === 'progress' && second === undefined) {
        second = run({ type: 'run', id: 'seed-parallel', params: { size: 32, reps: 2 } }).finally(() => ws.send(JSON.stringify({ type: 'cancel' })));
      }
    });
    expect(got[0]?.type).toBe('progress');
    expect(got[got.length - 1]).toEqual({ type: 'cancelled' });
    const refused = await second!;
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/another recording is running/) });
    expect(readdirSync(recordingsDir)).toEqual(files);
  });

  it('reports bad requests as error events', async () => {
    const [unknown] = await run({ type: 'run', id: 'no-such-experiment', params: { size: 32, reps: 2 } });
    expect(unknown).toMatchObject({ type: 'error', message: expect.stringMatching(/unknown experiment/) });
    const [badSize] = await run({ type: 'run', id: 'seed-parallel', params: { size: 0, reps: 2 } });
    expect(badSize).toMatchObject({ type: 'error', message: expect.stringMatching(/size/) });
    const [badRepeat] = await run({ type: 'run', id: 'seed-parallel', params: { size: 32, reps: 2, repeat: 0 } });
    expect(badRepeat).toMatchObject({ type: 'error', message: 'repeat must be an integer in 1..100, got 0' });
    const [traversal] = await run({ type: 'run', id: '../../evil', params: { size: 32, reps: 2 } });
    expect(traversal).toMatchObject({ type: 'error' });
  });

  it('records an experiment file named by path (an example) or given as text, like a built-in', async () => {
    // The example at the default 5 rounds, the text in 1 (`repeat` through serve): 'mm' runs twice a round.
    for (const [source, params, mm] of [
      [{ name: 'tiny.yaml', path: path.join(examplesDir, 'tiny.yaml') }, {}, 2 * 5],
      [{ name: 'mine.yaml', text: TINY }, { repeat: 1 }, 2],
    ] as const) {
      const got = await run({ type: 'run-file', source, params });
      const last = got[got.length - 1]!;
      if (last.type === 'error') throw new Error(`recording failed: ${last.message}`);
      expect(got.some((m) => m.type === 'progress')).toBe(true);
      expect(last.type).toBe('done');
      if (last.type !== 'done') return;
      expect(path.dirname(last.file.path)).toBe(recordingsDir);
      expect(last.file.name).toMatch(new RegExp(`^file-${source.name.replace('.yaml', '')}-\\d{8}-\\d{6}(-\\d+)?\\.json\\.gz$`));
      const { trace } = await readTrace(last.file.path);
      expect(trace.meta?.experiment).toMatchObject({ id: `file:${source.name}`, title: 'Tiny matmul' });
      expect(trace.ops.filter((o) => o.name === 'mm')).toHaveLength(mm);
    }
  });

  it('records an experiment file given as text larger than a WebSocket frame’s usual 64 KiB', async () => {
    const big = `${TINY}${'# a long comment, as a real file may have\n'.repeat(4000)}`;
    expect(big.length).toBeGreaterThan(128 * 1024);
    const got = await run({ type: 'run-file', source: { name: 'big.yaml', text: big }, params: {} });
    expect(got[got.length - 1]).toMatchObject({ type: 'done', file: { name: expect.stringMatching(/^file-big-/) } });
  });

  it('refuses experiment files the host did not name, and reports invalid ones with their line', async () => {
    const [outside] = await run({ type: 'run-file', source: { name: 'elsewhere.yaml', path: path.join(dir, 'elsewhere.yaml') }, params: {} });
    expect(outside).toMatchObject({ type: 'error', message: `${path.join(dir, 'elsewhere.yaml')}: not an example experiment file or one picked in the app` });
    const [invalid] = await run({ type: 'run-file', source: { name: 'mine.yaml', text: 'schema: parascope.experiment/1\nname: x\n' }, params: {} });
    expect(invalid).toMatchObject({ type: 'error', message: expect.stringMatching(/^mine\.yaml:\d+: /) });
    const [badAdapter] = await run({ type: 'run-file', source: { name: 'mine.yaml', text: TINY }, params: { adapter: 7 } });
    expect(badAdapter).toMatchObject({ type: 'error', message: 'adapter must be a string' });
    const [noSource] = await run({ type: 'run-file', params: {} });
    expect(noSource).toMatchObject({ type: 'error' });
  });

  it('refuses a WebSocket from another site', async () => {
    await expect(run({ type: 'run', id: 'seed-parallel', params: { size: 32, reps: 2 } }, () => {}, { Origin: 'http://evil.example' })).rejects.toThrow(
      /refused: 403/,
    );
  });
});

describe('the built CLI', () => {
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
      const b = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (b.status !== 0) throw new Error(`electron-vite build failed: ${b.stderr}`);
    }
  });

  it('`parascope serve --port 0` prints its URL and answers until killed', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--recordings-dir', recordingsDir, '--save-dir', saveDir], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let token = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out} ${err}`)), 20_000);
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^Parascope: (http:\/\/127\.0\.0\.1:(\d+)\/)\?token=([A-Za-z0-9_-]{43})$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            expect(Number(m[2])).toBeGreaterThan(0);
            token = m[3]!;
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
      });
      expect((await fetch(`${url}api/version`)).status).toBe(401);
      expect(await (await fetch(`${url}api/version`, { headers: { Authorization: `Bearer ${token}` } })).json()).toEqual({ version: VERSION });
      expect((await fetch(url)).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('`parascope serve` refuses a non-loopback host (exit 2)', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--host', '0.0.0.0'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('`parascope open` without a desktop session exits 1 with one line suggesting serve', () => {
    const env = { ...process.env };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const r = spawnSync(process.execPath, [BIN, 'open', fixture], { encoding: 'utf8', env });
    if (process.platform === 'darwin' || process.platform === 'win32') return; // always a desktop there
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`parascope serve ${fixture}`);
  });
});
