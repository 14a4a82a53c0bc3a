/**
 * The desktop app's main process as built (out/main/index.js), checked for Electron's security
 * checklist where no Electron binary can start (these machines: see docs/platform-facts.md):
 * a production build never reads ELECTRON_RENDERER_URL (the environment cannot point the app
 * window at another page), and it installs the global web-contents guard, the redirect guard and
 * the permission-check handler. Where Electron can start, test/e2e/electron.e2e.ts drives the app.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const MAIN = path.join(ROOT, 'out/main/index.js');
let bundle: string;

beforeAll(() => {
  if (!existsSync(MAIN)) {
    const b = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`electron-vite build failed: ${b.stderr}`);
  }
  bundle = readFileSync(MAIN, 'utf8');
}, 180_000);

describe('the built Electron main process', () => {
  it('does not read ELECTRON_RENDERER_URL: only a development build may load a dev server', () => {
    expect(bundle).not.toContain('ELECTRON_RENDERER_URL');
  });

  it('guards every web contents it creates, redirects included, and answers every permission check with no', () => {
    expect(bundle).toContain('web-contents-created');
    expect(bundle).toContain('will-redirect');
    expect(bundle).toContain('will-attach-webview');
    expect(bundle).toContain('setPermissionCheckHandler');
    expect(bundle).toContain('setPermissionRequestHandler');
  });
});
