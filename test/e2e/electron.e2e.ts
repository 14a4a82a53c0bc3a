/**
 * The Electron app itself, through Playwright's _electron: the window opens with the bundled
 * sample, lanes are shown, the preload API answers. It runs only where an Electron binary can
 * start; on machines that cannot download Electron's binary at install time (this project's CI)
 * it is reported as skipped, with the reason. Browser mode (serve.e2e.ts, app.e2e.ts) covers the
 * same renderer everywhere, so this is never the only test of anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness.js';

function electronBinary(): string | undefined {
  const dir = path.join(ROOT, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : undefined;
}

const binary = electronBinary();
const canStart = binary !== undefined && (process.platform !== 'linux' || !!process.env['DISPLAY']);

describe('Electron app', () => {
  it.skipIf(!canStart)(`opens the bundled sample in a window${canStart ? '' : ' (skipped: no Electron binary or no display here)'}`, async () => {
    const app = await electron.launch({ executablePath: binary!, args: [path.join(ROOT, 'out/main/index.js')], cwd: ROOT });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('lane-label').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('lane-label').allTextContents()).toEqual(expect.arrayContaining(['main thread']));
      expect(await page.evaluate(() => (window as unknown as { parascope?: { host: string } }).parascope?.host)).toBe('electron');
      // The example experiment files, validated by main, over the preload's contract.
      const examples = await page.evaluate(() =>
        (window as unknown as { parascope: { experimentExamples(): Promise<{ source: { name: string } }[]> } }).parascope.experimentExamples(),
      );
      expect(examples.map((e) => e.source.name)).toEqual(['custom-kernel.yaml', 'pipeline-two-devices.yaml']);
    } finally {
      await app.close();
    }
  });
});
