// Takes docs/screenshot-profile.png and docs/screenshot-profile-form.png: the app in browser mode
// (`serve --allow-profile`) profiling the TF.js exercise-1 program from "Profile a program", then
// its trace on the timeline with the main thread pinned. Run after `npm run build`:
//   node scripts/screenshot-profile.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const recordings = mkdtempSync(path.join(os.tmpdir(), 'parascope-shot-'));
const server = spawn(process.execPath, [path.join(root, 'bin/parascope.js'), 'serve', '--port', '0', '--allow-profile', '--recordings-dir', recordings], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)\n/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
});
const browser = await chromium.launch({ executablePath: process.env.PARASCOPE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 940 } });
  await page.goto(url);
  await page.getByTestId('lane-label').first().waitFor();
  await page.getByTestId('nav-experiments').click();
  const form = page.getByTestId('profile-program');
  await form.getByTestId('profile-command').fill('node resources/programs/tfjs-independent.mjs 128 4');
  await form.getByTestId('profile-runs').fill('3');
  await form.getByTestId('profile-run').click();
  // The trace opens on its own tab when the three runs are done.
  await page.locator('[data-testid="document-tab"] [aria-selected="true"]', { hasText: /^profile-/ }).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(root, 'docs/screenshot-profile.png') });
  await page.getByTestId('nav-experiments').click();
  await form.scrollIntoViewIfNeeded();
  await form.screenshot({ path: path.join(root, 'docs/screenshot-profile-form.png') });
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
