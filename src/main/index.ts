import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, type IpcMainInvokeEvent } from 'electron';

// Kept identical to the <meta> in src/renderer/index.html: the header covers every response of the
// session (the dev server's included), the <meta> covers the page however it was loaded.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
].join('; ');

// Set by `electron-vite dev`; ignored in a packaged app so the environment cannot point it at another page.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
// The package is ESM but a sandboxed preload must be CommonJS, so electron-vite emits it as .cjs.
const preloadFile = join(import.meta.dirname, '../preload/index.cjs');

/** Whether `url` is the app's own page: the built index.html, or any page of the dev server. */
function isAppPage(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  if (devServerUrl !== undefined) return target.origin === new URL(devServerUrl).origin;
  return target.protocol === 'file:' && target.pathname === pathToFileURL(rendererFile).pathname;
}

/** IPC handlers answer only the app's own page, not whatever a frame may have navigated to. */
function assertFromAppPage(event: IpcMainInvokeEvent): void {
  const url = event.senderFrame?.url;
  if (url === undefined || !isAppPage(url)) {
    throw new Error(`IPC refused from ${url ?? 'a destroyed frame'}`);
  }
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Parascope',
    // Shown on 'ready-to-show' so the user never sees an empty, unstyled window.
    show: false,
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });

  win.once('ready-to-show', () => win.show());
  // The app is a single page: any navigation away from it, or any pop-up, is refused.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppPage(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

  if (devServerUrl !== undefined) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererFile);
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });

  ipcMain.handle('parascope:version', (event) => {
    assertFromAppPage(event);
    return app.getVersion();
  });

  createWindow();
  // macOS keeps the app running with no window; clicking the dock icon opens a new one.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

// On macOS an app conventionally stays active until the user quits it explicitly.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
