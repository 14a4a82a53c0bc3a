/**
 * The IPC side of ParascopeApi: one handler per contract method, keyed by the method table
 * (src/shared/routes.ts), so a method without a handler is a type error and every channel name
 * comes from the table. Each handler answers only the app's own page (not whatever a frame may
 * have navigated to) and replies with a Reply envelope, so the page sees one-line errors.
 * Arguments come from the page and are checked by the host core.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { AppHost } from './app-host.js';
import { RUN_ID_PATTERN, runEventChannel, type IpcResult, type IpcRunEvent, type Reply } from '../shared/ipc-channels.js';
import { API_METHODS, type ApiMethod } from '../shared/routes.js';
import { oneLine } from '../host/one-line.js';
import type { HostRunEvent } from '../host/recordings.js';

type IpcHandler<Result = unknown> = (event: IpcMainInvokeEvent, ...args: unknown[]) => Result | Promise<Result>;

/** One handler per contract method, each answering what the contract promises (IpcResult). */
type IpcHandlers = { readonly [M in ApiMethod]: IpcHandler<IpcResult<M>> };

function handle(channel: string, isAppPage: (url: string) => boolean, fn: IpcHandler): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Reply<unknown>> => {
    const url = event.senderFrame?.url;
    if (url === undefined || !isAppPage(url)) return { ok: false, error: `IPC refused from ${url ?? 'a destroyed frame'}` };
    try {
      return { ok: true, value: await fn(event, ...args) };
    } catch (e) {
      return { ok: false, error: oneLine(e) };
    }
  });
}

function windowOf(event: IpcMainInvokeEvent): BrowserWindow | undefined {
  return BrowserWindow.fromWebContents(event.sender) ?? undefined;
}

export function registerIpc(host: AppHost, isAppPage: (url: string) => boolean): void {
  const core = host.core;
  // Runs end with their page: a closed window cancels what it started.
  const runsOf = new Map<WebContents, Set<string>>();
  const track = (wc: WebContents, runId: string): void => {
    let runs = runsOf.get(wc);
    if (runs === undefined) {
      const own = new Set<string>();
      runs = own;
      runsOf.set(wc, own);
      wc.once('destroyed', () => {
        for (const id of own) core.cancelRun(id);
        runsOf.delete(wc);
      });
    }
    runs.add(runId);
  };

  /** Starts a run whose events go to the asking page on the run's own channel. */
  const startRun = (event: IpcMainInvokeEvent, runId: unknown, start: (runId: string, onEvent: (e: HostRunEvent) => void) => void): string => {
    // The preload chooses the id and subscribes to the run's channel before asking, so no event is missed.
    if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId)) throw new Error('bad run id');
    const wc = event.sender;
    const channel = runEventChannel(runId);
    track(wc, runId);
    start(runId, (e: HostRunEvent) => {
      if (e.type !== 'progress') runsOf.get(wc)?.delete(runId);
      if (!wc.isDestroyed()) wc.send(channel, e satisfies IpcRunEvent);
    });
    return runId;
  };

  const handlers: IpcHandlers = {
    version: () => core.version(),
    initialFile: () => core.initialFile(),
    openDialog: (event) => host.openDialog(windowOf(event)),
    openPath: (_event, path) => core.openPath(path),
    recentFiles: () => core.recentFiles(),
    samples: () => core.samples(),
    experiments: () => core.experiments(),
    runExperiment: (event, runId, experiment, params) => startRun(event, runId, (id, onEvent) => core.runExperiment(id, experiment, params, onEvent)),
    experimentExamples: () => core.experimentExamples(),
    openExperimentFile: (event) => host.openExperimentFile(windowOf(event)),
    runExperimentFile: (event, runId, source, params) => startRun(event, runId, (id, onEvent) => core.runExperimentFile(id, source, params, onEvent)),
    profiling: () => core.profiling(),
    profileProgram: (event, runId, request) => startRun(event, runId, (id, onEvent) => core.profileProgram(id, request, onEvent)),
    cancelRun: (_event, runId) => core.cancelRun(runId),
    save: (event, name, data) => host.save(windowOf(event), name, data),
    savePdf: (event, name, trace) => host.savePdf(windowOf(event), name, trace),
  };
  for (const method of Object.keys(handlers) as ApiMethod[]) handle(API_METHODS[method].channel, isAppPage, handlers[method] as IpcHandler);
}
