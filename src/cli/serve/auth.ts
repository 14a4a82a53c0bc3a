/**
 * Who may drive `parascope serve`: the holder of the token it printed, as Jupyter does. Loopback
 * alone does not keep out other local users or processes, and the API reads local files and
 * starts GPU work, so every /api/ request and the run socket's upgrade need the token: the cookie
 * that visiting the printed URL sets (the browser), or an `Authorization: Bearer` header (scripts).
 * The static app files stay open: they are the public build, and the page needs them to load.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/** A fresh token: 32 random bytes, base64url (43 characters, safe in a URL and a cookie). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookies ignore ports: the name carries the port, so two servers on one machine keep their own. */
export function cookieName(port: number): string {
  return `parascope-token-${port}`;
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), for the whole origin. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Equal in constant time: both sides hashed first, so neither the content nor the length leaks by timing. */
function sameToken(given: string, token: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The value of cookie `name` in a Cookie header, if it has one. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether the request carries the token, in its cookie or as `Authorization: Bearer T`. */
export function hasToken(req: http.IncomingMessage, port: number, token: string): boolean {
  const auth = req.headers.authorization;
  const bearer = auth !== undefined && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
  const cookie = cookieValue(req.headers.cookie, cookieName(port));
  // Both compared, always: which one is present must not change the time taken either.
  const viaBearer = sameToken(bearer ?? '', token) && bearer !== undefined && bearer !== '';
  const viaCookie = sameToken(cookie ?? '', token) && cookie !== undefined && cookie !== '';
  return viaBearer || viaCookie;
}

/**
 * The printed URL's visit: a GET whose query has the right `token` gets the cookie and a redirect
 * to the same path without the token, so it leaves the address bar and the history. Returns
 * whether it answered; a wrong token is not answered here (the request goes on without a cookie).
 */
export function acceptTokenVisit(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  port: number,
  token: string,
  headers: Record<string, string>,
): boolean {
  const given = url.searchParams.get('token');
  if (req.method !== 'GET' || given === null || !sameToken(given, token)) return false;
  url.searchParams.delete('token');
  const query = url.searchParams.toString();
  // Only a path on this server: `//host` or `/\host` would send the browser elsewhere.
  const where = /^\/[\\/]/.test(url.pathname) ? '/' : url.pathname;
  res.writeHead(302, {
    ...headers,
    'Set-Cookie': tokenCookie(port, token),
    Location: `${where}${query === '' ? '' : `?${query}`}`,
    'Cache-Control': 'no-store',
    'Content-Length': 0,
  });
  res.end();
  return true;
}
