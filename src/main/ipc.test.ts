/**
 * The Electron transport without Electron: main's IPC handlers (ipc.ts) and the preload's API
 * (src/preload/index.ts) against a stand-in `electron` module whose ipcRenderer.invoke reaches
 * ipcMain's handlers through structured clone, as Electron's IPC does. Shows that every method of
 * the table has a handler on its channel, that the page gets the contract's shapes (ArrayBuffers,
 * one-line errors), that a foreign frame is refused, and that run events arrive on their channel.
 * The Electron end-to-end test (test/e2e/electron.e2e.ts) runs only where Electron can start.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ParascopeApi, PdfSource, RunEvent } from '../shared/api.js';
import { API_METHODS } from '../shared/routes.js';
import { RecentFiles } from '../host/recent-files.js';
import { resourcePaths } from '../host/resource-paths.js';

const stub = vi.hoisted(() => {
  type Handler = (event: unknown, ...args: unknown[]) => unknown;
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const state = { frameUrl: 'app://page', exposed: undefined as unknown, savePath: '' };
  const sender = {
    send: (channel: string, payload: unknown) => {
      for (const l of listeners.get(channel) ?? []) l({}, structuredClone(payload));
    },
    isDestroyed: () => false,
    once: () => {},
  };
  const electron = {
    ipcMain: { handle: (channel: string, fn: Handler) => void handlers.set(channel, fn) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        const fn = handlers.get(channel);
        if (fn === undefined) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await fn({ senderFrame: { url: state.frameUrl }, sender }, ...structuredClone(args)));
      },
      on: (channel: string, l: (event: unknown, payload: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(l);
      },
      removeListener: (channel: string, l: (event: unknown, payload: unknown) => void) => void listeners.get(channel)?.delete(l),
    },
    contextBridge: { exposeInMainWorld: (_key: string, api: unknown) => void (state.exposed = api) },
    BrowserWindow: { fromWebContents: () => null },
    app: { getPath: () => os.tmpdir() },
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showSaveDialog: () => Promise.resolve({ canceled: false, filePath: state.savePath }),
    },
    session: { fromPartition: () => ({ webRequest: { onBeforeRequest: () => {} } }) },
  };
  return { handlers, state, electron };
});

vi.mock('electron', () => ({ ...stub.electron, default: stub.electron }));

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-ipc-'));
let api: ParascopeApi;

beforeAll(async () => {
  const { AppHost } = await import('./app-host.js');
  const { registerIpc } = await import('./ipc.js');
  const recent = new RecentFiles(path.join(dir, 'recent-files.json'));
  await recent.load();
  const paths = { ...resourcePaths(ROOT), recordingsDir: path.join(dir, 'recordings'), recentStore: path.join(dir, 'recent-files.json') };
  registerIpc(new AppHost(paths, recent, '1.2.3', undefined, () => {}), (url) => url === 'app://page');
  await import('../preload/index.js');
  api = stub.state.exposed as ParascopeApi;
});

describe('the IPC transport (main and preload, Electron stood in)', () => {
  it('registers one handler on each channel of the method table', () => {
    expect([...stub.handlers.keys()].sort()).toEqual(
      Object.values(API_METHODS)
        .map((m) => m.channel)
        .sort(),
    );
  });

  it('answers the page with the contract’s shapes', async () => {
    expect(api.host).toBe('electron');
    expect(await api.version()).toBe('1.2.3');
    const initial = await api.initialFile();
    expect(initial?.name).toBe('seed-compute-copy.json.gz');
    expect(initial?.bytes).toBeInstanceOf(ArrayBuffer);
    const samples = await api.samples();
    const opened = await api.openPath(samples[0]?.path ?? '');
    expect(opened).toMatchObject({ name: samples[0]?.name, path: samples[0]?.path });
    expect(await api.recentFiles()).toEqual([samples[0]?.path]);
    await expect(api.openPath('/etc/passwd')).rejects.toThrow(/^\/etc\/passwd: not a file Parascope opened, a sample or a recording$/);
    expect((await api.experiments()).length).toBeGreaterThan(0);
    expect(await api.openDialog()).toBeUndefined();
    stub.state.savePath = path.join(dir, 'saved.txt');
    expect(await api.save('saved.txt', 'text')).toBe(stub.state.savePath);
    // A PDF names a trace, never HTML: anything else is refused, and so is a path the page may not read.
    await expect(api.savePdf('x', 3 as unknown as PdfSource)).rejects.toThrow(/savePdf: the report needs a trace/);
    await expect(api.savePdf('x', '<p>hi</p>' as unknown as PdfSource)).rejects.toThrow(/savePdf: the report needs a trace/);
    await expect(api.savePdf('x', { path: '/etc/passwd' })).rejects.toThrow(/^\/etc\/passwd: not a file Parascope opened, a sample or a recording$/);
  });

  it('sends a run’s events on its own channel, and cancels by id', async () => {
    const ended = new Promise<RunEvent>((resolve) => {
      void api.runExperiment('no such experiment', { size: 1, reps: 1 }, (e) => {
        if (e.type !== 'progress') resolve(e);
      });
    });
    expect(await ended).toEqual({ type: 'error', message: 'unknown experiment "no such experiment"' });
    await expect(api.cancelRun('1-unknown')).resolves.toBeUndefined();
  });

  it('refuses a frame that is not the app’s page', async () => {
    stub.state.frameUrl = 'https://elsewhere.example/';
    try {
      await expect(api.version()).rejects.toThrow('IPC refused from https://elsewhere.example/');
    } finally {
      stub.state.frameUrl = 'app://page';
    }
  });
});
