/**
 * Browser mode: `parascope serve` shows the app in a browser on this machine — for machines where
 * Electron cannot start (no display, no Electron binary) — and `parascope open` starts the desktop
 * app on a file.
 *
 * The server hands out the built renderer (out/renderer) and implements ParascopeApi
 * (src/shared/api.ts) for src/renderer/src/api/http-api.ts: JSON and byte endpoints
 * under /api/, and a WebSocket at /api/run for recordings. Wire protocol:
 *   GET  /api/version              → {"version": "…"}
 *   GET  /api/initial              → bytes of FILE or the default sample; 204 when there is none
 *   GET  /api/file?path=ABS        → bytes of an allowed file (403 otherwise, see host-files.ts)
 *   GET  /api/recent               → ["/abs/path", …]   (this session: FILE, opened files, recordings)
 *   GET  /api/samples              → [{"name", "path"}, …]
 *   GET  /api/experiments          → ExperimentInfo[]
 *   GET  /api/experiment-examples  → ExperimentFileInfo[] (resources/experiments)
 *   POST /api/experiment-file?name=N (text) → {"info": ExperimentFileInfo} or {"invalid": "FILE:LINE: …"}
 *        (a file that does not validate is an answer, not a failed request: 200 either way)
 *   POST /api/save?name=N   (body) → {"path": "…"}      written atomically into the save folder
 *   POST /api/pdf?name=N    (HTML) → PDF bytes, also saved there; X-Parascope-Path says where
 *   WS   /api/run: client {type:'run', id, params} | {type:'run-file', source, params} | {type:'cancel'};
 *        server RunEvent messages,
 *        'done' as {type:'done', file:{name, path, bytes: BASE64}}; one run per connection.
 * Byte responses are application/octet-stream with X-Parascope-Name / X-Parascope-Path
 * (URI-encoded). Errors are {"error": "one line"} with a 4xx/5xx status.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { VERSION } from '../version.js';
import { listExperiments } from '../host/experiment-list.js';
import { writeFileAtomic } from '../host/trace-file.js';
import { htmlToPdf } from '../host/pdf.js';
import { CONTENT_SECURITY_POLICY } from '../host/csp.js';
import { safeFileName, withExtension } from '../host/file-names.js';
import { AllowedPaths, HostFileError, listSamples, readHostTraceFile, type HostTraceFile } from '../host/host-files.js';
import { oneLine } from '../host/one-line.js';
import { Recordings, type HostRunEvent } from '../host/recordings.js';
import { ExperimentFiles, MAX_EXPERIMENT_TEXT } from '../host/experiment-files.js';

// ---------------------------------------------------------------------------------------------
// Options

export interface ServeOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  readonly port?: number;
  /**
   * Only 127.0.0.1 (or its name, localhost). The API reads local files and starts GPU work, so
   * the server must never be reachable from another machine: any other host is refused.
   */
  readonly host?: string;
  /** The trace shown first; the default sample when absent. */
  readonly file?: string;
  /** The built renderer (out/renderer): must hold index.html. */
  readonly staticRoot: string;
  /** The bundled samples (resources/samples). */
  readonly samplesDir: string;
  /** The bundled experiment files (resources/experiments). */
  readonly examplesDir: string;
  /** The default sample, shown when no file is given (in samplesDir). */
  readonly defaultSample?: string;
  /** Finished recordings go here before the page gets them. */
  readonly recordingsDir: string;
  /** POST /api/save and /api/pdf write here. */
  readonly saveDir: string;
  /** The built recorder entry (dist/runner-child.js); the one beside the bundle when absent. */
  readonly childScript?: string;
  /** The Node.js running the recorder; this process's own by default (the CLI is plain Node). */
  readonly nodePath?: string;
  /** Receives the recorder's stderr lines (Dawn warnings). */
  readonly onRecorderStderr?: (line: string) => void;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  readonly port: number;
  /** Cancels running recordings (their child processes end), drops connections, stops listening. */
  close(): Promise<void>;
}

const BIND_ADDRESS = '127.0.0.1';
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

// ---------------------------------------------------------------------------------------------
// Responses

const MAX_SAVE_BYTES = 1024 * 2 ** 20;
const MAX_HTML_BYTES = 256 * 2 ** 20;

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

/** On every response: the app's CSP (as Electron sends it), and no sniffing or cross-site embedding. */
function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...baseHeaders(),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendBytes(res: http.ServerResponse, bytes: Uint8Array, name: string, filePath: string): void {
  res.writeHead(200, {
    ...baseHeaders(),
    'Content-Type': 'application/octet-stream',
    'Content-Length': bytes.byteLength,
    'Cache-Control': 'no-store',
    'X-Parascope-Name': encodeURIComponent(name),
    'X-Parascope-Path': encodeURIComponent(filePath),
  });
  res.end(bytes);
}

function sendFile(res: http.ServerResponse, f: HostTraceFile, shownPath = f.path): void {
  sendBytes(res, f.bytes, f.name, shownPath);
}

function statusOf(e: unknown): number {
  if (e instanceof HttpError) return e.status;
  if (e instanceof HostFileError) return e.problem === 'denied' ? 403 : e.problem === 'too-large' ? 413 : 404;
  return 500;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
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

/**
 * Whether the request's path (before the query) has a `..` segment, plain or percent-encoded.
 * URL parsing would quietly drop it; a request that tries is refused instead.
 */
function hasDotDot(rawUrl: string): boolean {
  const rawPath = rawUrl.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return true;
  }
  return decoded.split(/[\\/]/).includes('..');
}

/** `name` in `dir`, or "base (2).ext" and so on when taken: a save never replaces an earlier one. */
function freeFileIn(dir: string, name: string): string {
  const dot = name.indexOf('.', 1);
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot);
  let file = path.join(dir, name);
  for (let i = 2; existsSync(file); i++) file = path.join(dir, `${base} (${i})${ext}`);
  return file;
}

// ---------------------------------------------------------------------------------------------
// The server

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const bindAddress = checkHost(opts.host ?? BIND_ADDRESS);
  const staticRoot = path.resolve(opts.staticRoot);
  if (!existsSync(path.join(staticRoot, 'index.html'))) {
    throw new Error(`the app is not built (no ${path.join(staticRoot, 'index.html')}): run npm run build`);
  }
  const file = opts.file === undefined ? undefined : path.resolve(opts.file);
  if (file !== undefined && !(existsSync(file) && statSync(file).isFile())) throw new Error(`${opts.file}: no such file`);
  const samplesDir = path.resolve(opts.samplesDir);
  const recordingsDir = path.resolve(opts.recordingsDir);
  const saveDir = path.resolve(opts.saveDir);
  const defaultSample = opts.defaultSample ?? path.join(samplesDir, 'seed-compute-copy.json.gz');

  // What the page may read by path: FILE, the samples, the recordings, and what it opened since.
  const allowed = new AllowedPaths();
  allowed.allowDir(samplesDir);
  allowed.allowDir(recordingsDir);
  const recent: string[] = [];
  const remember = (f: string): void => {
    allowed.allowFile(f);
    const i = recent.indexOf(f);
    if (i >= 0) recent.splice(i, 1);
    recent.unshift(f);
  };
  if (file !== undefined) remember(file);

  const experimentFiles = new ExperimentFiles(path.resolve(opts.examplesDir));
  const recordings = new Recordings({
    recordingsDir,
    nodePath: () => opts.nodePath ?? process.execPath,
    ...(opts.childScript !== undefined ? { childScript: opts.childScript } : {}),
    onSaved: remember,
    ...(opts.onRecorderStderr ? { onStderr: opts.onRecorderStderr } : {}),
  });

  let port = 0;
  /** Requests must name this server as 127.0.0.1 or localhost: a page on another site that
   * re-points its own host name at 127.0.0.1 (DNS rebinding) sends its own name and is refused. */
  const hostHeaderOk = (host: string | undefined): boolean =>
    host !== undefined && [...LOOPBACK_NAMES].some((n) => host === `${n}:${port}` || (port === 80 && host === n));
  /** Browsers send Origin on POST and WebSocket requests: another site's page must not save files or start GPU work. */
  const originOk = (origin: string | undefined): boolean => origin === undefined || [...LOOPBACK_NAMES].some((n) => origin === `http://${n}:${port}`);

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    if (req.method === 'POST' && !originOk(req.headers.origin)) throw new HttpError(403, 'cross-origin request refused');
    switch (route) {
      case 'GET /api/version':
        return sendJson(res, 200, { version: VERSION });
      case 'GET /api/initial': {
        const initial = file ?? (existsSync(defaultSample) ? defaultSample : undefined);
        if (initial === undefined) {
          res.writeHead(204, baseHeaders());
          res.end();
          return;
        }
        return sendFile(res, await readHostTraceFile(initial));
      }
      case 'GET /api/file': {
        const requested = url.searchParams.get('path') ?? '';
        const real = await allowed.check(requested);
        const f = await readHostTraceFile(real);
        remember(requested);
        return sendFile(res, f, requested);
      }
      case 'GET /api/recent':
        return sendJson(
          res,
          200,
          recent.filter((f) => existsSync(f)),
        );
      case 'GET /api/samples':
        return sendJson(res, 200, await listSamples(samplesDir));
      case 'GET /api/experiments':
        return sendJson(res, 200, listExperiments());
      case 'GET /api/experiment-examples':
        return sendJson(res, 200, await experimentFiles.examples((m) => opts.onRecorderStderr?.(`example not valid: ${m}`)));
      case 'POST /api/experiment-file': {
        // The text of a file the user picked in the browser: validated here, by the same loader as the CLI.
        const text = (await readBody(req, MAX_EXPERIMENT_TEXT)).toString('utf8');
        let answer;
        try {
          answer = { info: experimentFiles.describeText(url.searchParams.get('name'), text) };
        } catch (e) {
          answer = { invalid: oneLine(e) };
        }
        return sendJson(res, 200, answer);
      }
      case 'POST /api/save': {
        const body = await readBody(req, MAX_SAVE_BYTES);
        await fs.mkdir(saveDir, { recursive: true });
        const out = freeFileIn(saveDir, safeFileName(url.searchParams.get('name'), 'parascope-export'));
        await writeFileAtomic(out, body);
        return sendJson(res, 200, { path: out });
      }
      case 'POST /api/pdf': {
        const html = (await readBody(req, MAX_HTML_BYTES)).toString('utf8');
        await fs.mkdir(saveDir, { recursive: true });
        const out = freeFileIn(saveDir, withExtension(safeFileName(url.searchParams.get('name'), 'parascope-report.pdf'), '.pdf'));
        await htmlToPdf(html, out);
        return sendBytes(res, await fs.readFile(out), path.basename(out), out);
      }
      default: {
        const known = [
          '/api/version',
          '/api/initial',
          '/api/file',
          '/api/recent',
          '/api/samples',
          '/api/experiments',
          '/api/experiment-examples',
          '/api/experiment-file',
          '/api/save',
          '/api/pdf',
        ];
        if (known.includes(url.pathname)) throw new HttpError(405, `${req.method ?? ''} is not allowed on ${url.pathname}`);
        throw new HttpError(404, `no API ${url.pathname}`);
      }
    }
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
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
        res.writeHead(204, baseHeaders());
        res.end();
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
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostHeaderOk(req.headers.host)) throw new HttpError(403, `unexpected Host header '${req.headers.host ?? ''}': use http://${BIND_ADDRESS}:${port}/`);
    if (hasDotDot(req.url ?? '/')) throw new HttpError(403, "'..' is not allowed in a path");
    const url = new URL(req.url ?? '/', `http://${BIND_ADDRESS}`);
    return url.pathname.startsWith('/api/') ? api(req, res, url) : serveStatic(req, res, url);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, statusOf(e), { error: oneLine(e) });
    });
  });

  // WebSocket /api/run: one recording per connection; closing the connection cancels it.
  // A run-file message carries an experiment file's text, JSON-escaped (at most 6 bytes a character).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 6 * MAX_EXPERIMENT_TEXT + 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${BIND_ADDRESS}`);
    if (url.pathname !== '/api/run' || !hostHeaderOk(req.headers.host) || !originOk(req.headers.origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onRunSocket(ws));
  });

  function onRunSocket(ws: WebSocket): void {
    let runId: string | undefined;
    const send = (e: HostRunEvent): void => {
      if (ws.readyState !== ws.OPEN) return;
      const wire =
        e.type === 'done' ? { type: 'done', file: { name: e.file.name, path: e.file.path, bytes: Buffer.from(e.file.bytes).toString('base64') } } : e;
      ws.send(JSON.stringify(wire), () => {
        if (e.type !== 'progress') ws.close(1000);
      });
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      let msg: { type?: unknown; id?: unknown; source?: unknown; params?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        msg = JSON.parse(data.toString()) as typeof msg;
      } catch {
        send({ type: 'error', message: 'bad message: expected JSON {type: "run" | "run-file" | "cancel"}' });
        return;
      }
      if (msg.type === 'run') {
        if (runId !== undefined) return; // one run per connection; the first one's events continue
        runId = randomUUID();
        recordings.start(runId, msg.id, msg.params, send);
      } else if (msg.type === 'run-file') {
        if (runId !== undefined) return;
        runId = randomUUID();
        const source = msg.source;
        recordings.startFile(runId, () => experimentFiles.resolve(source), msg.params, send);
      } else if (msg.type === 'cancel') {
        if (runId !== undefined) recordings.cancel(runId);
        else send({ type: 'cancelled' });
      }
    });
    ws.on('close', () => {
      if (runId !== undefined) recordings.cancel(runId);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `port ${opts.port ?? 0} is in use: choose another with --port (0 picks a free one)`
            : `cannot listen on ${bindAddress}:${opts.port ?? 0}: ${e.code ?? e.message}`,
        ),
      );
    });
    server.listen(opts.port ?? 0, bindAddress, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${BIND_ADDRESS}:${port}/`,
    port,
    close: () => {
      closing ??= (async () => {
        await recordings.cancelAll();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Commands

/** The package folder: dist/cli.js's parent (this file is bundled into dist/cli.js). */
function packageRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}

function portNumber(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n > 65535) throw new InvalidArgumentError(`--port must be 0 to 65535, got '${v}'`);
  return n;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Why the desktop app cannot start here, or undefined when it can; plus its binary. */
function electronBinary(root: string): { binary: string } | { problem: string } {
  if (process.platform !== 'darwin' && process.platform !== 'win32' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { problem: 'no desktop session here (DISPLAY is not set)' };
  }
  if (!existsSync(path.join(root, 'out', 'main', 'index.js'))) return { problem: 'the app is not built: run npm run build' };
  // node_modules/.bin/electron would try to download a missing binary (and keep a Node wrapper
  // process alive): check and start the binary itself instead. electron/path.txt names it.
  let binary: string;
  try {
    const req = createRequire(path.join(root, 'package.json'));
    const electronDir = path.dirname(req.resolve('electron/package.json'));
    binary = path.join(electronDir, 'dist', readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim());
  } catch {
    return { problem: 'the Electron binary is not installed' };
  }
  if (!existsSync(binary)) return { problem: 'the Electron binary is not installed' };
  return { binary };
}

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('show the app in a browser on this machine (where Electron cannot start); prints the URL')
    .argument('[file]', 'trace file to show first (default: a bundled sample)')
    .addOption(new Option('--port <N>', 'TCP port; 0 picks a free one').default(8780).argParser(portNumber))
    .addOption(new Option('--host <HOST>', 'only 127.0.0.1: the API reads local files and starts GPU work').default('127.0.0.1').argParser(checkHost))
    .option('--save-dir <DIR>', 'where the page saves files and PDF reports (default ./saved)')
    .option('--recordings-dir <DIR>', 'where recordings are written (default ~/.parascope/recordings)')
    .action(async (file: string | undefined, o: { port: number; host: string; saveDir?: string; recordingsDir?: string }) => {
      const root = packageRoot();
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const server = await startServer({
        port: o.port,
        host: o.host,
        ...(file !== undefined ? { file } : {}),
        staticRoot: path.join(root, 'out', 'renderer'),
        samplesDir: path.join(root, 'resources', 'samples'),
        examplesDir: path.join(root, 'resources', 'experiments'),
        recordingsDir: o.recordingsDir ?? path.join(os.homedir(), '.parascope', 'recordings'),
        saveDir: o.saveDir ?? path.resolve('saved'),
        ...(debug ? { onRecorderStderr: (line: string) => process.stderr.write(`[recorder] ${line}\n`) } : {}),
      });
      process.stdout.write(`Parascope: ${server.url}\n`);
      await waitForSignal();
      await server.close();
    });

  program
    .command('open')
    .description('open a trace in the desktop app (where it cannot start: use serve)')
    .argument('<file>', 'trace file (.json or gzip)')
    .action(async (file: string) => {
      const abs = path.resolve(file);
      if (!(existsSync(abs) && statSync(abs).isFile())) throw new Error(`${file}: no such file`);
      const root = packageRoot();
      const found = electronBinary(root);
      if ('problem' in found) throw new Error(`cannot start the desktop app: ${found.problem}; run \`parascope serve ${file}\` and open the URL it prints`);
      // `electron ROOT FILE`: the package folder as the app, so app.getAppPath() is it (src/main/app-paths.ts).
      const child = spawn(found.binary, [root, abs], { detached: true, stdio: 'ignore' });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', (e) => reject(new Error(`cannot start the desktop app (${found.binary}): ${oneLine(e)}; run \`parascope serve ${file}\``)));
      });
      child.unref();
    });
}
