/**
 * Other people's traces in the timeline (issue 13, items 6 and 8), in Debian's Chromium at
 * 1600×1000: a real PyTorch profiler trace shows its devices by the trace's own names ("GPU 0 (…)",
 * not the host's process name twice), no "process -1" group for the profiler's own slice and no
 * empty lanes; a CPU-only Chrome trace can be coloured by name (its ops are one green wall by
 * kind), and its counter events (`C`) are drawn as counter tracks under their process; and a
 * Parascope recording's set-up before its first phase is marked as such on the timeline (item 9).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, ROOT, type Served } from './harness.js';

const VIEWPORT = { width: 1600, height: 1000 };
const TORCH = path.join(ROOT, 'test/fixtures/torch/torch_two_streams.json');
const SAMPLE = path.join(ROOT, 'resources/samples/seed-compute-copy.json.gz');
const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-e2e-traces-'));

interface App {
  server: Served;
  browser: Browser;
  page: Page;
  errors: string[];
}
const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await closeApp(app);
  rmSync(dir, { recursive: true, force: true });
});

async function open(file: string): Promise<App> {
  const app = await openApp([file], VIEWPORT);
  apps.push(app);
  return app;
}

async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/** The main canvas's pixel at the middle of op `id` (CSS px = device px: DPR 1), as 'r,g,b'. */
async function colourOf(page: Page, id: number): Promise<string> {
  await nextFrame(page);
  return page.evaluate((opId) => {
    const c = window.__parascopeTimeline!.opCenter(opId)!;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="timeline-canvas"]')!;
    const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.floor(c.x), Math.floor(c.y), 1, 1).data;
    return `${r},${g},${b}`;
  }, id);
}

describe('a PyTorch profiler trace (item 8)', () => {
  it('names its device groups from the trace, has no "process -1" group and no empty lane', async () => {
    const { page, errors } = await open(TORCH);
    const raw = JSON.parse(readFileSync(TORCH, 'utf8')) as { deviceProperties: { name: string }[]; traceEvents: { ph: string; pid: unknown }[] };
    // A group's label opens with its collapse chevron.
    const groups = (await page.getByTestId('process-label').allTextContents()).map((t) => t.replace(/^[▾▸]/, '').trim());
    expect(groups).toEqual(['python3', `GPU 0 (${raw.deviceProperties[0]!.name})`]);
    // The lanes the trace's complete events use, less the profiler's own ("process -1", "Spans"): none empty.
    const lanes = (await page.getByTestId('lane-label').allTextContents()).map((t) => t.trim());
    expect(lanes).toEqual(['thread 449 (python3)', 'stream 14', 'stream 18']);
    const used = new Set(raw.traceEvents.filter((e) => e.ph === 'X').map((e) => String(e.pid)));
    expect([...used].sort()).toEqual(['-1', '0', '449', 'Spans']);
    expect(errors).toEqual([]);
  });
});

describe('a CPU-only Chrome trace with counters (item 6)', () => {
  it('colours ops by name on demand, and draws its counters as tracks under their process', async () => {
    const file = path.join(dir, 'cpu-counters.json');
    // Two threads of one process, ops of two names on each, and two counters.
    const events: object[] = [{ ph: 'M', name: 'process_name', pid: 1, args: { name: 'Trainer' } }];
    for (let i = 0; i < 8; i++) events.push({ ph: 'X', name: i % 2 === 0 ? 'forward' : 'backward', pid: 1, tid: 1 + (i % 2), ts: 100 * i, dur: 80 });
    for (let i = 0; i < 8; i++) events.push({ ph: 'C', name: 'memory', pid: 1, ts: 100 * i, args: { allocated: 10 * i, reserved: 100 } });
    writeFileSync(file, JSON.stringify({ traceEvents: events }));
    const { page, errors } = await open(file);
    // Op ids follow the file's order: 0 'forward', 1 'backward'.
    const [forward, backward] = [await colourOf(page, 0), await colourOf(page, 1)];
    expect(forward).toBe(backward); // by kind: both CPU
    await page.getByTestId('toggle-color-by-name').check();
    const [forwardByName, backwardByName] = [await colourOf(page, 0), await colourOf(page, 1)];
    expect(forwardByName).not.toBe(backwardByName);
    expect(await colourOf(page, 2)).toBe(forwardByName); // the same name, the same colour
    const counter = page.getByTestId('counter-label');
    expect((await counter.allTextContents()).map((t) => t.trim())).toEqual(['memory']);
    expect(await counter.first().getAttribute('title')).toBe('counter memory: allocated, reserved');
    expect(errors).toEqual([]);
  });
});

describe('a recording’s set-up (item 9)', () => {
  it('is marked on the timeline with its length, not left as unexplained empty time', async () => {
    const { page, errors } = await open(SAMPLE);
    // What the timeline writes on its canvases, recorded from the page's first script on.
    await page.addInitScript(() => {
      const drawn: string[] = ((window as unknown as { drawnTexts: string[] }).drawnTexts = []);
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
        drawn.push(text);
        return fillText.call(this, text, x, y, maxWidth);
      };
    });
    await page.reload();
    await page.getByTestId('lane-label').first().waitFor();
    await nextFrame(page);
    const texts = await page.evaluate(() => (window as unknown as { drawnTexts: string[] }).drawnTexts);
    // The bundled sample's run starts 2.203 s after its first op (its devices, buffers and calibration).
    expect(texts).toContain('set-up · 2.203 s');
    expect(errors).toEqual([]);
  });
});
