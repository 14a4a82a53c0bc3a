/**
 * Pinned lanes and taller rows (issue 13, item 2), in Debian's Chromium at 1600×1000 on a written
 * Chrome trace of 40 threads in 4 processes (more rows than the timeline shows) and one thread
 * with a nested op: a lane pinned from its name stays at the top while the others scroll, its op
 * can be hovered (the tooltip inside the window) and selected, the pin survives zoom and search,
 * and unpinning puts the lane back; a lane made taller is taller and a click on its second depth
 * row selects the nested op; the Rows setting changes every lane's height.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, type Served } from './harness.js';

const VIEWPORT = { width: 1600, height: 1000 };
const dir = mkdtempSync(path.join(tmpdir(), 'parascope-lanes-'));
const TRACE = path.join(dir, 'many-lanes.json');

/** Thread t of process p has one op, "op P.T", over most of the trace; thread "nested" has "outer" with "inner" inside. */
function writeTrace(): void {
  const events: object[] = [];
  for (let p = 1; p <= 4; p++) {
    events.push({ ph: 'M', name: 'process_name', pid: p, args: { name: `proc ${p}` } });
    for (let t = 1; t <= 10; t++) {
      events.push({ ph: 'M', name: 'thread_name', pid: p, tid: t, args: { name: `thread ${p}.${t}` } });
      events.push({ ph: 'X', name: `op ${p}.${t}`, cat: 'cpu', pid: p, tid: t, ts: t * 10, dur: 800 });
    }
  }
  events.push({ ph: 'M', name: 'thread_name', pid: 4, tid: 99, args: { name: 'nested' } });
  events.push({ ph: 'X', name: 'outer', cat: 'cpu', pid: 4, tid: 99, ts: 0, dur: 1000 });
  events.push({ ph: 'X', name: 'inner', cat: 'cpu', pid: 4, tid: 99, ts: 100, dur: 800 });
  writeFileSync(TRACE, JSON.stringify({ traceEvents: events }));
}

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  writeTrace();
  ({ server, browser, page, errors } = await openApp([TRACE], VIEWPORT));
});

afterAll(async () => {
  await closeApp({ server, browser });
  rmSync(dir, { recursive: true, force: true });
});

async function nextFrame(): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}
const scrolling = () => page.getByTestId('timeline-gutter').locator('.gutter-viewport:not(.gutter-pinned)');
const pinnedArea = () => page.getByTestId('pinned-lanes');
const label = (area: Locator, name: string) => area.getByTestId('lane-label').filter({ hasText: new RegExp(`^\\s*${name.replace('.', '\\.')}\\s*$`) });
const actionsOf = (l: Locator) => l.locator('xpath=following-sibling::span[1]');
const details = () => page.getByTestId('timeline-details');
const tooltip = () => page.getByTestId('timeline-tooltip');
const box = async (l: Locator) => (await l.boundingBox())!;

describe('pinned lanes', () => {
  it('pins a lane from its name: it shows at the top, stays there while the lanes scroll, and its op can be hovered and selected', async () => {
    const lane = label(scrolling(), 'thread 3.5');
    await lane.scrollIntoViewIfNeeded().catch(() => undefined);
    const pin = actionsOf(lane).getByTestId('lane-pin');
    expect(await pin.getAttribute('aria-label')).toBe('Pin thread 3.5 to the top');
    expect(await pin.evaluate((el) => getComputedStyle(el).opacity)).toBe('0'); // shown on hover only
    // Bring the lane into view with the wheel, then hover its name: the pin shows.
    const canvas = await box(page.getByTestId('timeline-canvas'));
    for (let i = 0; i < 20 && (await box(lane)).y + 10 > canvas.y + canvas.height; i++) {
      await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
      await page.mouse.wheel(0, 200);
      await nextFrame();
    }
    await lane.hover();
    await expect.poll(() => pin.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await pin.click();

    const pinned = label(pinnedArea(), 'thread 3.5');
    await pinned.waitFor();
    expect(await label(scrolling(), 'thread 3.5').count()).toBe(0);
    const pinBox = await box(pinned);
    const header = await box(page.getByTestId('timeline-gutter').locator('.gutter-header'));
    expect(Math.abs(pinBox.y - (header.y + header.height))).toBeLessThan(2); // right under the header
    expect(await actionsOf(pinned).getByTestId('lane-pin').getAttribute('aria-pressed')).toBe('true');

    // Scroll the lanes both ways: the pinned lane does not move; the others do.
    const other = label(scrolling(), 'thread 2.1');
    for (const dy of [300, -4000]) {
      const before = (await box(other)).y;
      await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height - 20);
      await page.mouse.wheel(0, dy);
      await nextFrame();
      expect((await box(other)).y).not.toBe(before);
      expect((await box(pinned)).y).toBe(pinBox.y);
      const top = await page.getByTestId('timeline-scrollbar').evaluate((el) => el.scrollTop);
      if (dy > 0) expect(top).toBeGreaterThan(0);
      else expect(top).toBe(0);
    }

    // Its op under the pointer in the pinned area: the tooltip names it, wholly inside the window.
    const y = pinBox.y + pinBox.height / 2;
    await page.mouse.move(canvas.x + canvas.width / 2, y);
    await expect.poll(() => tooltip().isVisible()).toBe(true);
    expect(await tooltip().textContent()).toContain('op 3.5');
    const tip = await box(tooltip());
    expect(tip.x).toBeGreaterThanOrEqual(0);
    expect(tip.y).toBeGreaterThanOrEqual(0);
    expect(tip.x + tip.width).toBeLessThanOrEqual(VIEWPORT.width);
    expect(tip.y + tip.height).toBeLessThanOrEqual(VIEWPORT.height);
    await page.mouse.click(canvas.x + canvas.width / 2, y);
    await expect.poll(() => details().textContent()).toContain('op 3.5');
    // Drawn there: the pinned canvas has the op's colour under the pointer, the background left of the op.
    const px = await page.getByTestId('timeline-pinned-canvas').evaluate(
      (el, at) => {
        const c = el as HTMLCanvasElement;
        const dpr = c.width / c.clientWidth;
        const get = (x: number) => [...c.getContext('2d')!.getImageData(Math.round(x * dpr), Math.round(at.y * dpr), 1, 1).data].join(',');
        return { op: get(at.x), gap: get(1) };
      },
      { x: canvas.width / 2, y: y - canvas.y },
    );
    expect(px.op).not.toBe(px.gap);
    // The debug hook finds exactly one op drawn in the pinned area: the pinned lane's.
    const area = await box(pinnedArea());
    const inArea = await page.evaluate(
      (band) =>
        [...Array(45).keys()].filter((id) => {
          const c = window.__parascopeTimeline!.opCenter(id);
          return c !== undefined && c.y >= band.top && c.y < band.bottom;
        }).length,
      { top: area.y - canvas.y, bottom: area.y + area.height - canvas.y },
    );
    expect(inArea).toBe(1);
    if (process.env['LANES_SHOT']) await page.screenshot({ path: process.env['LANES_SHOT'] });
  });

  it('keeps the pin through zoom and search, and P unpins the selected op’s lane', async () => {
    const canvas = page.getByTestId('timeline-canvas');
    await canvas.focus();
    await page.keyboard.press('w');
    await page.keyboard.press('w');
    await page.evaluate(() => window.__parascopeTimeline!.search('op 3'));
    await nextFrame();
    expect(await page.evaluate(() => window.__parascopeTimeline!.searchRectsDrawn)).toBeGreaterThan(0);
    await expect.poll(() => label(pinnedArea(), 'thread 3.5').count()).toBe(1);
    await page.evaluate(() => window.__parascopeTimeline!.search(''));
    await page.keyboard.press('f');
    await canvas.focus();
    await page.keyboard.press('p'); // the selected op (op 3.5) is on the pinned lane: unpins it
    await expect.poll(() => pinnedArea().count()).toBe(0);
    expect(await label(scrolling(), 'thread 3.5').count()).toBe(1);
    await page.keyboard.press('p'); // and pins it again
    await expect.poll(() => label(pinnedArea(), 'thread 3.5').count()).toBe(1);
  });

  it('unpins from the pin in the pinned area: the lane is back in its place', async () => {
    await label(pinnedArea(), 'thread 3.5').hover();
    await actionsOf(label(pinnedArea(), 'thread 3.5')).getByTestId('lane-pin').click();
    await expect.poll(() => pinnedArea().count()).toBe(0);
    const names = await scrolling().getByTestId('lane-label').allTextContents();
    const at = names.map((n) => n.trim()).indexOf('thread 3.5');
    expect(names.map((n) => n.trim()).slice(at - 1, at + 2)).toEqual(['thread 3.4', 'thread 3.5', 'thread 3.6']);
    expect(errors).toEqual([]);
  });
});

describe('taller rows', () => {
  it('makes one lane taller from its name, and a click on its second depth row selects the nested op', async () => {
    const lane = label(scrolling(), 'nested');
    const canvas = await box(page.getByTestId('timeline-canvas'));
    // The nested lane is the last: scroll to the bottom.
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height - 20);
    await page.mouse.wheel(0, 10_000);
    await nextFrame();
    const before = await box(lane);
    await lane.hover();
    const toggle = actionsOf(lane).getByTestId('lane-taller');
    expect(await toggle.getAttribute('title')).toBe('Make nested taller');
    await toggle.click();
    await expect.poll(async () => (await box(label(scrolling(), 'nested'))).height).toBeGreaterThan(before.height + 10);
    await page.mouse.wheel(0, 10_000);
    await nextFrame();
    const row = await box(label(scrolling(), 'nested'));
    // Two depths in the row, 2 px of padding above and below: the middle of each sub-row.
    const pitch = (row.height - 4) / 2;
    const x = canvas.x + canvas.width / 2;
    await page.mouse.click(x, row.y + 2 + pitch * 1.5);
    await expect.poll(() => details().textContent()).toContain('inner');
    await page.mouse.click(x, row.y + 2 + pitch * 0.5);
    await expect.poll(() => details().textContent()).toContain('outer');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
  });

  it('sets every lane’s height from Rows in the tool row', async () => {
    const heightOf = async () => (await box(label(scrolling(), 'thread 1.1'))).height;
    const rows = page.getByTestId('row-height');
    expect(await rows.inputValue()).toBe('normal');
    const normal = await heightOf();
    await rows.selectOption('compact');
    await expect.poll(heightOf).toBeLessThan(normal);
    await rows.selectOption('tall');
    await expect.poll(heightOf).toBeGreaterThan(normal);
    await rows.selectOption('normal');
    await expect.poll(heightOf).toBe(normal);
    expect(errors).toEqual([]);
  });
});
