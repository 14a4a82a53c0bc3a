/**
 * Prints an HTML report to PDF with Electron's own Chromium: the HTML is loaded from a temp file
 * into a hidden window that runs no script (javascript: false, sandboxed, no preload) and cannot
 * reach the network (a session of its own, in memory, that cancels every request but the report
 * file and data: URLs), with the print CSP in the page (src/host/csp.ts), then printToPDF.
 * A file, not a data: URL, because Chromium caps URLs at 2 MiB and a report can be larger.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import { withPrintCsp } from '../host/csp.js';
import { refusePermissions } from './web-contents-guards.js';

const PARTITION = 'parascope-pdf'; // no "persist:" prefix: in memory only
const TIMEOUT_MS = 60_000;
const allowedUrls = new Set<string>();
let guarded = false;

/** The print session loads only the report files being printed and data: URLs (inline images); nothing from the network. */
function guardSession(): void {
  if (guarded) return;
  guarded = true;
  refusePermissions(session.fromPartition(PARTITION));
  session.fromPartition(PARTITION).webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    callback({ cancel: !(url.startsWith('data:') || allowedUrls.has(url.split('#')[0] ?? url)) });
  });
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PDF export failed: ${what} took more than ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function printHtmlToPdf(html: string): Promise<Buffer> {
  guardSession();
  const dir = await fs.mkdtemp(join(os.tmpdir(), 'parascope-pdf-'));
  const file = join(dir, 'report.html');
  const url = pathToFileURL(file).href;
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, partition: PARTITION },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  try {
    await fs.writeFile(file, withPrintCsp(html), 'utf8');
    allowedUrls.add(url);
    await withTimeout(win.loadFile(file), 'loading the report');
    return await withTimeout(win.webContents.printToPDF({ printBackground: true }), 'printing');
  } finally {
    allowedUrls.delete(url);
    win.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
