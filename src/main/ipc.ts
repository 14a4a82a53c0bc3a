/**
 * The IPC side of ParascopeApi: one handler per contract method, each answering only the app's
 * own page (not whatever a frame may have navigated to) and replying with a Reply envelope, so the
 * page sees one-line errors. Arguments come from the page and are checked by the AppHost methods.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { AppHost } from './app-host.js';
import { CHANNELS, RUN_ID_PATTERN, runEventChannel, type Reply } from '../shared/ipc-channels.js';
import { oneLine } from '../host/one-line.js';
import type { HostRunEvent } from '../host/recordings.js';

function handle<T>(channel: string, isAppPage: (url: string) => boolean, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => T | Promise<T>): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Reply<T>> => {
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

export function registerIpc(host: AppHost, version: string, isAppPage: (url: string) => boolean): void {
  // Runs end with their page: a closed window cancels what it started.
  const runsOf = new Map<WebContents, Set<string>>();
  const track = (wc: WebContents, runId: string): void => {
    let runs = runsOf.get(wc);
    if (runs === undefined) {
      const own = new Set<string>();
      runs = own;
      runsOf.set(wc, own);
      wc.once('destroyed', () => {
        for (const id of own) host.recordings.cancel(id);
        runsOf.delete(wc);
      });
    }
    runs.add(runId);
  };

  handle(CHANNELS.version, isAppPage, () => version);
  handle(CHANNELS.initialFile, isAppPage, () => host.initialFile());
  handle(CHANNELS.openDialog, isAppPage, (event) => host.openDialog(windowOf(event)));
  handle(CHANNELS.openPath, isAppPage, (_event, path) => host.openPath(path));
  handle(CHANNELS.recentFiles, isAppPage, () => host.recentFiles());
  handle(CHANNELS.samples, isAppPage, () => host.samples());
  handle(CHANNELS.experiments, isAppPage, () => host.experiments());
  /** Starts a run whose events go to the asking page on the run's own channel. */
  const startRun = (event: IpcMainInvokeEvent, runId: unknown, start: (runId: string, onEvent: (e: HostRunEvent) => void) => void): string => {
    // The preload chooses the id and subscribes to the run's channel before asking, so no event is missed.
    if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId)) throw new Error('bad run id');
    const wc = event.sender;
    const channel = runEventChannel(runId);
    track(wc, runId);
    start(runId, (e: HostRunEvent) => {
      if (e.type !== 'progress') runsOf.get(wc)?.delete(runId);
      if (!wc.isDestroyed()) wc.send(channel, e);
    });
    return runId;
  };
  handle(CHANNELS.runExperiment, isAppPage, (event, runId, experiment, params) =>
    startRun(event, runId, (id, onEvent) => host.recordings.start(id, experiment, params, onEvent)),
  );
  handle(CHANNELS.experimentExamples, isAppPage, () => host.experimentExamples());
  handle(CHANNELS.openExperimentFile, isAppPage, (event) => host.openExperimentFile(windowOf(event)));
  handle(CHANNELS.runExperimentFile, isAppPage, (event, runId, source, params) =>
    startRun(event, runId, (id, onEvent) => host.runExperimentFile(id, source, params, onEvent)),
  );
  handle(CHANNELS.cancelRun, isAppPage, (_event, runId) => {
    if (typeof runId === 'string') host.recordings.cancel(runId);
  });
  handle(CHANNELS.save, isAppPage, (event, name, data) => host.save(windowOf(event), name, data));
  handle(CHANNELS.savePdf, isAppPage, (event, name, html) => host.savePdf(windowOf(event), name, html));
}
