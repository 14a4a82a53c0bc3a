// Takes docs/screenshot-main.png: the app in browser mode with the bundled H200 sample of the
// chapter's §2, in Debian's Chromium. Run after `npm run build`:  node scripts/screenshot.mjs
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sample = path.join(root, 'resources/samples/seed-compute-copy.json.gz');
const server = spawn(process.execPath, [path.join(root, 'bin/parascope.js'), 'serve', '--port', '0', sample], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    // The printed URL carries the token that lets the page in.
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)\n/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
});
const browser = await chromium.launch({ executablePath: process.env.PARASCOPE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1500, height: 940 }, colorScheme: scheme });
    await page.goto(url);
    await page.getByTestId('lane-label').first().waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(root, `docs/screenshot-main${scheme === 'dark' ? '-dark' : ''}.png`) });
    await page.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
