/**
 * The app window and its guards: context isolation, sandbox, no Node in the page, a strict CSP;
 * no navigation away from the app's page and no pop-ups (web-contents-guards.ts, for every window).
 *
 * Drag and drop: the page reads a dropped File itself (File.arrayBuffer()), so main does nothing
 * for it. A drop the page does not handle makes Chromium navigate to the file's file:// URL;
 * the will-navigate refusal (web-contents-guards.ts) stops that, so a stray drop never replaces the app.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, type Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../host/csp.js';
import { refusePermissions } from './web-contents-guards.js';

// Set by `electron-vite dev` only. `import.meta.env.DEV` is a constant of the build: false in what
// `npm run build` makes (and `npm start` runs), so there the environment can never point the app
// window at another page; the bundle does not even read the variable.
const devServerUrl = import.meta.env.DEV && !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
// The package is ESM but a sandboxed preload must be CommonJS, so electron-vite emits it as .cjs.
const preloadFile = join(import.meta.dirname, '../preload/index.cjs');

/** Whether `url` is the app's own page: the built index.html, or any page of the dev server. */
export function isAppPage(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  if (devServerUrl !== undefined) return target.origin === new URL(devServerUrl).origin;
  return target.protocol === 'file:' && target.pathname === pathToFileURL(rendererFile).pathname;
}

/** Sends the CSP as a header on every response of the session, the dev server's included. */
export function installCsp(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  refusePermissions(session);
}

export function createMainWindow(): BrowserWindow {
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

  if (devServerUrl !== undefined) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererFile);
  return win;
}
