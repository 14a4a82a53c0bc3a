/**
 * Fuzzing browser mode's server (issue 10, "keep it held"): a running `parascope serve` gets seeded
 * fast-check requests — methods (odd ones too), paths (API routes, static files, `..` and its
 * encodings, NUL, `//`), queries, headers (token right, wrong or absent; Origin and Host of other
 * sites; content types) and bodies — and run-socket traffic: any JSON value as a message, messages
 * of the right type with fields of any type, binary frames, and raw bytes after the handshake.
 * Whatever comes in, the server answers with a status (an error as {"error": one line}, never a
 * stack, never a 500) or an error event or a close code, never a reset, and stays up. Bounded in
 * count (PARASCOPE_FUZZ_RUNS, 300 per property by default) and time.
 */
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunningServer } from '../../src/cli/serve/server.js';
import { SAMPLE, startScratchServer } from '../helpers/scratch-server.js';
import { upgradeRequest } from '../helpers/raw-websocket.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED = 20261205;
const RUNS = Number(process.env['PARASCOPE_FUZZ_RUNS'] ?? 300);
const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-fuzz-serve-'));
let server: RunningServer;
const outcomes: Record<string, number> = {};
const count = (k: string) => void (outcomes[k] = (outcomes[k] ?? 0) + 1);

beforeAll(async () => {
  server = await startScratchServer(dir, path.join(ROOT, 'resources/experiments'));
});

afterAll(async () => {
  if (process.env['PARASCOPE_FUZZ_RUNS']) console.log(`serve: ${JSON.stringify(outcomes)}`);
  await server?.close();
});

const STACK = /\n\s+at |\bat [\w.<>]+ \(/;

const PATHS = [
  '/api/version',
  '/api/initial',
  '/api/file',
  '/api/recent',
  '/api/samples',
  '/api/experiments',
  '/api/profiling',
  '/api/experiment-examples',
  '/api/experiment-file',
  '/api/save',
  '/api/pdf',
  '/api/run',
  '/api/',
  '/api/nothing',
  '/',
  '/index.html',
  '/app.js',
  '/favicon.ico',
  '/missing',
];
const SEGMENTS = ['..', '%2e%2e', '%2E%2e%2f', '%00', '%', '%zz', '', '.', '~', 'é', '%C3%A9', '\\', 'a'.repeat(300), '?', '#'];
const VALUES = [
  '',
  '/etc/passwd',
  '/etc/hostname',
  `${dir}/samples/${SAMPLE}`,
  `${dir}/samples/../${SAMPLE}`,
  'x.json',
  '../../x',
  '%00',
  'a'.repeat(2000),
  '<script>',
  'CON',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'FOO', 'get'];
const TYPES = [
  'application/json',
  'application/octet-stream',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  '',
];

const request = fc.record({
  method: fc.constantFrom(...METHODS),
  path: fc.oneof(
    fc.constantFrom(...PATHS),
    fc.tuple(fc.constantFrom(...PATHS), fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 4 })).map(([p, s]) => [p, ...s].join('/')),
  ),
  query: fc.array(fc.tuple(fc.constantFrom('path', 'name', 'token', 'debug', 'x'), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 40 }))), {
    maxLength: 3,
  }),
  token: fc.constantFrom('bearer', 'cookie', 'wrong', 'none'),
  origin: fc.constantFrom(undefined, 'own', 'http://evil.example', 'null'),
  host: fc.constantFrom('own', 'localhost', 'evil.example'),
  type: fc.constantFrom(...TYPES),
  body: fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 3 }),
    fc.constantFrom(
      '{"path": "/etc/passwd"}',
      '{"path": 3}',
      'null',
      '<iframe src="file:///etc/hostname">',
      '{"traceEvents": [{"ph": "X", "name": "<b>", "ts": 0, "dur": 1, "pid": 1, "tid": 1}]}',
    ),
    fc.uint8Array({ maxLength: 2048 }),
  ),
});

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** Sends one request with node:http (any method and path) and resolves with what came back, or the transport error. */
function send(r: Request): Promise<{ status: number; type: string | undefined; body: string } | { failed: string }> {
  const headers: Record<string, string> = {};
  if (r.token === 'bearer') headers['Authorization'] = `Bearer ${server.token}`;
  if (r.token === 'cookie') headers['Cookie'] = `parascope-token-${server.port}=${server.token}`;
  if (r.token === 'wrong') headers['Authorization'] = 'Bearer nope';
  if (r.origin !== undefined) headers['Origin'] = r.origin === 'own' ? server.base.replace(/\/$/, '') : r.origin;
  headers['Host'] = r.host === 'own' ? `127.0.0.1:${server.port}` : r.host === 'localhost' ? `localhost:${server.port}` : `${r.host}:${server.port}`;
  if (r.type !== '') headers['Content-Type'] = r.type;
  const body = r.body === undefined || ['GET', 'HEAD'].includes(r.method) ? undefined : typeof r.body === 'string' ? Buffer.from(r.body) : Buffer.from(r.body);
  // Always framed: node:http sends an OPTIONS or DELETE body with neither length nor chunking, and
  // the server would rightly read it as the start of the next request on the connection.
  if (body !== undefined) headers['Content-Length'] = String(body.length);
  const query = r.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const target = `${r.path}${query === '' ? '' : `?${query}`}`;
  return new Promise((resolve) => {
    let req: http.ClientRequest;
    try {
      req = http.request({ host: '127.0.0.1', port: server.port, method: r.method, path: target, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
        res.on('error', (e) => resolve({ failed: e.message }));
      });
    } catch {
      // node:http itself refuses this method or path (a client-side check): nothing was sent.
      resolve({ status: -1, type: undefined, body: '' });
      return;
    }
    // CONNECT's answer comes as 'connect', with the body on the socket (node:http treats it as a tunnel).
    req.on('connect', (res, socket, head) => {
      let body = head.toString('utf8');
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (body += d));
      socket.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
      socket.on('error', (e) => resolve({ failed: e.message }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', (e) => resolve({ failed: e.message }));
    req.end(body);
  });
}

async function stillUp(): Promise<void> {
  const r = await fetch(`${server.base}api/version`, { headers: { Authorization: `Bearer ${server.token}` } });
  expect(r.status).toBe(200);
}

describe('serve API fuzzing', () => {
  it(`answers every request with a status and, for errors, one JSON line; never a reset, a stack or a 500 (${RUNS} requests, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const got = await send(r);
        if ('failed' in got) throw new Error(`${r.method} ${r.path}: no answer: ${got.failed}`);
        if (got.status === -1) {
          count('refused by the client library');
          return;
        }
        count(String(got.status));
        expect(got.status).toBeGreaterThanOrEqual(200);
        expect(got.status).toBeLessThan(500);
        if (got.status >= 400 && r.method !== 'HEAD') {
          expect(got.type).toBe('application/json; charset=utf-8');
          const body = JSON.parse(got.body) as unknown;
          expect(body).toEqual({ error: expect.any(String) });
          expect((body as { error: string }).error).not.toMatch(STACK);
        }
      }),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 40_000 },
    );
    await stillUp();
  });

  const message = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc
      .record({
        type: fc.oneof(
          fc.constantFrom('run', 'run-file', 'profile', 'cancel', '', 'RUN', '__proto__', 'constructor'),
          fc.string({ maxLength: 10 }),
          fc.integer(),
        ),
        id: fc.oneof(fc.constantFrom('no-such', '../../x', ''), fc.anything({ maxDepth: 2 })),
        params: fc.oneof(fc.constant({ size: -1, reps: 2 }), fc.anything({ maxDepth: 2 })),
        // A profile request the scratch server (no --allow-profile) must refuse, whatever it names.
        request: fc.oneof(fc.constant({ command: 'node -e 1' }), fc.constant({ command: ['node', '/etc/passwd'], cwd: '/' }), fc.anything({ maxDepth: 2 })),
        source: fc.oneof(
          fc.constant({ name: 'x.yaml', path: '/etc/passwd' }),
          fc.constant({ name: 'x.yaml', text: 'schema: nope' }),
          fc.anything({ maxDepth: 2 }),
        ),
      })
      .map((m) => JSON.stringify(m)),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  );

  it(`answers every run-socket message with an event, never a crash (${RUNS} messages, seed ${SEED + 1})`, async () => {
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const answer = await new Promise<string>((resolve, reject) => {
          const ws = new WebSocket(`${server.base.replace('http:', 'ws:')}api/run`, { headers: { Authorization: `Bearer ${server.token}` } });
          const timer = setTimeout(() => reject(new Error(`no answer to ${String(m).slice(0, 80)}`)), 30_000);
          ws.on('open', () => ws.send(m));
          ws.on('message', (d) => {
            clearTimeout(timer);
            ws.close();
            resolve(String(d));
          });
          ws.on('error', reject);
        });
        const event = JSON.parse(answer) as { type: string; message?: unknown };
        count(`socket ${event.type}`);
        expect(['error', 'cancelled']).toContain(event.type);
        if (event.type === 'error') {
          expect(typeof event.message).toBe('string');
          expect(event.message).not.toMatch(STACK);
        }
      }),
      { seed: SEED + 1, numRuns: RUNS, interruptAfterTimeLimit: 40_000 },
    );
    await stillUp();
  });

  it(`survives any bytes after the handshake (${RUNS} byte strings, seed ${SEED + 2})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 256 }), async (bytes) => {
        const closed = await new Promise<boolean>((resolve) => {
          const s = net.connect({ host: '127.0.0.1', port: server.port }, () =>
            s.end(Buffer.concat([upgradeRequest(server.port, { Authorization: `Bearer ${server.token}` }), bytes])),
          );
          const timer = setTimeout(() => {
            s.destroy();
            resolve(false);
          }, 10_000);
          s.on('data', () => {});
          s.on('error', () => {});
          s.on('close', () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        count(closed ? 'raw closed' : 'raw left open');
      }),
      { seed: SEED + 2, numRuns: RUNS, interruptAfterTimeLimit: 40_000 },
    );
    await stillUp();
  });
});
