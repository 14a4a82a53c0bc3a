/**
 * What every end-to-end test needs: `parascope serve` on a free port (the built CLI serving the
 * built renderer, as a user runs it) and Debian's Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env['PARASCOPE_CHROMIUM'] ?? '/usr/bin/chromium';

export interface Served {
  /** What `serve` printed: http://127.0.0.1:PORT/?token=T (visiting it lets the browser in). */
  readonly url: string;
  /** http://127.0.0.1:PORT/ */
  readonly base: string;
  readonly token: string;
  /** The printed URL with more query parameters (`?debug`): the token still lets the page in. */
  pageUrl(query: string): string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `parascope serve --port 0 [FILE]` and resolves with the URL it prints (with its token). */
export async function serve(args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  if (!existsSync(path.join(ROOT, 'dist/cli.js')) || !existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    throw new Error('build first: npm run build');
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/parascope.js'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const [url, base, token] = await new Promise<[string, string, string]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${out} ${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /((http:\/\/127\.0\.0\.1:\d+\/)\?token=([A-Za-z0-9_-]+))\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve([m[1]!, m[2]!, m[3]!]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    url,
    base,
    token,
    pageUrl: (query) => `${url}&${query}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects page errors and console errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The app in browser mode as most e2e files start it: a server, Chromium, one page at `?debug` with the timeline drawn. */
export interface OpenApp {
  readonly server: Served;
  readonly browser: Browser;
  readonly page: Page;
  /** The page's errors (watchErrors). */
  readonly errors: string[];
}

export async function openApp(args: readonly string[], viewport: { width: number; height: number }, env: NodeJS.ProcessEnv = {}): Promise<OpenApp> {
  const server = await serve(args, env);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  const errors = watchErrors(page);
  await page.goto(server.pageUrl('debug'));
  await page.getByTestId('lane-label').first().waitFor();
  return { server, browser, page, errors };
}

/** Ends what openApp started (either may be missing when its start failed). */
export async function closeApp(app: Partial<Pick<OpenApp, 'server' | 'browser'>>): Promise<void> {
  await app.browser?.close();
  await app.server?.stop();
}
