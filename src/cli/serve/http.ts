/**
 * HTTP plumbing of `parascope serve`: the headers every response carries, JSON and byte
 * responses, reading a request body under a size cap, and the errors that become a status.
 * No routes here: api-routes.ts and static-files.ts use these.
 */
import type http from 'node:http';
import { TraceFormatError } from '../../core/import/errors.js';
import { CONTENT_SECURITY_POLICY } from '../../host/csp.js';
import { HostFileError, type HostTraceFile } from '../../host/host-files.js';
import { FILE_HEADERS } from '../../shared/routes.js';

/** A refusal with its HTTP status; the message becomes the body's one line. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** On every response: the app's CSP (as Electron sends it), and no sniffing or cross-site embedding. */
export function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...baseHeaders(),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/**
 * A whole HTTP/1.1 answer as bytes, {"error": message} with `Connection: close`: for a socket that
 * no ServerResponse serves (a request Node could not parse, CONNECT, a refused upgrade). The
 * answer to a HEAD has the headers only: a client reads no body after them.
 */
export function rawJsonAnswer(status: number, reason: string, message: string, head = false): string {
  const body = JSON.stringify({ error: message });
  const headers = `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return head ? headers : headers + body;
}

/** 204 with the base headers: nothing to send (no initial file, no favicon). */
export function sendNoContent(res: http.ServerResponse): void {
  res.writeHead(204, baseHeaders());
  res.end();
}

export function sendBytes(res: http.ServerResponse, bytes: Uint8Array, name: string, filePath: string): void {
  res.writeHead(200, {
    ...baseHeaders(),
    'Content-Type': 'application/octet-stream',
    'Content-Length': bytes.byteLength,
    'Cache-Control': 'no-store',
    [FILE_HEADERS.name]: encodeURIComponent(name),
    [FILE_HEADERS.path]: encodeURIComponent(filePath),
  });
  res.end(bytes);
}

export function sendFile(res: http.ServerResponse, f: HostTraceFile): void {
  sendBytes(res, f.bytes, f.name, f.path);
}

/** The status of a failed request: the HttpError's own, 403/413/404 for a refused host file, 400 for a trace that does not import, else 500. */
export function statusOf(e: unknown): number {
  if (e instanceof HttpError) return e.status;
  if (e instanceof TraceFormatError) return 400;
  if (e instanceof HostFileError) return e.problem === 'denied' ? 403 : e.problem === 'too-large' ? 413 : 404;
  return 500;
}

/** How long a refused body is read (and thrown away) before its connection is dropped. */
const DRAIN_MS = 30_000;

function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

/**
 * Throws away the rest of a refused request body, so the client, still sending, reads the 413
 * rather than a connection reset; memory stays bounded (nothing is kept). A client that goes on
 * past DRAIN_MS loses its connection.
 */
function drain(req: http.IncomingMessage): void {
  req.removeAllListeners('data');
  const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  timer.unref();
  req.on('end', () => clearTimeout(timer));
  req.on('close', () => clearTimeout(timer));
  req.resume();
}

/**
 * The whole request body; a 413 HttpError past `limit` bytes — at once when Content-Length says
 * so, else when the limit is crossed — after which nothing more is kept (see drain).
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): void => {
      drain(req);
      reject(new HttpError(413, `request body over ${mib(limit)}`));
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
