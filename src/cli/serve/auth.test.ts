import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { acceptTokenVisit, cookieName, hasToken, newToken, tokenCookie } from './auth.js';

const req = (headers: http.IncomingHttpHeaders, method = 'GET') => ({ headers, method }) as http.IncomingMessage;

/** A stand-in response that records what was written. */
function response(): { res: http.ServerResponse; written: { status?: number; headers?: Record<string, unknown> } } {
  const written: { status?: number; headers?: Record<string, unknown> } = {};
  const res = {
    writeHead(status: number, headers: Record<string, unknown>) {
      written.status = status;
      written.headers = headers;
    },
    end() {},
  } as unknown as http.ServerResponse;
  return { res, written };
}

describe('the serve token', () => {
  it('is 32 random bytes, base64url, new each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(a);
  });

  it('is accepted as a Bearer header or as this port’s cookie, nothing else', () => {
    const t = newToken();
    expect(hasToken(req({ authorization: `Bearer ${t}` }), 8780, t)).toBe(true);
    expect(hasToken(req({ cookie: `other=1; ${cookieName(8780)}=${t}` }), 8780, t)).toBe(true);
    expect(hasToken(req({}), 8780, t)).toBe(false);
    expect(hasToken(req({ authorization: `Bearer ${t.slice(1)}` }), 8780, t)).toBe(false);
    expect(hasToken(req({ authorization: t }), 8780, t)).toBe(false);
    expect(hasToken(req({ authorization: 'Bearer ' }), 8780, '')).toBe(false);
    // Another server's cookie (another port) is not this one's.
    expect(hasToken(req({ cookie: `${cookieName(8781)}=${t}` }), 8780, t)).toBe(false);
  });

  it('the visit sets the cookie and redirects to the same path without the token, never off this server', () => {
    const t = newToken();
    for (const [target, location] of [
      [`/?token=${t}`, '/'],
      [`/?debug&token=${t}`, '/?debug='],
      [`//evil.example/?token=${t}`, '/'],
      [`/\\evil.example/?token=${t}`, '/'],
    ] as const) {
      const { res, written } = response();
      expect(acceptTokenVisit(req({}), res, new URL(`http://127.0.0.1${target}`), 8780, t, {})).toBe(true);
      expect(written.status).toBe(302);
      expect(written.headers?.['Location']).toBe(location);
      expect(written.headers?.['Set-Cookie']).toBe(tokenCookie(8780, t));
    }
    expect(tokenCookie(8780, t)).toBe(`parascope-token-8780=${t}; HttpOnly; SameSite=Strict; Path=/`);
    const { res } = response();
    expect(acceptTokenVisit(req({}), res, new URL('http://127.0.0.1/?token=wrong'), 8780, t, {})).toBe(false);
    expect(acceptTokenVisit(req({}, 'POST'), res, new URL(`http://127.0.0.1/?token=${t}`), 8780, t, {})).toBe(false);
  });
});
