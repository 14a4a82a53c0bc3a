/**
 * What keeps `parascope serve` to this machine and its own page: the API reads local files and
 * starts GPU work, so it binds the loopback interface only, answers only requests that name it as
 * 127.0.0.1 or localhost (DNS rebinding), takes POSTs and WebSockets only from its own origin, and
 * refuses any `..` in a request's path before the URL parser could quietly drop it.
 */
import { InvalidArgumentError } from 'commander';

export const BIND_ADDRESS = '127.0.0.1';
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost']);

/** The host to bind, or an error: only the loopback interface (see ServeOptions.host). */
export function checkHost(host: string): string {
  if (!LOOPBACK_NAMES.has(host)) {
    throw new InvalidArgumentError(
      `--host must be 127.0.0.1: the server reads local files and starts GPU work, so it only listens on this machine (got '${host}')`,
    );
  }
  return BIND_ADDRESS;
}

/** The Host and Origin checks of a server listening on `port()` (known once it listens). */
export interface LoopbackGuards {
  /**
   * Requests must name this server as 127.0.0.1 or localhost: a page on another site that
   * re-points its own host name at 127.0.0.1 (DNS rebinding) sends its own name and is refused.
   */
  hostHeaderOk(host: string | undefined): boolean;
  /** Browsers send Origin on POST and WebSocket requests: another site's page must not save files or start GPU work. */
  originOk(origin: string | undefined): boolean;
}

export function loopbackGuards(port: () => number): LoopbackGuards {
  return {
    hostHeaderOk: (host) => host !== undefined && [...LOOPBACK_NAMES].some((n) => host === `${n}:${port()}` || (port() === 80 && host === n)),
    originOk: (origin) => origin === undefined || [...LOOPBACK_NAMES].some((n) => origin === `http://${n}:${port()}`),
  };
}

/**
 * The request's target as a URL on this server, or undefined when it is not a path. Never resolved
 * against a base: `//host/x` would then name another host (or not parse at all: `//%00`).
 */
export function requestUrl(target: string | undefined): URL | undefined {
  if (target === undefined || !target.startsWith('/')) return undefined;
  try {
    return new URL(`http://${BIND_ADDRESS}${target}`);
  } catch {
    return undefined;
  }
}

/**
 * Whether the request's path (before the query) has a `..` segment, plain or percent-encoded.
 * URL parsing would quietly drop it; a request that tries is refused instead.
 */
export function hasDotDot(rawUrl: string): boolean {
  const rawPath = rawUrl.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return true;
  }
  return decoded.split(/[\\/]/).includes('..');
}
