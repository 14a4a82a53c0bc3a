/**
 * How each ParascopeApi method (./api.ts) crosses to the host: one row per method, naming its IPC
 * channel (Electron: src/preload/index.ts → src/main/ipc.ts) and how browser mode carries it (an
 * HTTP route or a message on the run socket: src/renderer/src/api/http-api.ts → src/cli/serve/),
 * or that the page does it alone. `satisfies Record<ApiMethod, …>` makes a contract method without
 * a row a type error, and both transports key their handlers by this table, so a row without an
 * IPC handler or an HTTP route is one too. Every channel and route string exists here only.
 *
 * Browser mode's wire protocol, as the rows below spell it:
 *   GET  /api/version              → {"version": "…"}
 *   GET  /api/initial              → bytes of FILE or the default sample; 204 when there is none
 *   GET  /api/file?path=ABS        → bytes of an allowed file (403 otherwise, see src/host/host-files.ts)
 *   GET  /api/recent               → ["/abs/path", …]   (this session: FILE, opened files, recordings)
 *   GET  /api/samples              → [{"name", "path"}, …]
 *   GET  /api/experiments          → ExperimentInfo[]
 *   GET  /api/experiment-examples  → ExperimentFileInfo[] (resources/experiments)
 *   GET  /api/profiling            → ProfilingInfo: allowed only with `parascope serve --allow-profile`
 *   POST /api/experiment-file?name=N (text) → {"info": ExperimentFileInfo} or {"invalid": "FILE:LINE: …"}
 *        (a file that does not validate is an answer, not a failed request: 200 either way)
 *   POST /api/save?name=N   (body) → {"path": "…"}      written atomically into the save folder
 *   POST /api/pdf?name=N    {"path": "…"} (application/json), or a trace's bytes with X-Parascope-Name
 *        → PDF bytes of the report the server builds from that trace, also saved there; X-Parascope-Path
 *        says where (a path it may not read: 403; bytes that do not import: 400 with the importer's line)
 *   WS   /api/run: client RunSocketMessage; server SocketRunEvent messages; one run per connection
 *        ({"type": "profile", "request"} is answered with an error event unless --allow-profile).
 * Byte responses are application/octet-stream with X-Parascope-Name / X-Parascope-Path
 * (URI-encoded). Errors are {"error": "one line"} with a 4xx/5xx status; a body over a route's
 * limit is a 413. Every /api/ request and the socket need the token `serve` printed (401 without):
 * the cookie its URL sets, or `Authorization: Bearer TOKEN` (src/cli/serve/auth.ts).
 *
 * Only type imports from the contract: the sandboxed preload and the browser bundle this file.
 */
import type {
  ExperimentFileInfo,
  ExperimentFileParams,
  ExperimentFileSource,
  ExperimentParams,
  ParascopeApi,
  ProfileRequest,
  RunEventOf,
  TraceFileOf,
} from './api.js';

/** The contract's methods that cross to the host: all but `host` (a constant) and `onMenu` (pushed by main, CHANNELS.menu). */
export type ApiMethod = Exclude<keyof ParascopeApi, 'host' | 'onMenu'>;

/** Where browser mode's API lives on the server; everything else is the built page. */
export const API_PREFIX = '/api/';

/** An HTTP route of browser mode; `query` names the one query parameter it takes. */
export interface HttpRoute {
  readonly http: 'GET' | 'POST';
  readonly path: `/api/${string}`;
  readonly query?: 'path' | 'name';
}

/** A message on the run socket (RUN_SOCKET_PATH). */
export interface SocketRoute {
  readonly socket: RunSocketMessage['type'];
}

/** Done by the page alone in browser mode (its own file picker); says what does it. */
export interface PageRoute {
  readonly page: string;
}

export interface MethodTransport {
  readonly channel: `parascope:${string}`;
  readonly browser: HttpRoute | SocketRoute | PageRoute;
}

export const API_METHODS = {
  version: { channel: 'parascope:version', browser: { http: 'GET', path: '/api/version' } },
  initialFile: { channel: 'parascope:initial-file', browser: { http: 'GET', path: '/api/initial' } },
  openDialog: { channel: 'parascope:open-dialog', browser: { page: "the browser's file picker" } },
  openPath: { channel: 'parascope:open-path', browser: { http: 'GET', path: '/api/file', query: 'path' } },
  recentFiles: { channel: 'parascope:recent-files', browser: { http: 'GET', path: '/api/recent' } },
  samples: { channel: 'parascope:samples', browser: { http: 'GET', path: '/api/samples' } },
  experiments: { channel: 'parascope:experiments', browser: { http: 'GET', path: '/api/experiments' } },
  runExperiment: { channel: 'parascope:run-experiment', browser: { socket: 'run' } },
  experimentExamples: { channel: 'parascope:experiment-examples', browser: { http: 'GET', path: '/api/experiment-examples' } },
  /** Browser mode: the page picks the file and posts its text for the host to validate. */
  openExperimentFile: { channel: 'parascope:open-experiment-file', browser: { http: 'POST', path: '/api/experiment-file', query: 'name' } },
  runExperimentFile: { channel: 'parascope:run-experiment-file', browser: { socket: 'run-file' } },
  /** Browser mode: refused unless `parascope serve --allow-profile`. */
  profiling: { channel: 'parascope:profiling', browser: { http: 'GET', path: '/api/profiling' } },
  profileProgram: { channel: 'parascope:profile-program', browser: { socket: 'profile' } },
  cancelRun: { channel: 'parascope:cancel-run', browser: { socket: 'cancel' } },
  /** Browser mode: a download in the page, and a copy in the server's save folder. */
  save: { channel: 'parascope:save', browser: { http: 'POST', path: '/api/save', query: 'name' } },
  savePdf: { channel: 'parascope:save-pdf', browser: { http: 'POST', path: '/api/pdf', query: 'name' } },
} as const satisfies Record<ApiMethod, MethodTransport>;

type BrowserRoute<M extends ApiMethod> = (typeof API_METHODS)[M]['browser'];

/** The methods browser mode carries over HTTP: the server's API routes are keyed by these. */
export type HttpMethod = { [M in ApiMethod]: BrowserRoute<M> extends HttpRoute ? M : never }[ApiMethod];

/** The methods browser mode carries on the run socket: its message handlers are keyed by these. */
export type SocketMethod = { [M in ApiMethod]: BrowserRoute<M> extends SocketRoute ? M : never }[ApiMethod];

/** The HTTP route of a method. */
export function httpRoute<M extends HttpMethod>(method: M): BrowserRoute<M> & HttpRoute {
  return API_METHODS[method].browser;
}

/** The URL the page asks for: the route's path, with its query parameter when it takes one. */
export function routeUrl(route: HttpRoute, value?: string): string {
  return route.query === undefined || value === undefined ? route.path : `${route.path}?${route.query}=${encodeURIComponent(value)}`;
}

/** The table's rows whose browser route has `key`, each with its method. */
function rowsWith<K extends 'http' | 'socket', M extends ApiMethod>(
  key: K,
): (Extract<MethodTransport['browser'], Record<K, unknown>> & { readonly method: M })[] {
  return (Object.keys(API_METHODS) as ApiMethod[]).flatMap((m) => {
    const b: MethodTransport['browser'] = API_METHODS[m].browser;
    return key in b ? [{ ...(b as Extract<MethodTransport['browser'], Record<K, unknown>>), method: m as M }] : [];
  });
}

/** Every HTTP route, for the server's dispatch and its 405 for a known path asked with another method. */
export const HTTP_ROUTES: readonly (HttpRoute & { readonly method: HttpMethod })[] = rowsWith<'http', HttpMethod>('http');

/** Every run-socket message type with the method it carries, for the server's message dispatch. */
export const SOCKET_ROUTES: readonly (SocketRoute & { readonly method: SocketMethod })[] = rowsWith<'socket', SocketMethod>('socket');

/** The WebSocket that carries one recording: RunSocketMessage up, SocketRunEvent down. */
export const RUN_SOCKET_PATH = '/api/run';

/** What the page sends on the run socket. */
export type RunSocketMessage =
  | { readonly type: 'run'; readonly id: string; readonly params: ExperimentParams }
  | { readonly type: 'run-file'; readonly source: ExperimentFileSource; readonly params: ExperimentFileParams }
  | { readonly type: 'profile'; readonly request: ProfileRequest }
  | { readonly type: 'cancel' };

/** A RunEvent on the run socket: 'done' carries the recording's bytes as base64, and always its path. */
export type SocketRunEvent = RunEventOf<TraceFileOf<string> & { readonly path: string }>;

/** The headers that name a byte response's file (URI-encoded). */
export const FILE_HEADERS = { name: 'X-Parascope-Name', path: 'X-Parascope-Path' } as const;

/** POST /api/experiment-file's answer: the description, or the loader's one line (one of the two). */
export interface ExperimentFileAnswer {
  readonly info?: ExperimentFileInfo;
  readonly invalid?: string;
}
