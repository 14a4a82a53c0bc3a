// Takes the screenshots in docs/, in Debian's Chromium, the app in browser mode. Run after
// `npm run build`:  node scripts/screenshot.mjs [main] [profile]   (both when none is named)
// - main: docs/screenshot-main.png and -dark.png, the bundled H200 sample of the chapter's §2;
// - profile: docs/screenshot-profile-form.png and docs/screenshot-profile.png, the TF.js
//   exercise-1 program profiled three times from "Profile a program" (`serve --allow-profile`),
//   then its trace.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VIEWPORT = { width: 1500, height: 940 };

/** `parascope serve ARGS` on a free port; resolves to the server and the URL it printed (its token included). */
async function serve(args) {
  const server = spawn(process.execPath, [path.join(root, 'bin/parascope.js'), 'serve', '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
  return { server, url };
}

async function main(browser) {
  const { server, url } = await serve([path.join(root, 'resources/samples/seed-compute-copy.json.gz')]);
  try {
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: scheme });
      await page.goto(url);
      await page.getByTestId('lane-label').first().waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(root, `docs/screenshot-main${scheme === 'dark' ? '-dark' : ''}.png`) });
      await page.close();
    }
  } finally {
    server.kill('SIGTERM');
  }
}

async function profile(browser) {
  const { server, url } = await serve(['--allow-profile', '--recordings-dir', mkdtempSync(path.join(os.tmpdir(), 'parascope-shot-'))]);
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
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
    await page.close();
  } finally {
    server.kill('SIGTERM');
  }
}

const wanted = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.PARASCOPE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  if (wanted.length === 0 || wanted.includes('main')) await main(browser);
  if (wanted.length === 0 || wanted.includes('profile')) await profile(browser);
} finally {
  await browser.close();
}
