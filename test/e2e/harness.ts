/**
 * What every end-to-end test needs: `parascope serve` on a free port (the built CLI serving the
 * built renderer, as a user runs it) and Debian's Chromium driven by playwright-core.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve, type Served } from '../helpers/serve-cli.js';

export { serve, type Served } from '../helpers/serve-cli.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env['PARASCOPE_CHROMIUM'] ?? '/usr/bin/chromium';

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
