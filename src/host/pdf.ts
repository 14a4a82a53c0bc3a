/**
 * PDF export: the HTML report printed by a headless Chromium already on the machine (no npm
 * dependency, no download). Node only. Printed with script off, with the print CSP in the page
 * (csp.ts) and no network, as the desktop app's PDF window prints (src/main/pdf-window.ts).
 *
 * The HTML goes to a fresh temp folder (Chromium needs a file:// URL and its own profile folder);
 * the PDF is checked, then moved into place atomically, so `outFile` is either absent/old or a
 * whole PDF, never half of one. The temp folder is removed whatever happens.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withPrintCsp } from './csp.js';
import { writeFileAtomic } from './trace-file.js';
import { isExecutableFile, pathDirs } from './executables.js';

export const NO_CHROMIUM_MESSAGE = 'no Chromium found for PDF export: install chromium (Debian: apt-get install chromium) or set PARASCOPE_CHROMIUM';

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;
const DEFAULT_TIMEOUT_MS = 60_000;
/** A one-page PDF from Chromium is tens of kB; anything this small is not a rendered report. */
const MIN_PDF_BYTES = 1024;

/** The first candidate that is an executable regular file. */
export function resolveChromium(candidates: readonly string[]): string | undefined {
  return candidates.find((c) => c !== '' && isExecutableFile(c));
}

/**
 * PARASCOPE_CHROMIUM first (when it is not an executable file it is skipped like any other
 * candidate), then the usual Debian/Ubuntu/Chrome locations, then the same names on PATH (the
 * lookup `which` does, done here to avoid spawning a process).
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  const fromEnv = env['PARASCOPE_CHROMIUM'];
  if (fromEnv) candidates.push(fromEnv);
  for (const name of CHROMIUM_NAMES) candidates.push(`/usr/bin/${name}`);
  const dirs = pathDirs(env);
  for (const name of CHROMIUM_NAMES) for (const dir of dirs) candidates.push(path.join(dir, name));
  return resolveChromium(candidates);
}

export interface PdfOptions {
  /** The Chromium executable; default findChromium(). */
  readonly chromium?: string;
  /** Kill Chromium after this long; default 60 s. */
  readonly timeoutMs?: number;
}

export function chromiumArgs(tmpDir: string, htmlFile: string, pdfFile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    // What is printed runs no script and reaches nothing beyond its own file. Script is off by the
    // print CSP in the page (withPrintCsp: default-src 'none' covers script-src), not by
    // --blink-settings=scriptEnabled=false: with it, headless Chromium (156) prints no PDF at all.
    // No network either: no host name resolves, and every request goes to a proxy that is not there.
    '--host-resolver-rules=MAP * ~NOTFOUND',
    '--proxy-server=http://0.0.0.0:9',
    '--proxy-bypass-list=<-loopback>',
    '--disable-remote-fonts',
    `--user-data-dir=${path.join(tmpDir, 'profile')}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdfFile}`,
    pathToFileURL(htmlFile).href,
  ];
}

export async function htmlToPdf(html: string, outFile: string, opts: PdfOptions = {}): Promise<void> {
  const chromium = opts.chromium ?? findChromium();
  if (chromium === undefined) throw new Error(NO_CHROMIUM_MESSAGE);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parascope-pdf-'));
  try {
    const htmlFile = path.join(dir, 'report.html');
    const pdfFile = path.join(dir, 'out.pdf');
    await fs.writeFile(htmlFile, withPrintCsp(html), 'utf8');
    await runChromium(chromium, chromiumArgs(dir, htmlFile, pdfFile), timeoutMs);
    let pdf: Buffer;
    try {
      pdf = await fs.readFile(pdfFile);
    } catch {
      throw new Error(`PDF export failed: ${chromium} exited without writing a PDF`);
    }
    if (pdf.length < MIN_PDF_BYTES || pdf.subarray(0, 4).toString('latin1') !== '%PDF') {
      throw new Error(`PDF export failed: ${chromium} wrote ${pdf.length} bytes that are not a PDF`);
    }
    try {
      await writeFileAtomic(outFile, pdf);
    } catch (e) {
      throw new Error(`PDF export failed: cannot write ${outFile}: ${oneLine((e as NodeJS.ErrnoException).code ?? String(e))}`, { cause: e });
    }
  } finally {
    // Chromium's helpers may still be closing files in the profile: retry briefly.
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

/**
 * Runs Chromium in a process group of its own, so that on timeout the whole group (browser,
 * zygote, renderer, GPU helpers) is killed and nothing is left running.
 */
function runChromium(chromium: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(chromium, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      // Keep the tail only: the reason is at the end, and Chromium can be chatty.
      stderr = (stderr + chunk).slice(-64 * 1024);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const reason = e.code === 'ENOENT' ? `${chromium} not found` : e.code === 'EACCES' ? `${chromium} is not executable` : oneLine(e.message);
      finish(new Error(`PDF export failed: ${reason}`));
    });
    child.on('close', (code, signal) => {
      // Helpers that outlive the browser process would hold the profile folder open.
      killGroup();
      if (timedOut) finish(new Error(`PDF export failed: Chromium timed out after ${formatSeconds(timeoutMs)}`));
      else if (code === 0) finish(undefined);
      else if (signal) finish(new Error(`PDF export failed: Chromium was killed by ${signal}${lastError(stderr)}`));
      else finish(new Error(`PDF export failed: Chromium exited with code ${String(code)}${lastError(stderr)}`));
    });
  });
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/** The last stderr line that looks like an error, for the one-line message. */
function lastError(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const pick = [...lines].reverse().find((l) => /error|fatal|cannot|failed/i.test(l)) ?? lines[lines.length - 1];
  return pick ? `: ${oneLine(pick)}` : '';
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}
