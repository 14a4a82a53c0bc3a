/**
 * ParascopeApi (src/shared/api.ts) for the page, over IPC to Electron main (src/main/ipc.ts), on
 * the channels of the method table (src/shared/routes.ts via ipc-channels.ts).
 * Only these narrow functions cross the context bridge, never ipcRenderer itself, so page
 * scripts cannot send arbitrary IPC messages or listen on arbitrary channels.
 * Sandboxed preload: it may require('electron') only; everything else is bundled in.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, runEventChannel, type IpcMenuAction, type IpcResult, type IpcRunEvent, type IpcTraceFile, type Reply } from '../shared/ipc-channels.js';
import type { ApiMethod } from '../shared/routes.js';
import type {
  ExperimentFileParams,
  ExperimentFileSource,
  ExperimentParams,
  MenuAction,
  ParascopeApi,
  PdfSource,
  ProfileRequest,
  RunEvent,
  TraceFile,
} from '../shared/api.js';

export type { ParascopeApi } from '../shared/api.js';

/** Invokes main's handler of `method` and unwraps its Reply: a failure becomes an Error with main's one-line message. */
async function call<M extends ApiMethod>(method: M, ...args: unknown[]): Promise<IpcResult<M>> {
  const reply = (await ipcRenderer.invoke(CHANNELS[method], ...args)) as Reply<IpcResult<M>>;
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** Bytes arrive over IPC as a Uint8Array; the contract hands the page an ArrayBuffer. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const buf = bytes.buffer as ArrayBuffer;
  return bytes.byteOffset === 0 && bytes.byteLength === buf.byteLength ? buf : buf.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function toTraceFile(f: IpcTraceFile): TraceFile {
  return { name: f.name, ...(f.path !== undefined ? { path: f.path } : {}), bytes: toArrayBuffer(f.bytes) };
}

async function callForFile(method: 'initialFile' | 'openDialog'): Promise<TraceFile | undefined> {
  const f = await call(method);
  return f === undefined ? undefined : toTraceFile(f);
}

let runCounter = 0;
/** Unique among this page's runs; main checks the form (RUN_ID_PATTERN) and refuses duplicates. */
function newRunId(): string {
  runCounter += 1;
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2);
  return `${runCounter}-${random}`;
}

/** Subscribes to a new run's event channel, then asks main (by `method`) to start it. */
async function startRun(
  method: 'runExperiment' | 'runExperimentFile' | 'profileProgram',
  args: readonly unknown[],
  onEvent: (e: RunEvent) => void,
): Promise<string> {
  const runId = newRunId();
  const channel = runEventChannel(runId);
  // Subscribed before main is asked, so not even an immediate event is missed.
  const listener = (_event: IpcRendererEvent, e: IpcRunEvent): void => {
    if (e.type !== 'progress') ipcRenderer.removeListener(channel, listener);
    onEvent(e.type === 'done' ? { ...e, file: toTraceFile(e.file) } : e);
  };
  ipcRenderer.on(channel, listener);
  try {
    return await call(method, runId, ...args);
  } catch (e) {
    ipcRenderer.removeListener(channel, listener);
    throw e;
  }
}

const api: ParascopeApi = {
  host: 'electron',
  version: () => call('version'),
  initialFile: () => callForFile('initialFile'),
  openDialog: () => callForFile('openDialog'),
  openPath: async (path: string) => toTraceFile(await call('openPath', path)),
  recentFiles: () => call('recentFiles'),
  samples: () => call('samples'),
  experiments: () => call('experiments'),

  runExperiment(id: string, params: ExperimentParams, onEvent: (e: RunEvent) => void): Promise<string> {
    // Copy the params: only plain data goes over IPC.
    const plain: ExperimentParams = { size: params.size, reps: params.reps, ...(params.adapter !== undefined ? { adapter: params.adapter } : {}) };
    return startRun('runExperiment', [id, plain], onEvent);
  },
  experimentExamples: () => call('experimentExamples'),
  openExperimentFile: () => call('openExperimentFile'),
  runExperimentFile(source: ExperimentFileSource, params: ExperimentFileParams, onEvent: (e: RunEvent) => void): Promise<string> {
    const plainSource: ExperimentFileSource = {
      name: source.name,
      ...(source.path !== undefined ? { path: source.path } : {}),
      ...(source.text !== undefined ? { text: source.text } : {}),
    };
    return startRun('runExperimentFile', [plainSource, params.adapter !== undefined ? { adapter: params.adapter } : {}], onEvent);
  },
  profiling: () => call('profiling'),
  profileProgram(request: ProfileRequest, onEvent: (e: RunEvent) => void): Promise<string> {
    // Plain data only over IPC; the host checks every field.
    const plain: ProfileRequest = {
      command: typeof request.command === 'string' ? request.command : [...request.command],
      ...(request.cwd !== undefined ? { cwd: request.cwd } : {}),
      ...(request.perPass !== undefined ? { perPass: request.perPass } : {}),
      ...(request.timeoutS !== undefined ? { timeoutS: request.timeoutS } : {}),
    };
    return startRun('profileProgram', [plain], onEvent);
  },
  cancelRun: (runId: string) => call('cancelRun', runId),
  save: (suggestedName: string, data: string | ArrayBuffer) => call('save', suggestedName, data),
  savePdf: (suggestedName: string, trace: PdfSource) => call('savePdf', suggestedName, trace),

  onMenu(listener: (action: MenuAction) => void): () => void {
    const onAction = (_event: IpcRendererEvent, a: IpcMenuAction): void => {
      listener(a.type === 'open-file' ? { type: 'open-file', file: toTraceFile(a.file) } : a);
    };
    ipcRenderer.on(CHANNELS.menu, onAction);
    return () => {
      ipcRenderer.removeListener(CHANNELS.menu, onAction);
    };
  },
};

contextBridge.exposeInMainWorld('parascope', api);
