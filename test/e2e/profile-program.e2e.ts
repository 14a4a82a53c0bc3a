/**
 * "Profile a program" in browser mode, in Debian's Chromium: `parascope serve --allow-profile`
 * profiles a fixture program typed into the form (real Dawn on this machine's Vulkan driver) and
 * the trace opens in the Timeline with its GPU ops; a cancel keeps what ran; and a server started
 * without the flag shows the form disabled with the message that says how to allow it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, ROOT, serve, watchErrors, type Served } from './harness.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/profile');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function open(server: Served): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(server.pageUrl('debug'));
  await page.getByTestId('lane-label').first().waitFor();
  await page.getByTestId('nav-experiments').click();
  await page.getByTestId('profile-program').waitFor();
  return { page, errors };
}

const laneNames = async (page: Page) => (await page.getByTestId('lane-label').allTextContents()).map((l) => l.trim());
const activeTabName = async (page: Page) => ((await page.locator('[data-testid="document-tab"] [aria-selected="true"]').textContent()) ?? '').trim();

describe('parascope serve --allow-profile', () => {
  let server: Served;
  let page: Page;
  let errors: string[];
  /** The first test's trace, on its tab. */
  let first = '';

  beforeAll(async () => {
    server = await serve(['--allow-profile', '--recordings-dir', mkdtempSync(path.join(tmpdir(), 'parascope-e2e-rec-'))], {
      HOME: mkdtempSync(path.join(tmpdir(), 'parascope-e2e-home-')),
    });
    ({ page, errors } = await open(server));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('profiles a program from the form and opens its trace: GPU ops on the timeline', async () => {
    const form = page.getByTestId('profile-program');
    // The host's working directory by default (serve runs in the package folder here).
    expect(await form.getByTestId('profile-cwd').inputValue()).toBe(ROOT);
    expect(await form.getByTestId('profile-preset').count()).toBeGreaterThan(0);
    await form.getByTestId('profile-command').fill('node run-gpu-work.mjs 5');
    await form.getByTestId('profile-cwd').fill(FIXTURES);
    await form.getByTestId('profile-run').click();
    await expect.poll(() => activeTabName(page), { timeout: 60_000 }).toMatch(/^profile-\d{8}-\d{6}\.json\.gz$/);
    first = await activeTabName(page);
    expect(await laneNames(page)).toEqual(expect.arrayContaining(['main thread']));
    expect((await laneNames(page)).some((l) => l.endsWith('queue'))).toBe(true);
    // The timeline draws ops, and the program's kernel ('touch', its pipeline's label) is among them.
    await page.evaluate('window.__parascopeTimeline.fit()');
    await page.evaluate("window.__parascopeTimeline.search('touch')");
    await expect.poll(() => page.evaluate('window.__parascopeTimeline.rectsDrawn') as Promise<number>).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate('window.__parascopeTimeline.searchRectsDrawn') as Promise<number>).toBeGreaterThan(0);
    await page.evaluate("window.__parascopeTimeline.search('')");
    // Back in the Experiments view the panel says what was recorded.
    await page.getByTestId('nav-experiments').click();
    expect(await form.getByTestId('profile-outcome').textContent()).toMatch(/recorded profile-.*GPU op\(s\) on 1 device\(s\)/);
  });

  it('a cancel kills the program and still opens what ran, marked incomplete', async () => {
    const form = page.getByTestId('profile-program');
    await form.getByTestId('profile-command').fill('node hang.mjs');
    await form.getByTestId('profile-run').click();
    // The program prints once its GPU work is done; then it would run forever.
    await expect
      .poll(
        async () =>
          (await form
            .getByTestId('profile-output')
            .textContent()
            .catch(() => '')) ?? '',
        { timeout: 60_000 },
      )
      .toContain('gpu work done');
    await form.getByTestId('cancel-button').click();
    // The view turns to the Timeline with the new trace (the tabs are not in the Experiments view).
    await expect.poll(() => activeTabName(page), { timeout: 30_000 }).not.toBe(first);
    expect(await activeTabName(page)).toMatch(/^profile-/);
    await page.getByTestId('nav-experiments').click();
    expect(await form.getByTestId('profile-outcome').textContent()).toContain('cancelled: what ran is kept, marked incomplete');
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});

describe('parascope serve without the flag', () => {
  let server: Served;

  beforeAll(async () => {
    server = await serve([], { HOME: mkdtempSync(path.join(tmpdir(), 'parascope-e2e-home-')) });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('shows the form disabled, with the message that says how to allow it', async () => {
    const { page, errors } = await open(server);
    const form = page.getByTestId('profile-program');
    expect(await form.getByTestId('profile-refused').textContent()).toMatch(
      /^browser mode runs programs only when started with `parascope serve --allow-profile`/,
    );
    expect(await form.getByTestId('profile-command').isDisabled()).toBe(true);
    expect(await form.getByTestId('profile-run').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});
