/**
 * Browser mode against a hostile local client (issue 10 items 2–4): without the token nothing under
 * /api/ answers and the run socket does not open; bodies over a route's limit get the 413 JSON, not
 * a reset; and no WebSocket message — bad JSON values, or frames that break the protocol, sent raw
 * over node:net — ends the server or a recording running on another connection.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunningServer } from '../../src/cli/serve/server.js';
import { SAMPLE, startScratchServer } from '../helpers/scratch-server.js';
import { frame, hasCloseFrame, rawExchange, readFrames, upgradeRequest } from '../helpers/raw-websocket.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-serve-hard-'));
let server: RunningServer;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  server = await startScratchServer(dir, path.join(dir, 'no-examples'));
  base = server.base.replace(/\/$/, '');
  auth = { Authorization: `Bearer ${server.token}` };
});

afterAll(async () => {
  await server?.close();
});

async function stillUp(): Promise<void> {
  const r = await fetch(`${base}/api/version`, { headers: auth });
  expect(r.status).toBe(200);
}

describe('the token', () => {
  it('every /api/ route is 401 JSON without it or with a wrong one; the static app stays open', async () => {
    for (const p of [
      '/api/version',
      '/api/initial',
      '/api/samples',
      `/api/file?path=${encodeURIComponent(path.join(dir, 'samples', SAMPLE))}`,
      '/api/nothing',
    ]) {
      for (const headers of [
        {},
        { Authorization: 'Bearer wrong' },
        { Authorization: `Bearer ${server.token}x` },
        { Cookie: `parascope-token-${server.port}=nope` },
      ]) {
        const r = await fetch(`${base}${p}`, { headers });
        expect(r.status, `${p} ${JSON.stringify(headers)}`).toBe(401);
        expect(await r.json()).toEqual({ error: expect.stringMatching(/token/) });
      }
    }
    const save = await fetch(`${base}/api/save?name=x.txt`, { method: 'POST', body: 'x' });
    expect(save.status).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(200);
  });

  it('the printed URL sets an HttpOnly, SameSite=Strict cookie and redirects to the page without the token', async () => {
    const r = await fetch(server.url, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/');
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toBe(`parascope-token-${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/`);
    const withCookie = await fetch(`${base}/api/version`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
    // Other query parameters stay; a wrong token sets nothing; `//host` never leaves this server.
    const kept = await fetch(`${base}/?debug&token=${server.token}`, { redirect: 'manual' });
    expect(kept.headers.get('location')).toBe('/?debug=');
    const wrong = await fetch(`${base}/?token=nope`, { redirect: 'manual' });
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('the run socket is refused before the upgrade (401) without it, and opens with the cookie or Bearer', async () => {
    const refused = await rawExchange(server.port, upgradeRequest(server.port, {}));
    expect(refused.toString('latin1')).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n[\s\S]*\{"error":"no token/);
    for (const headers of [auth, { Cookie: `parascope-token-${server.port}=${server.token}` }]) {
      const ws = new WebSocket(`${base.replace('http:', 'ws:')}/api/run`, { headers });
      await new Promise<void>((resolve, reject) => {
        ws.on('open', () => resolve());
        ws.on('error', reject);
      });
      ws.close();
    }
  });
});

describe('requests that are not what a browser sends', () => {
  const ask = async (text: string) => (await rawExchange(server.port, Buffer.from(text), 5000)).toString('latin1');
  const host = () => `Host: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nConnection: close\r\n`;

  it('CONNECT, a target that is not a path, and bytes Node cannot parse get a status and JSON (found by the fuzz test)', async () => {
    // Before: CONNECT was dropped unanswered, and `//%00` was a 500 (the URL did not parse).
    expect(await ask(`CONNECT 127.0.0.1:22 HTTP/1.1\r\n${host()}\r\n`)).toMatch(/^HTTP\/1\.1 405 [\s\S]*\r\n\r\n\{"error":"CONNECT is not allowed/);
    expect(await ask(`GET //%00 HTTP/1.1\r\n${host()}\r\n`)).toMatch(/^HTTP\/1\.1 403 [\s\S]*\r\n\r\n\{"error":"'\.\.' is not allowed in a path"\}$/);
    expect(await ask(`GET http://evil.example/api/version HTTP/1.1\r\n${host()}\r\n`)).toMatch(/^HTTP\/1\.1 (400|403) [\s\S]*\{"error":/);
    expect(await ask('NONSENSE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 [\s\S]*\r\n\r\n\{"error":"bad HTTP request/);
    // A HEAD gets the headers only, even when it cannot be parsed.
    expect(await ask(`HEAD /\u00e9 HTTP/1.1 x\r\n${host()}\r\n`)).toMatch(/^HTTP\/1\.1 400 [\s\S]*\r\n\r\n$/);
    await stillUp();
  });
});

describe('request bodies over the limit', () => {
  /** A raw POST that says it sends `declared` bytes and sends `sent` of them (a body too large to build). */
  async function post(route: string, declared: number, sent: number, type = 'application/octet-stream'): Promise<string> {
    const head = `POST ${route} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: ${type}\r\nContent-Length: ${declared}\r\n\r\n`;
    const whole = (reply: Buffer) => /\r\n\r\n\{.*\}$/s.test(reply.toString('latin1'));
    return (await rawExchange(server.port, Buffer.concat([Buffer.from(head), Buffer.alloc(sent, 0x20)]), 5000, whole)).toString('latin1');
  }

  it('get the 413 JSON, at once when Content-Length says so, for every route that takes a body', async () => {
    for (const [route, limit, type] of [
      ['/api/save?name=a.bin', 1024 * 2 ** 20, 'application/octet-stream'],
      ['/api/pdf?name=a', 1024 * 2 ** 20, 'application/octet-stream'],
      ['/api/pdf?name=a', 64 * 1024, 'application/json'],
      ['/api/experiment-file?name=a.yaml', 4 * 2 ** 20, 'text/plain'],
    ] as const) {
      const answer = await post(route, limit + 1, 64 * 1024, type);
      expect(answer, route).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toMatch(/\r\n\r\n\{"error":"request body over \d+ MiB"\}$/);
    }
    await stillUp();
  });

  it('a chunked body is refused once it crosses the limit; the rest is read and dropped, and the client gets its 413', async () => {
    const chunk = Buffer.alloc(2 ** 20, 0x41);
    const r = await fetch(`${base}/api/experiment-file?name=big.yaml`, {
      method: 'POST',
      headers: auth,
      // A stream: fetch sends it chunked, without a Content-Length, 8 MiB against a 4 MiB limit.
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 8; i++) c.enqueue(chunk);
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: 'request body over 4 MiB' });
    await stillUp();
  });
});

type Message = { type: string; message?: string };

/** Opens the run socket with the token; resolves once open. */
async function socket(): Promise<{ ws: WebSocket; messages: Message[]; next(): Promise<Message> }> {
  const ws = new WebSocket(`${base.replace('http:', 'ws:')}/api/run`, { headers: auth });
  const messages: Message[] = [];
  const waiting: ((m: Message) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as Message;
    messages.push(m);
    waiting.shift()?.(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  return { ws, messages, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

describe('the run socket', () => {
  it('answers every message that is not a RunSocketMessage with an error event, and stays open', async () => {
    const s = await socket();
    for (const bad of [
      'null',
      '42',
      '"run"',
      '[]',
      'true',
      '{}',
      '{"type":"nope"}',
      '{"type":"run","id":5,"params":{}}',
      '{"type":"run","id":"x","params":null}',
      '{"type":"run-file","source":"a","params":{}}',
      '{not json',
      '{"type":"__proto__"}',
    ]) {
      const answer = s.next();
      s.ws.send(bad);
      expect(await answer, bad).toEqual({ type: 'error', message: expect.stringMatching(/^bad message: /) });
    }
    const binary = s.next();
    s.ws.send(Buffer.from([1, 2, 3]));
    expect(await binary).toEqual({ type: 'error', message: expect.stringMatching(/binary frame/) });
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
    s.ws.close();
    await stillUp();
  });

  it('a protocol violation closes that socket with its close code; the server and a recording on another connection go on', async () => {
    // A recording long enough to be in flight throughout (cancelled at the end).
    const run = await socket();
    const firstProgress = run.next();
    run.ws.send(JSON.stringify({ type: 'run', id: 'seed-compute-copy', params: { size: 128, reps: 3000 } }));
    expect((await firstProgress).type).toBe('progress');

    const text = (s: string) => Buffer.from(s);
    const huge = Buffer.alloc(10);
    huge[0] = 0x81;
    huge[1] = 0xff; // masked, 64-bit length follows
    huge.writeBigUInt64BE(2n ** 40n, 2);
    const violations: [string, Buffer, number][] = [
      ['an unmasked frame', frame(1, text('{"type":"cancel"}'), { mask: false }), 1002],
      ['reserved bits', frame(1, text('{}'), { rsv: 0b100 }), 1002],
      ['a reserved opcode', frame(0x3, text('{}')), 1002],
      ['a reserved control opcode', frame(0xb, text('')), 1002],
      ['invalid UTF-8', frame(1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
      ['a message over the limit', Buffer.concat([huge, randomBytes(4)]), 1009],
      ['a fragmented control frame', frame(0x9, text('x'), { fin: false }), 1002],
      ['a continuation with nothing to continue', frame(0, text('x')), 1002],
    ];
    for (const [what, bytes, code] of violations) {
      const reply = await rawExchange(server.port, Buffer.concat([upgradeRequest(server.port, auth), bytes]), 5000, hasCloseFrame);
      const [status, rest] = splitHead(reply);
      expect(status, what).toMatch(/^HTTP\/1\.1 101 /);
      const close = readFrames(rest).find((f) => f.opcode === 8);
      expect(close?.payload.readUInt16BE(0), what).toBe(code);
    }
    await stillUp();
    // The recording went on meanwhile: nothing but progress on its connection, and it ends when asked
    // (a recorder that had died would have said so with an error, not 'cancelled').
    expect(run.messages.every((m) => m.type === 'progress')).toBe(true);
    expect(run.ws.readyState).toBe(WebSocket.OPEN);
    const ended = new Promise<Message>((resolve) =>
      run.ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as Message;
        if (m.type !== 'progress') resolve(m);
      }),
    );
    run.ws.send(JSON.stringify({ type: 'cancel' }));
    expect(await ended).toEqual({ type: 'cancelled' });
  });
});

/** The HTTP status line of a raw reply, and the bytes after its head. */
function splitHead(reply: Buffer): [string, Buffer] {
  const end = reply.indexOf('\r\n\r\n');
  return [reply.subarray(0, end).toString('latin1'), reply.subarray(end + 4)];
}
