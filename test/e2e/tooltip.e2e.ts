/**
 * The hover tooltip as a Perfetto or Nsight user expects it (issue 13, item 1), in Debian's
 * Chromium at 1600×1000: wholly inside the window wherever the pointer is, on every lane (it was
 * cut by the timeline's box when the pointer was in its lower half), and following what is under
 * a still pointer when the view moves under it (it stayed on the old op).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, ROOT, type Served } from './harness.js';

const TORCH = path.join(ROOT, 'test/fixtures/torch/torch_two_streams.json');
const VIEWPORT = { width: 1600, height: 1000 };
let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, page, errors } = await openApp([TORCH], VIEWPORT));
});

afterAll(async () => {
  await closeApp({ server, browser });
});

const tooltip = () => page.getByTestId('timeline-tooltip');

/** Moves over a lane row at many x positions; returns the positions where a tooltip showed. */
async function sweepRow(y: number): Promise<{ x: number; box: { x: number; y: number; width: number; height: number } }[]> {
  const canvas = (await page.getByTestId('timeline-canvas').boundingBox())!;
  const shown = [];
  for (let x = canvas.x + 3; x < canvas.x + canvas.width - 1; x += 23) {
    await page.mouse.move(x, y);
    if (await tooltip().isVisible()) {
      await expect.poll(async () => (await tooltip().evaluate((el) => getComputedStyle(el).visibility)) === 'visible').toBe(true);
      shown.push({ x, box: (await tooltip().boundingBox())! });
    }
  }
  return shown;
}

describe('the hover tooltip', () => {
  it('is wholly inside the window on every lane, wherever the pointer is', async () => {
    const labels = await page.getByTestId('lane-label').all();
    expect(labels.length).toBeGreaterThanOrEqual(3);
    let seen = 0;
    for (const label of labels) {
      const row = (await label.boundingBox())!;
      for (const { x, box } of await sweepRow(row.y + row.height / 2)) {
        seen++;
        const where = `pointer at ${Math.round(x)},${Math.round(row.y)}`;
        expect(box.x, where).toBeGreaterThanOrEqual(0);
        expect(box.y, where).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, where).toBeLessThanOrEqual(VIEWPORT.width);
        expect(box.y + box.height, where).toBeLessThanOrEqual(VIEWPORT.height);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    expect(await page.getByTestId('sample-notice').count()).toBe(0); // a file of the user's, not a sample
  });

  it('follows what is under a still pointer when the view moves under it', async () => {
    await page.keyboard.press('f');
    // Zoomed in, so that a pan has somewhere to go (a fitted view cannot pan past the trace).
    await page.evaluate(() => window.__parascopeTimeline!.zoom(8, 0));
    const labels = await page.getByTestId('lane-label').all();
    const row = (await labels[labels.length - 1]!.boundingBox())!;
    const shown = await sweepRow(row.y + row.height / 2);
    expect(shown.length).toBeGreaterThan(0);
    const at = shown[Math.floor(shown.length / 2)]!;
    await page.mouse.move(at.x, row.y + row.height / 2);
    const before = await tooltip().textContent();
    // Pan by a whole window: other ops (or none) are under the pointer now.
    const canvas = (await page.getByTestId('timeline-canvas').boundingBox())!;
    await page.evaluate((dx) => window.__parascopeTimeline!.pan(dx), canvas.width);
    await expect.poll(async () => ((await tooltip().isVisible()) ? await tooltip().textContent() : '(none)')).not.toBe(before);
  });
});
