/**
 * ParascopeApi for browser mode: the page talks to `parascope serve` (src/cli/serve/) on its own
 * origin, with fetch and a WebSocket per recording, on the routes of the method table
 * (src/shared/routes.ts, where the wire protocol is listed).
 * No Node imports: this runs in the browser.
 */
import type {
  ExperimentFileInfo,
  ExperimentFileParams,
  ExperimentFileSource,
  ExperimentInfo,
  ExperimentParams,
  MenuAction,
  ParascopeApi,
  PdfSource,
  ProfileRequest,
  ProfilingInfo,
  RunEvent,
  TraceFile,
} from '@shared/api';
import {
  FILE_HEADERS,
  httpRoute,
  routeUrl,
  RUN_SOCKET_PATH,
  type ExperimentFileAnswer,
  type HttpMethod,
  type RunSocketMessage,
  type SocketRunEvent,
} from '@shared/routes';

/** The server's one-line error, or the status when the body is not the usual {"error"}. */
async function failure(res: Response): Promise<Error> {
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') return new Error(body.error);
  } catch {
    // not JSON
  }
  return new Error(`the Parascope server answered ${res.status} ${res.statusText}`);
}

async function request(path: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new Error('the Parascope server cannot be reached: is `parascope serve` still running?');
  }
  if (!res.ok) throw await failure(res);
  return res;
}

/** The URL of a method's HTTP route, with its query parameter when given. */
function urlOf(method: HttpMethod, value?: string): string {
  return routeUrl(httpRoute(method), value);
}

async function getJson<T>(method: HttpMethod): Promise<T> {
  return (await (await request(urlOf(method))).json()) as T;
}

function header(res: Response, name: string): string | undefined {
  const v = res.headers.get(name);
  return v === null ? undefined : decodeURIComponent(v);
}

async function traceFrom(res: Response, fallbackName: string): Promise<TraceFile> {
  const path = header(res, FILE_HEADERS.path);
  return { name: header(res, FILE_HEADERS.name) ?? fallbackName, ...(path !== undefined ? { path } : {}), bytes: await res.arrayBuffer() };
}

function base64ToArrayBuffer(b64: string): ArrayBuffer {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

/** Hands `data` to the browser as a download named `name`. */
function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; give slow browsers a moment before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The browser's file picker, for files of the `accept` types. Resolves undefined when the user cancels: the
 * input's 'cancel' event where the browser has it (Chromium 113+, Firefox 91+, Safari 16.4+),
 * otherwise the window getting focus back with no file chosen shortly after.
 */
function pickFile(accept: string): Promise<File | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    let settled = false;
    const finish = (file: File | undefined): void => {
      if (settled) return;
      settled = true;
      window.removeEventListener('focus', onFocus);
      input.remove();
      resolve(file);
    };
    // 'change' can come after 'focus' (Firefox, Safari): wait before concluding it was cancelled.
    const onFocus = (): void => {
      setTimeout(() => {
        if (!input.files || input.files.length === 0) finish(undefined);
      }, 1000);
    };
    input.addEventListener('change', () => finish(input.files?.[0]));
    input.addEventListener('cancel', () => finish(undefined));
    window.addEventListener('focus', onFocus);
    document.body.append(input);
    input.click();
  });
}

async function pickTraceFile(): Promise<TraceFile | undefined> {
  const file = await pickFile('.json,.gz,application/json,application/gzip');
  if (file === undefined) return undefined;
  try {
    return { name: file.name, bytes: await file.arrayBuffer() };
  } catch (e) {
    throw new Error(`cannot read ${file.name}: ${String(e)}`, { cause: e });
  }
}

let runCounter = 0;

export function createHttpApi(): ParascopeApi {
  const runs = new Map<string, { socket: WebSocket; cancel(): void }>();

  /** One WebSocket per recording: sends `message`, relays the server's RunEvents. */
  function startRun(message: RunSocketMessage, onEvent: (e: RunEvent) => void): Promise<string> {
    runCounter += 1;
    const runId = `run-${runCounter}`;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}${RUN_SOCKET_PATH}`);
    let ended = false;
    const end = (e: RunEvent): void => {
      if (ended) return;
      if (e.type !== 'progress') {
        ended = true;
        runs.delete(runId);
      }
      onEvent(e);
    };
    socket.addEventListener('open', () => socket.send(JSON.stringify(message)));
    socket.addEventListener('message', (m: MessageEvent) => {
      let e: SocketRunEvent;
      try {
        e = JSON.parse(String(m.data)) as SocketRunEvent;
      } catch {
        return;
      }
      if (e.type === 'done') end({ ...e, file: { name: e.file.name, path: e.file.path, bytes: base64ToArrayBuffer(e.file.bytes) } });
      else end(e);
    });
    socket.addEventListener('close', () => end({ type: 'error', message: 'the connection to the Parascope server was lost before the recording finished' }));
    runs.set(runId, {
      socket,
      cancel() {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'cancel' } satisfies RunSocketMessage));
        else if (socket.readyState === WebSocket.CONNECTING) {
          // Nothing started on the server yet: drop the connection (the server cancels on close).
          end({ type: 'cancelled' });
          socket.close();
        }
      },
    });
    return Promise.resolve(runId);
  }

  return {
    host: 'browser',
    version: async () => (await getJson<{ version: string }>('version')).version,

    async initialFile() {
      const res = await request(urlOf('initialFile'));
      return res.status === 204 ? undefined : traceFrom(res, 'trace.json');
    },

    openDialog: () => pickTraceFile(),

    async openPath(path: string) {
      const res = await request(urlOf('openPath', path));
      return traceFrom(res, path.split(/[\\/]/).pop() ?? path);
    },

    recentFiles: () => getJson<readonly string[]>('recentFiles'),
    samples: () => getJson<readonly { name: string; path: string }[]>('samples'),
    experiments: () => getJson<readonly ExperimentInfo[]>('experiments'),

    runExperiment(id: string, params: ExperimentParams, onEvent: (e: RunEvent) => void): Promise<string> {
      return startRun({ type: 'run', id, params }, onEvent);
    },

    experimentExamples: () => getJson<readonly ExperimentFileInfo[]>('experimentExamples'),

    /** The browser's picker; the server validates the text with the same loader as `parascope record`. */
    async openExperimentFile() {
      const file = await pickFile('.yaml,.yml,.json');
      if (file === undefined) return undefined;
      let text: string;
      try {
        text = await file.text();
      } catch (e) {
        throw new Error(`cannot read ${file.name}: ${String(e)}`, { cause: e });
      }
      let res: Response;
      try {
        res = await request(urlOf('openExperimentFile', file.name), {
          method: 'POST',
          body: text,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        });
      } catch (e) {
        // e.g. 413 "request body over 4 MiB": say which file.
        throw new Error(`${file.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      const answer = (await res.json()) as ExperimentFileAnswer;
      if (answer.info === undefined) throw new Error(answer.invalid ?? `${file.name}: the server did not describe it`);
      return answer.info;
    },

    runExperimentFile(source: ExperimentFileSource, params: ExperimentFileParams, onEvent: (e: RunEvent) => void): Promise<string> {
      return startRun({ type: 'run-file', source, params }, onEvent);
    },

    /** Refused by the server unless it was started with `parascope serve --allow-profile`. */
    profiling: () => getJson<ProfilingInfo>('profiling'),

    profileProgram(request: ProfileRequest, onEvent: (e: RunEvent) => void): Promise<string> {
      return startRun({ type: 'profile', request }, onEvent);
    },

    async cancelRun(runId: string) {
      runs.get(runId)?.cancel();
    },
    /** A download in this browser, and a copy on the server (whose path is the result). */
    async save(suggestedName: string, data: string | ArrayBuffer) {
      download(suggestedName, data, typeof data === 'string' ? 'text/plain;charset=utf-8' : 'application/octet-stream');
      let res: Response;
      try {
        res = await request(urlOf('save', suggestedName), {
          method: 'POST',
          body: data,
          headers: { 'Content-Type': 'application/octet-stream' },
        });
      } catch (e) {
        throw new Error(`downloaded ${suggestedName}, but the server could not keep a copy: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
      return ((await res.json()) as { path: string }).path;
    },

    /** Built and printed by the server from the trace named (its path there, or its bytes) and saved there; downloaded here too. */
    async savePdf(suggestedName: string, trace: PdfSource) {
      const res = await request(
        urlOf('savePdf', suggestedName),
        'path' in trace
          ? { method: 'POST', body: JSON.stringify({ path: trace.path }), headers: { 'Content-Type': 'application/json' } }
          : { method: 'POST', body: trace.bytes, headers: { 'Content-Type': 'application/octet-stream', [FILE_HEADERS.name]: encodeURIComponent(trace.name) } },
      );
      const pdf = await traceFrom(res, suggestedName);
      download(pdf.name, pdf.bytes, 'application/pdf');
      return pdf.path;
    },

    /** Browser mode has no application menu. */
    onMenu(_listener: (action: MenuAction) => void) {
      return () => {};
    },
  };
}
