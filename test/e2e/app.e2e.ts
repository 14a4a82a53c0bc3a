/**
 * The app in browser mode (`parascope serve`), as a user meets it in Debian's Chromium: the
 * bundled sample opens with its lanes and numbers (the same numbers `parascope report` prints),
 * the timeline zooms, pans, hovers, selects and draws arrows, a report exports, a broken file
 * gives an error banner while the open trace stays, and names with markup stay text.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/host/trace-file.js';
import { computeStats } from '../../src/core/analysis/stats.js';
import { withTodaysVerdicts } from '../../src/runner/experiments/judges.js';
import { formatMs, formatRatio } from '../../src/core/export/report-format.js';
import { closeApp, openApp, ROOT, type Served } from './harness.js';
import { EXPERIMENT_CATALOG } from '../../src/runner/experiments/catalog.js';

const SAMPLE = path.join(ROOT, 'resources/samples/seed-compute-copy.json.gz');
/** A user's own experiment file, as they would pick it in the browser. */
const USER_FILE = `schema: parascope.experiment/1
name: Mine
question: Do two small matmuls overlap a read-back?
devices: [{ id: gpu }]
buffers:
  - { id: a, matrix: 32, init: random }
  - { id: c, matrix: 32 }
ops:
  - { id: mm, kind: matmul, a: a, b: a, out: c }
  - { id: read c, kind: readback, buffer: c, after: [mm] }
phases:
  - { name: twice, ops: [mm, read c], repeat: 2 }
`;
const saveDir = mkdtempSync(path.join(tmpdir(), 'parascope-e2e-saved-'));
let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, page, errors } = await openApp(
    [SAMPLE, '--save-dir', saveDir],
    { width: 1400, height: 900 },
    { HOME: mkdtempSync(path.join(tmpdir(), 'parascope-e2e-home-')) },
  ));
});

afterAll(async () => {
  await closeApp({ server, browser });
});

/** The name on the selected document tab (the trace shown). */
const activeTabName = async (): Promise<string> => ((await page.locator('[data-testid="document-tab"] [aria-selected="true"]').textContent()) ?? '').trim();
const hook = <T>(f: string): Promise<T> => page.evaluate(`window.__parascopeTimeline.${f}`) as Promise<T>;

describe('browser mode', () => {
  it('opens the bundled sample: lanes named, numbers equal to parascope report', async () => {
    const lanes = await page.getByTestId('lane-label').allTextContents();
    expect(lanes.map((l) => l.trim())).toEqual(expect.arrayContaining(['gpu1 queue', 'main thread']));
    const { trace, source } = await readTrace(SAMPLE);
    const stats = computeStats(trace, source);
    await expect.poll(() => page.getByTestId('stat-span').textContent()).toContain(formatMs(stats.spanMs));
    expect(await page.getByTestId('stat-parallelism').textContent()).toContain(formatRatio(stats.work.parallelism));
    expect(await page.getByTestId('verdict').count()).toBe(stats.verdicts.length);
    // Judged afresh by today's judge (docs/metrics.md): states and severities, the file's own verdicts beside them.
    const today = withTodaysVerdicts(trace).meta!.verdicts;
    expect(await page.getByTestId('verdict').evaluateAll((cards) => cards.map((c) => [c.getAttribute('data-state'), c.getAttribute('data-severity')]))).toEqual(
      today.map((v) => [v.state, v.severity]),
    );
    expect(await page.getByTestId('recorded-verdict').count()).toBe(stats.verdicts.length);
    // The verdicts stand beside the experiment's question (this sample predates recorded methods).
    expect(await page.getByTestId('experiment-question').textContent()).toContain(trace.meta!.experiment.question);
    expect(trace.meta!.experiment.method).toBeUndefined();
    expect(await page.getByTestId('experiment-method').count()).toBe(0);
  });

  it('says that the bundled sample is one, and where it was recorded (issue 13, item 9)', async () => {
    const note = page.getByTestId('sample-notice');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/A sample that comes with Parascope: .*recorded on NVIDIA H200 \(vulkan\) on 2026-11-27, not on this machine/);
  });

  it('draws ops, and dependency arrows only for the selection until the legend asks for all (issue 13, item 3)', async () => {
    await expect.poll(() => hook<number>('rectsDrawn')).toBeGreaterThan(0);
    expect(await hook<number>('arrowsDrawn')).toBe(0);
    await page.getByTestId('toggle-all-arrows').check();
    await expect.poll(() => hook<number>('arrowsDrawn')).toBeGreaterThan(0);
    expect((await page.getByTestId('legend-dep-kind').allTextContents()).join(' | ')).toMatch(/data dependency|queue order|host waited/);
    await page.getByTestId('toggle-all-arrows').uncheck();
    await expect.poll(() => hook<number>('arrowsDrawn')).toBe(0);
  });

  it('zooms with W/S and Ctrl+wheel, pans with A/D, fits with F', async () => {
    type W = { start: number; end: number };
    const win = () => hook<W>('window');
    const width = (w: W) => w.end - w.start;
    const canvas = page.getByTestId('timeline-canvas');
    await canvas.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('f');
    const fitted = await win();
    await page.keyboard.press('w');
    await expect.poll(async () => width(await win())).toBeLessThan(width(fitted));
    const zoomed = await win();
    await page.keyboard.press('d');
    await expect.poll(async () => (await win()).start).toBeGreaterThan(zoomed.start);
    await page.keyboard.press('a');
    await expect.poll(async () => (await win()).start).toBeLessThan(zoomed.start + 1);
    await page.keyboard.press('s');
    await expect.poll(async () => width(await win())).toBeGreaterThan(width(zoomed));
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    const beforeWheel = await win();
    // The plain wheel scrolls the lanes (as in Perfetto): the window stays as it is.
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(100);
    expect(width(await win())).toBe(width(beforeWheel));
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(async () => width(await win())).toBeLessThan(width(beforeWheel));
    await page.keyboard.press('f');
    await expect.poll(async () => width(await win())).toBe(width(fitted));
  });

  it('collapses a process to its summary row from its name, and widens the name column', async () => {
    const lanes = page.getByTestId('lane-label');
    const before = await lanes.count();
    const host = page.getByTestId('process-label').filter({ hasText: 'Host' });
    await host.click();
    await expect.poll(() => host.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => lanes.count()).toBeLessThan(before);
    await host.click();
    await expect.poll(() => lanes.count()).toBe(before);
    const gutter = page.getByTestId('timeline-gutter');
    const w0 = (await gutter.boundingBox())!.width;
    const edge = (await page.getByTestId('gutter-resize').boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + 10);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2 + 60, edge.y + 10, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await gutter.boundingBox())!.width).toBeGreaterThan(w0 + 50);
  });

  it('hovering an op shows its tooltip; clicking selects it and shows its dependencies', async () => {
    // Find a pixel on an op via the timeline's own hit test: scan the first GPU row.
    const canvas = page.getByTestId('timeline-canvas');
    await page.keyboard.press('f');
    const box = (await canvas.boundingBox())!;
    let found = false;
    for (let x = box.width - 5; x > 0 && !found; x -= 7) {
      for (const y of [30, 40, 50, 60, 70, 80, 90]) {
        await page.mouse.move(box.x + x, box.y + y);
        if (await page.getByTestId('timeline-tooltip').isVisible()) {
          found = true;
          await page.mouse.click(box.x + x, box.y + y);
          break;
        }
      }
    }
    expect(found).toBe(true);
    expect((await page.getByTestId('timeline-tooltip').textContent())!.length).toBeGreaterThan(0);
    await page.getByTestId('timeline-details').waitFor();
    expect(await page.getByTestId('timeline-details').textContent()).toMatch(/ms|µs|ns/);
  });

  it('exports an HTML report (downloaded, and a copy kept on the server)', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-menu').getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'HTML report' }).click();
    const d = await download;
    expect(d.suggestedFilename()).toMatch(/\.html$/);
    await expect.poll(() => readdirSync(saveDir).filter((f) => f.endsWith('.html')).length).toBe(1);
    const html = readFileSync(
      path.join(
        saveDir,
        readdirSync(saveDir).find((f) => f.endsWith('.html'))!,
      ),
      'utf8',
    );
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/https?:/);
  });

  /** Exports the active trace as a PDF: the server builds the report itself and prints it; the PDF is downloaded and kept. */
  async function exportPdf(): Promise<{ name: string; bytes: Buffer }> {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-menu').getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'PDF report' }).click();
    const d = await download;
    const name = d.suggestedFilename();
    await expect.poll(() => readdirSync(saveDir).includes(name), { timeout: 60_000 }).toBe(true);
    return { name, bytes: readFileSync(path.join(saveDir, name)) };
  }

  it('exports a PDF report of a trace the server holds (named by path)', async () => {
    const pdf = await exportPdf();
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a broken file shows an error banner with the reason and keeps the open trace', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('open-button').click();
    await (await chooser).setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"traceEvents": [ {"ph": "X", ') });
    await page.getByTestId('error-banner').waitFor();
    expect(await page.getByTestId('error-banner').textContent()).toMatch(/broken\.json: .*file ends/);
    expect((await page.getByTestId('lane-label').allTextContents()).map((l) => l.trim())).toEqual(expect.arrayContaining(['gpu1 queue']));
  });

  it('names with markup are shown as text, never as markup', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('open-button').click();
    await (await chooser).setFiles(path.join(ROOT, 'test/fixtures/chrome/markup-names.json'));
    await expect.poll(async () => (await page.getByTestId('lane-label').allTextContents()).map((l) => l.trim())).toContain('<img src=x onerror=alert(1)> lane');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The op table folds the number standing alone (=1) into * (op-name-fold.ts): still text, never markup.
    expect(await page.getByTestId('op-table').textContent()).toContain('<script>window.__pwned=*</script>');
  });

  it('exports a PDF report of a trace picked in the browser (its bytes uploaded), markup names and all', async () => {
    const pdf = await exportPdf();
    expect(pdf.name).toBe('markup-names.pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('runs an experiment on the GPU driver here and opens the recording', async () => {
    await page.getByTestId('nav-experiments').click();
    const card = page.locator('[data-experiment-id="seed-parallel"]');
    await card.getByTestId('param-size').fill('32');
    await card.getByTestId('param-reps').fill('2');
    await card.getByTestId('param-repeat').fill('3');
    await card.getByTestId('run-button').click();
    // The recording opens in the timeline: two GPU queues (two devices) and the host.
    await expect
      .poll(async () => (await page.getByTestId('lane-label').allTextContents()).map((l) => l.trim()), { timeout: 60_000 })
      .toEqual(expect.arrayContaining(['gpu1 queue', 'gpu2 queue', 'main thread']));
    expect(await page.getByTestId('verdict').count()).toBe(2);
    // Three rounds: a dot strip per phase (three dots each), and the speedup with its interval.
    expect(await page.getByTestId('phase-spread').count()).toBe(3);
    expect(await page.getByTestId('phase-spread').first().locator('circle').count()).toBe(3);
    expect(await page.getByTestId('speedup').first().textContent()).toMatch(/^Speedup \d+\.\d\d× \[\d+\.\d\d, \d+\.\d\d\] = the median over 3 rounds/);
    // A fresh recording carries its method: question and method head the verdicts.
    expect(await page.getByTestId('experiment-method').textContent()).toBe(EXPERIMENT_CATALOG.find((e) => e.id === 'seed-parallel')!.method);
  });

  it('runs a bundled example experiment file and opens the recording', async () => {
    await page.getByTestId('nav-experiments').click();
    const card = page.locator('[data-testid="experiment-file"][data-file-name="custom-kernel.yaml"]');
    expect(await card.getByTestId('file-summary').textContent()).toBe('3 ops on 1 device · phases: kernel alone, CPU alone, kernel and CPU');
    await card.getByTestId('run-button').click();
    await expect
      .poll(async () => (await page.getByTestId('lane-label').allTextContents()).map((l) => l.trim()), { timeout: 60_000 })
      .toEqual(expect.arrayContaining(['gpu queue', 'main thread']));
    expect(await activeTabName()).toMatch(/^file-custom-kernel-/);
    expect(await page.getByTestId('verdict').count()).toBe(2);
  });

  it('opens the user’s own experiment file in the browser, refuses a broken one with its line, runs it', async () => {
    await page.getByTestId('nav-experiments').click();
    let chooser = page.waitForEvent('filechooser');
    await page.getByTestId('open-experiment-file').click();
    await (
      await chooser
    ).setFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from(USER_FILE.replace('kind: matmul', 'kind: matmull')) });
    await page.getByTestId('error-banner').waitFor();
    expect(await page.getByTestId('error-banner').textContent()).toMatch(/broken\.yaml:9: ops\[0\]\.kind: expected one of 'matmul'/);

    chooser = page.waitForEvent('filechooser');
    await page.getByTestId('open-experiment-file').click();
    await (await chooser).setFiles({ name: 'mine.yaml', mimeType: 'application/yaml', buffer: Buffer.from(USER_FILE) });
    const card = page.locator('[data-testid="experiment-file"][data-file-name="mine.yaml"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('Do two small matmuls overlap a read-back?');
    await card.getByTestId('run-button').click();
    await expect.poll(() => activeTabName(), { timeout: 60_000 }).toMatch(/^file-mine-/);
    expect((await page.getByTestId('lane-label').allTextContents()).map((l) => l.trim())).toEqual(expect.arrayContaining(['gpu queue']));
  });

  it('compares two traces on one time scale with their numbers side by side', async () => {
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-view').waitFor();
    const options = await page.getByTestId('compare-a').locator('option').count();
    expect(options).toBeGreaterThanOrEqual(2);
    await page.getByTestId('compare-b').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('compare-view').getByTestId('timeline').count()).toBe(2);
    expect(await page.getByTestId('compare-table').textContent()).toMatch(/parallelism/i);
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
