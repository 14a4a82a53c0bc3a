/**
 * The app's timeline with a 1,000,000-op trace in Chromium (issue 4's targets: first paint ≤ 2 s
 * after the file is parsed; zoom and pan frame time p95 ≤ 16 ms; 10,000 arrows within that
 * budget). The built app runs in browser mode (`parascope serve FILE`), driven by playwright-core
 * in Debian's Chromium with `?debug`, which installs the timeline's debug hook.
 *
 * Measured:
 * - first paint: from the app's `parascope:parsed` mark (import + statistics done) to the
 *   `parascope:first-frame` mark (the timeline's first frame drawn) plus the next animation
 *   frame (when the browser puts it on screen);
 * - per frame, during 240 animation frames of continuous zooming and panning driven inside the
 *   page (the same zoom/pan code as wheel and keys): the draw time (the timeline's own work), and
 *   the browser's own frame timing: the interval between requestAnimationFrame callbacks (a
 *   frame over budget shows as an interval of two vsyncs or more);
 * - arrows drawn per frame with all 10,000 dependencies in view.
 *
 * With `--chrome-trace FILE`, a Chromium performance trace of the whole run (load, first paint, the
 * frames; V8's sampler on) is written to FILE and summarized (chrome-trace-summary.ts): where the
 * slowest frames' time went, against the faster half, and what ran from parsed to first frame.
 *
 * `--arrows all` (the default) draws every dependency (the legend's toggle on: the worst case);
 * `--arrows selection` leaves the app's default, arrows only for the selected and hovered op (none
 * is selected here, so none are drawn).
 *
 *   npm run build && node dist/bench/timeline-perf.js [--events 1000000] [--flow-every 50] [--search TEXT] [--arrows all|selection] [--pin N] [--chrome-trace FILE]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { writeSyntheticTrace } from './gen-chrome-trace.js';
import { arg, strArg } from './common.js';
import { readTrace, summarize } from './chrome-trace-summary.js';

// The functions passed to page.evaluate run in the page; this file is type-checked as Node code,
// so the few browser globals they use are declared here.
declare const requestAnimationFrame: (callback: (now: number) => void) => number;
declare const window: {
  __parascopeTimeline?: {
    fit(): void;
    zoom(factor: number, atX: number): void;
    pan(dx: number): void;
    showAllArrows(on: boolean): void;
    search(text: string): void;
    pendingJobs?(): number;
    togglePin(lane: number): void;
    searchRectsDrawn: number;
    arrowsDrawn: number;
    rectsDrawn: number;
    frameTimes: number[];
  };
};

/** What --chrome-trace records: the main thread's tasks, frames, GC, user timing and V8's sampler. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'cc',
  'gpu',
  'viz',
  'blink',
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}

async function main(): Promise<void> {
  const events = arg('events', 1_000_000);
  const flowEvery = arg('flow-every', 50);
  const file = strArg('file') ?? `/tmp/parascope-bench-${events}-flows${flowEvery}.json`;
  if (!existsSync(file)) await writeSyntheticTrace(file, events, flowEvery);

  const server = spawn(process.execPath, [path.join(ROOT, 'bin/parascope.js'), 'serve', '--port', '0', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // The printed URL carries the token that lets the page in.
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  const browser = await chromium.launch({
    executablePath: process.env['PARASCOPE_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const chromeTrace = strArg('chrome-trace');
    if (chromeTrace) await browser.startTracing(page, { path: chromeTrace, categories: TRACE_CATEGORIES });
    const t0 = Date.now();
    await page.goto(`${url}&debug`);
    await page.waitForFunction(() => performance.getEntriesByName('parascope:first-frame').length > 0, undefined, { timeout: 120_000 });
    const loadMs = Date.now() - t0;
    const firstPaintMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() => {
            const parsed = performance.getEntriesByName('parascope:parsed')[0]!.startTime;
            const frame = performance.getEntriesByName('parascope:first-frame')[0]!.startTime;
            // The frame is on screen by the next animation frame.
            resolve(Math.max(frame, performance.now() - 0) - parsed);
          }),
        ),
    );
    const arrows = strArg('arrows') ?? 'all';
    if (arrows !== 'all' && arrows !== 'selection') throw new Error(`--arrows: 'all' or 'selection', not '${arrows}'`);
    const allArrows = arrows === 'all';
    // The synthetic trace's CPU ops are aten::op_<n>: a third of all ops match.
    const searchText = strArg('search') ?? 'aten::op';
    const result = await page.evaluate(
      async ({ search, pin, allArrows }: { search: string; pin: number; allArrows: boolean }) => {
        const hook = window.__parascopeTimeline!;
        // With --arrows all, the worst case the app can be put in: every dependency drawn (the legend's toggle), and a
        // search that matches a third of the ops outlined in every frame (issue 13: with the
        // overview strip, which is always on, and search on).
        hook.showAllArrows(allArrows);
        hook.search(search);
        // --pin N: the first N lanes pinned to the top, drawn in the pinned area every frame too.
        for (let l = 0; l < pin; l++) hook.togglePin(l);
        // The first search builds the trace's name index (once per trace): let it finish before timing
        // frames; so must the builds a large trace does in slices after its first frame (arrows, overview).
        await new Promise((r) => setTimeout(r, 1500));
        while ((hook.pendingJobs?.() ?? 0) > 0) await new Promise((r) => setTimeout(r, 50));
        hook.fit();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const arrowsAtFit = hook.arrowsDrawn;
        const rectsAtFit = hook.rectsDrawn;
        const drawStart = hook.frameTimes.length;
        const intervals: number[] = [];
        let last = performance.now();
        await new Promise<void>((resolve) => {
          let frame = 0;
          const step = (now: number) => {
            performance.mark('bench:frame'); // the frames, for --chrome-trace's summary
            intervals.push(now - last);
            last = now;
            // Zoom in for a while, pan, zoom back out: every frame changes the view.
            const phase = Math.floor(frame / 40) % 6;
            if (phase === 0 || phase === 3) hook.zoom(1.15, 800);
            else if (phase === 1 || phase === 4) hook.pan(phase === 1 ? 60 : -60);
            else hook.zoom(1 / 1.15, 800);
            if (++frame < 240) requestAnimationFrame(step);
            else resolve();
          };
          requestAnimationFrame(step);
        });
        // The last change is drawn after the step that made it returned: let that draw land.
        await new Promise((r) => requestAnimationFrame(r));
        return { arrowsAtFit, rectsAtFit, searchRects: hook.searchRectsDrawn, draw: hook.frameTimes.slice(drawStart), intervals: intervals.slice(1) };
      },
      { search: searchText, pin: arg('pin', 0), allArrows },
    );
    if (chromeTrace) await browser.stopTracing();
    console.log(
      JSON.stringify({
        bench: 'timeline-perf',
        events,
        flows: Math.floor(events / flowEvery / 2),
        file,
        loadMs,
        firstPaintAfterParseMs: +firstPaintMs.toFixed(1),
        drawMs: {
          p50: +pct(result.draw, 0.5).toFixed(2),
          p95: +pct(result.draw, 0.95).toFixed(2),
          max: +Math.max(...result.draw).toFixed(2),
          frames: result.draw.length,
        },
        rafIntervalMs: {
          p50: +pct(result.intervals, 0.5).toFixed(2),
          p95: +pct(result.intervals, 0.95).toFixed(2),
          max: +Math.max(...result.intervals).toFixed(2),
        },
        search: searchText,
        arrows,
        searchRectsDrawnAtEnd: result.searchRects,
        arrowsDrawnAtFit: result.arrowsAtFit,
        rectsDrawnAtFit: result.rectsAtFit,
      }),
    );
    if (chromeTrace) console.error(summarize(readTrace(chromeTrace)));
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

await main();
