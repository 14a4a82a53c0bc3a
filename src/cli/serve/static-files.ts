/**
 * The built renderer (out/renderer) as `parascope serve` hands it out: GET and HEAD only, nothing
 * outside the folder (no `..`, no NUL), `/` as index.html, a content type by extension.
 */
import { createReadStream, promises as fs } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { baseHeaders, HttpError, sendNoContent } from './http.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves the files under `staticRoot` (an absolute, resolved folder). */
export function staticFiles(staticRoot: string): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> {
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method ?? ''} is not allowed`);
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      throw new HttpError(400, 'bad URL');
    }
    if (rel.includes('\0') || rel.split(/[\\/]/).includes('..')) throw new HttpError(403, "'..' is not allowed in a path");
    if (rel.endsWith('/')) rel += 'index.html';
    const target = path.join(staticRoot, rel);
    if (!target.startsWith(staticRoot + path.sep)) throw new HttpError(403, 'outside the app');
    let size: number;
    try {
      const st = await fs.stat(target);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      // Browsers ask for /favicon.ico on their own; the app has none, and a 404 would be logged as a page error.
      if (rel === '/favicon.ico') {
        sendNoContent(res);
        return;
      }
      throw new HttpError(404, `not found: ${url.pathname}`);
    }
    res.writeHead(200, {
      ...baseHeaders(),
      'Content-Type': CONTENT_TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(target)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
