/**
 * Search, the overview strip and the folded op table (issue 13 items 4, 5, 7), in Debian's
 * Chromium at 1600×1000 on the bundled compute–copy sample (read y[0] … read y[49], twice each):
 * search finds and reveals, the op table filters and reveals, the minimap moves the view, zoom to
 * selection and the shortcuts overlay work, and the op table folds 359 exact rows into 16.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, ROOT, type Served } from './harness.js';

const SAMPLE = path.join(ROOT, 'resources/samples/seed-compute-copy.json.gz');
let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, page, errors } = await openApp([SAMPLE], { width: 1600, height: 1000 }));
});

afterAll(async () => {
  await closeApp({ server, browser });
});

type Win = { start: number; end: number };
/** The window the last frame drew (the hook is updated by the draw): after the next frame. */
async function hookWindow(): Promise<Win> {
  await nextFrame();
  return page.evaluate(() => window.__parascopeTimeline!.window);
}
const status = () => page.getByTestId('search-status');
const search = () => page.getByTestId('timeline-search');

/** Waits for a frame to be drawn after a change. */
async function nextFrame(): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

describe('the op table, folded by name pattern (item 7)', () => {
  it('has one row per pattern: 359 exact names are 16 rows, read y[*] holds 50 names and 100 ops', async () => {
    const rows = page.getByTestId('op-row');
    expect(await rows.count()).toBe(16);
    const read = rows.filter({ hasText: 'read y[*]' }).first();
    expect(await read.textContent()).toContain('50 names');
    expect((await read.locator('td').nth(2).textContent())?.trim()).toBe('100');
    await read.getByTestId('op-row-expand').click();
    expect(await page.getByTestId('op-member-row').count()).toBe(50);
    await read.getByTestId('op-row-expand').click();
    expect(await page.getByTestId('op-member-row').count()).toBe(0);
  });

  it('keeps its header in view while its rows scroll', async () => {
    const table = page.getByTestId('op-table');
    const read = page.getByTestId('op-row').filter({ hasText: 'read y[*]' }).first();
    await read.getByTestId('op-row-expand').click(); // 66 rows: taller than its box
    const box = table.locator('xpath=..');
    await box.evaluate((el) => (el.scrollTop = 600));
    await nextFrame();
    const boxTop = (await box.boundingBox())!.y;
    const head = (await table.locator('thead th').first().boundingBox())!;
    expect(Math.abs(head.y - boxTop)).toBeLessThan(2);
    expect(await box.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await box.evaluate((el) => (el.scrollTop = 0));
    await read.getByTestId('op-row-expand').click();
  });
});

describe('search (item 4)', () => {
  it('finds ops by name, counts them, highlights them and steps to each, revealing it', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('timeline-canvas').focus();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('timeline-search');
    await page.keyboard.type('read y[4');
    // read y[4] and read y[40] … read y[49]: 11 names, twice each
    await expect.poll(() => status().textContent()).toBe('22 matches');
    await nextFrame();
    expect(await page.evaluate(() => window.__parascopeTimeline!.searchRectsDrawn)).toBeGreaterThan(0);
    // The op table lists the rows whose names match: read y[*] only, and expanded it lists the 11 names.
    expect(await page.getByTestId('op-row').count()).toBe(1);
    await page.getByTestId('op-row-expand').click();
    expect(await page.getByTestId('op-member-row').count()).toBe(11);

    await search().press('Enter');
    await expect.poll(() => status().textContent()).toBe('1 of 22');
    expect(await page.getByTestId('timeline-details').locator('h3').textContent()).toMatch(/^read y\[4\d?\]$/);
    // Zoomed in far at the first match, the last one is out of view: going there must move the view.
    await page.evaluate(() => window.__parascopeTimeline!.zoom(100, 0));
    const first = await hookWindow();
    await page.getByTestId('search-next').click();
    await expect.poll(() => status().textContent()).toBe('2 of 22');
    await search().press('Shift+Enter');
    await search().press('Shift+Enter'); // wraps to the last
    await expect.poll(() => status().textContent()).toBe('22 of 22');
    const last = await hookWindow();
    // The view moved on to the last match, later in the trace.
    expect(last.start).toBeGreaterThan(first.end);
  });

  it('takes a /regex/', async () => {
    await search().fill('/^read y\\[[0-4]\\]$/');
    await expect.poll(() => status().textContent()).toBe('10 matches');
    await search().fill('/read(/');
    await expect.poll(() => status().textContent()).toMatch(/^not a regular expression/);
    await search().press('Escape');
    await expect.poll(() => search().inputValue()).toBe('');
    expect(await page.getByTestId('op-row').count()).toBe(16);
  });

  it('clicking an op-table row selects and reveals its first op, zoomed in so that it can be seen', async () => {
    await page.getByTestId('timeline-canvas').focus();
    await page.keyboard.press('f');
    await page.getByTestId('op-row').filter({ hasText: 'submit y[*]' }).getByTestId('op-row-reveal').click();
    await expect.poll(() => status().textContent()).toBe('submit y[*]: 1 of 50');
    expect(await page.getByTestId('timeline-details').locator('h3').textContent()).toBe('submit y[0]');
    // A submit (~0.2 ms) is under a pixel in the whole trace (~4.4 s on ~1,370 px, 3.2 ms per px):
    // revealed, it is about 40 px wide, so the window is a small share of the trace.
    const w = await hookWindow();
    await page.evaluate(() => window.__parascopeTimeline!.fit());
    const fitted = await hookWindow();
    expect((w.end - w.start) / (fitted.end - fitted.start)).toBeLessThan(0.01);
    expect(errors).toEqual([]);
  });
});

describe('overview strip, zoom to selection, shortcuts (item 5)', () => {
  it('click and drag on the strip move the viewport, keeping its span', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('timeline-canvas').focus();
    await page.keyboard.press('f');
    const whole = await hookWindow();
    await page.evaluate(() => window.__parascopeTimeline!.zoom(10, 0)); // the first tenth
    const zoomed = await hookWindow();
    const strip = (await page.getByTestId('minimap-canvas').boundingBox())!;
    const y = strip.y + strip.height / 2;
    // A click at 70 % of the strip centres the view at 70 % of the whole trace.
    await page.mouse.click(strip.x + 0.7 * strip.width, y);
    await nextFrame();
    const moved = await hookWindow();
    const at = (f: number) => whole.start + f * (whole.end - whole.start);
    expect(moved.end - moved.start).toBeCloseTo(zoomed.end - zoomed.start, -1);
    expect(Math.abs((moved.start + moved.end) / 2 - at(0.7))).toBeLessThan((whole.end - whole.start) / strip.width + 1);
    // Dragging the viewport box by 10 % of the strip moves it by 10 % of the trace.
    await page.mouse.move(strip.x + 0.7 * strip.width, y);
    await page.mouse.down();
    await page.mouse.move(strip.x + 0.6 * strip.width, y, { steps: 4 });
    await page.mouse.up();
    await nextFrame();
    const dragged = await hookWindow();
    expect(Math.abs((dragged.start + dragged.end) / 2 - at(0.6))).toBeLessThan((2 * (whole.end - whole.start)) / strip.width + 1);
  });

  it('Z and the button zoom to the selected range', async () => {
    await page.keyboard.press('f');
    const canvas = (await page.getByTestId('timeline-canvas').boundingBox())!;
    // Shift+drag over the middle fifth of the canvas selects a range.
    await page.keyboard.down('Shift');
    await page.mouse.move(canvas.x + 0.4 * canvas.width, canvas.y + 80);
    await page.mouse.down();
    await page.mouse.move(canvas.x + 0.6 * canvas.width, canvas.y + 80, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const before = await hookWindow();
    await page.getByTestId('zoom-selection').click();
    await nextFrame();
    const after = await hookWindow();
    // The fifth of the window, with 5 % margins each side: 0.2 × 1.1 = 0.22 of the span it had.
    expect((after.end - after.start) / (before.end - before.start)).toBeCloseTo(0.22, 2);
  });

  it('? shows the shortcuts, Escape hides them', async () => {
    await page.getByTestId('timeline-canvas').focus();
    await page.keyboard.press('?');
    const overlay = page.getByTestId('shortcuts-overlay');
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain('next / previous match');
    const box = (await overlay.locator('[role="dialog"]').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(1000);
    await page.keyboard.press('Escape');
    await expect.poll(() => overlay.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
