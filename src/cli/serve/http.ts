/**
 * HTTP plumbing of `parascope serve`: the headers every response carries, JSON and byte
 * responses, reading a request body under a size cap, and the errors that become a status.
 * No routes here: api-routes.ts and static-files.ts use these.
 */
import type http from 'node:http';
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

/** The status of a failed request: the HttpError's own, 403/413/404 for a refused host file, else 500. */
export function statusOf(e: unknown): number {
  if (e instanceof HttpError) return e.status;
  if (e instanceof HostFileError) return e.problem === 'denied' ? 403 : e.problem === 'too-large' ? 413 : 404;
  return 500;
}

/** The whole request body; a 413 HttpError (and the request dropped) past `limit` bytes. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `request body over ${Math.round(limit / 2 ** 20)} MiB`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
