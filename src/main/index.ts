/**
 * Electron main: one window showing the renderer, the application menu, and the IPC handlers that
 * implement ParascopeApi (src/shared/api.ts) for it. GPU recordings never run here:
 * they run in a child process on a plain Node.js (recordings.ts, find-node.ts).
 */
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import type { MenuActionOf } from '../shared/api.js';
import { AppHost } from './app-host.js';
import { appPaths } from './app-paths.js';
import type { HostTraceFile } from '../host/host-files.js';
import { commandLineFile } from './command-line.js';
import { CHANNELS, type IpcMenuAction } from '../shared/ipc-channels.js';
import { registerIpc } from './ipc.js';
import { buildMenu } from './menu.js';
import { oneLine } from '../host/one-line.js';
import { RecentFiles } from '../host/recent-files.js';
import { createMainWindow, installCsp, isAppPage } from './window.js';
import { guardAllWebContents } from './web-contents-guards.js';

let mainWindow: BrowserWindow | undefined;

function targetWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? mainWindow ?? BrowserWindow.getAllWindows()[0];
}

/** A MenuAction as main holds it: an opened file's bytes as a Node buffer (the preload converts). */
type HostMenuAction = MenuActionOf<HostTraceFile>;

function sendToPage(action: HostMenuAction): void {
  const win = targetWindow();
  if (win !== undefined && !win.isDestroyed()) win.webContents.send(CHANNELS.menu, action satisfies IpcMenuAction);
}

function openWindow(): void {
  const win = createMainWindow();
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
}

// Before any window exists: every web contents gets the navigation and pop-up guards.
guardAllWebContents(app, isAppPage);

void app.whenReady().then(async () => {
  installCsp(session.defaultSession);
  const paths = appPaths();
  const recent = new RecentFiles(paths.recentStore);
  await recent.load();
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  // Declared before the host so its callback can refer to it; the host calls it only later.
  const refreshMenu = (): void => {
    Menu.setApplicationMenu(
      buildMenu(host.core.recentFiles(), {
        send: sendToPage,
        open: () => void host.openDialog(targetWindow()).then((file) => file && sendToPage({ type: 'open-file', file }), showOpenError),
        openRecent: (file) => void host.core.openChosen(file).then((opened) => sendToPage({ type: 'open-file', file: opened }), showOpenError),
        clearRecent: () => host.core.clearRecent(),
      }),
    );
  };
  const host: AppHost = new AppHost(paths, recent, app.getVersion(), commandLineFile(process.argv, app.isPackaged, cwd), refreshMenu);
  registerIpc(host, isAppPage);
  refreshMenu();
  openWindow();

  // macOS keeps the app running with no window; clicking the dock icon opens a new one.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  // A recording in flight is cancelled (its child killed) before the app goes.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void host.core.cancelAll().finally(() => app.quit());
  });
});

function showOpenError(e: unknown): void {
  dialog.showErrorBox('Cannot open the file', oneLine(e));
}

// On macOS an app conventionally stays active until the user quits it explicitly.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
