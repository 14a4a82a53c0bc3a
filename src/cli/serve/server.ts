/**
 * Browser mode: `parascope serve` shows the app in a browser on this machine, for machines where
 * Electron cannot start (no display, no Electron binary). The server hands out the built renderer
 * (out/renderer) and carries ParascopeApi (src/shared/api.ts) for src/renderer/src/api/http-api.ts
 * over the routes of the method table (src/shared/routes.ts, where the wire protocol is listed).
 * The API itself is the host core's (src/host/host-core.ts), as in Electron.
 *
 * The transport is split by job in this folder: http.ts (responses, bodies, errors), loopback.ts
 * (bind address, Host/Origin/`..` guards), auth.ts (the printed token), static-files.ts,
 * api-routes.ts, run-socket.ts with socket-messages.ts (its messages, checked), and this file
 * wiring them into one server; command.ts is the `serve` command. A folder in the CLI rather
 * than src/host/http-*.ts: HTTP is only the CLI's transport, and src/host holds what both hosts run.
 */
import { existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { VERSION } from '../../version.js';
import { HostCore } from '../../host/host-core.js';
import { oneLine } from '../../host/one-line.js';
import { htmlToPdf } from '../../host/pdf.js';
import { RecentFiles, SESSION_ONLY } from '../../host/recent-files.js';
import { DEFAULT_SAMPLE_NAME } from '../../host/resource-paths.js';
import { API_PREFIX } from '../../shared/routes.js';
import { apiRoutes } from './api-routes.js';
import { acceptTokenVisit, hasToken, newToken } from './auth.js';
import { baseHeaders, HttpError, rawJsonAnswer, sendJson, statusOf } from './http.js';
import { BIND_ADDRESS, checkHost, hasDotDot, loopbackGuards, requestUrl } from './loopback.js';
import { attachRunSocket } from './run-socket.js';
import { staticFiles } from './static-files.js';

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
  /**
   * `--allow-profile`: the page may profile programs ("Profile a program": it runs the Node.js
   * commands it sends, as this user). Off by default: without it every profile request is refused.
   */
  readonly allowProfile?: boolean;
  /** The example programs offered as presets (resources/programs). */
  readonly programsDir?: string;
  /** The profiler's preload (dist/profile-preload.js); the one beside the bundle when absent. */
  readonly profilePreload?: string;
}

/** Why browser mode refuses to profile without the flag, and how to allow it. */
export const PROFILE_REFUSED =
  'browser mode runs programs only when started with `parascope serve --allow-profile` (it runs the commands the page sends, as you)';

export interface RunningServer {
  /** http://127.0.0.1:PORT/?token=TOKEN: what `serve` prints; visiting it lets the browser in (auth.ts). */
  readonly url: string;
  /** http://127.0.0.1:PORT/, without the token. */
  readonly base: string;
  /** The token every /api/ request and the run socket need (a cookie, or `Authorization: Bearer`). */
  readonly token: string;
  readonly port: number;
  /** Cancels running recordings (their child processes end), drops connections, stops listening. */
  close(): Promise<void>;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const bindAddress = checkHost(opts.host ?? BIND_ADDRESS);
  const staticRoot = path.resolve(opts.staticRoot);
  if (!existsSync(path.join(staticRoot, 'index.html'))) {
    throw new Error(`the app is not built (no ${path.join(staticRoot, 'index.html')}): run npm run build`);
  }
  const file = opts.file === undefined ? undefined : path.resolve(opts.file);
  if (file !== undefined && !(existsSync(file) && statSync(file).isFile())) throw new Error(`${opts.file}: no such file`);
  const samplesDir = path.resolve(opts.samplesDir);

  // Recent files for this session only; FILE is listed from the start, before the page asks for it.
  const recent = new RecentFiles(SESSION_ONLY);
  if (file !== undefined) void recent.add(file);
  const core = new HostCore({
    version: VERSION,
    resources: {
      samplesDir,
      examplesDir: path.resolve(opts.examplesDir),
      defaultSample: opts.defaultSample ?? path.join(samplesDir, DEFAULT_SAMPLE_NAME),
      ...(opts.childScript !== undefined ? { recorderScript: opts.childScript } : {}),
      ...(opts.programsDir !== undefined ? { programsDir: path.resolve(opts.programsDir) } : {}),
      ...(opts.profilePreload !== undefined ? { profilePreload: path.resolve(opts.profilePreload) } : {}),
    },
    profiling: opts.allowProfile === true ? { allowed: true } : { allowed: false, reason: PROFILE_REFUSED },
    recordingsDir: path.resolve(opts.recordingsDir),
    nodePath: () => opts.nodePath ?? process.execPath,
    recent,
    ...(file !== undefined ? { commandLineFile: file } : {}),
    printPdf: (html, out) => htmlToPdf(html, out),
    onExampleProblem: (m) => opts.onRecorderStderr?.(`example not valid: ${m}`),
    ...(opts.onRecorderStderr ? { onRecorderStderr: opts.onRecorderStderr } : {}),
  });

  let port = 0;
  const token = newToken();
  const authorized = (req: http.IncomingMessage): boolean => hasToken(req, port, token);
  const guards = loopbackGuards(() => port);
  const api = apiRoutes(core, path.resolve(opts.saveDir), guards);
  const serveStatic = staticFiles(staticRoot);

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!guards.hostHeaderOk(req.headers.host))
      throw new HttpError(403, `unexpected Host header '${req.headers.host ?? ''}': use http://${BIND_ADDRESS}:${port}/`);
    if (hasDotDot(req.url ?? '/')) throw new HttpError(403, "'..' is not allowed in a path");
    const url = requestUrl(req.url);
    if (url === undefined) throw new HttpError(400, 'bad URL');
    if (acceptTokenVisit(req, res, url, port, token, baseHeaders())) return;
    if (!url.pathname.startsWith(API_PREFIX)) return serveStatic(req, res, url);
    if (!authorized(req)) throw new HttpError(401, 'no token: open the URL `parascope serve` printed, or send Authorization: Bearer TOKEN');
    return api(req, res, url);
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
  // A request Node cannot parse (bad syntax, headers too large) still gets a status and JSON.
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    if (e.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason] = e.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    // What Node could read of the request, to answer a HEAD without a body.
    const raw = (e as { rawPacket?: unknown }).rawPacket;
    const isHead = Buffer.isBuffer(raw) && raw.subarray(0, 5).toString('latin1') === 'HEAD ';
    socket.end(rawJsonAnswer(status, reason, `bad HTTP request (${e.code ?? 'unparsable'})`, isHead));
  });
  // CONNECT (a proxy's method) bypasses the request handler; unanswered, Node drops the connection.
  server.on('connect', (_req, socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawJsonAnswer(405, 'Method Not Allowed', 'CONNECT is not allowed: this is not a proxy'));
  });
  const wss = attachRunSocket(server, core, guards, authorized);

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
  // Past listening, an 'error' on the server must not end the process (connections have their own).
  server.on('error', (e) => opts.onRecorderStderr?.(`server: ${oneLine(e)}`));
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;

  let closing: Promise<void> | undefined;
  const base = `http://${BIND_ADDRESS}:${port}/`;
  return {
    url: `${base}?token=${token}`,
    base,
    token,
    port,
    close: () => {
      closing ??= (async () => {
        await core.cancelAll();
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
