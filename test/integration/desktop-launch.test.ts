/**
 * `npm start` on a fresh desktop (issue 10, item 15): npm 11 skips Electron's install script, so
 * the binary is missing; the launcher (`parascope open --wait`) runs Electron's own installer, and
 * where that cannot download (these machines have no network), it says so in one line pointing to
 * `parascope serve`, exit 1 — never a stack trace. Where a binary is installed this cannot be
 * tried, and test/e2e/electron.e2e.ts starts the app instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

const ELECTRON = path.join(ROOT, 'node_modules/electron');
const binaryMissing =
  !existsSync(path.join(ELECTRON, 'path.txt')) || !existsSync(path.join(ELECTRON, 'dist', readFileSync(path.join(ELECTRON, 'path.txt'), 'utf8').trim()));

describe('the desktop launcher', () => {
  it.runIf(binaryMissing && existsSync(path.join(ROOT, 'out/main/index.js')))(
    'without the Electron binary and without network: one line, pointing to serve, exit 1',
    () => {
      const r = spawnSync(process.execPath, [BIN, 'open', '--wait'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, DISPLAY: ':99' },
      });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^parascope: cannot start the desktop app: the Electron binary is not installed and cannot be downloaded here \(.+\); run `parascope serve` and open the URL it prints$/,
      );
    },
  );

  it('without a desktop session: one line, pointing to serve with the file, exit 1', () => {
    const file = path.join(ROOT, 'resources/samples/seed-parallel.json.gz');
    const env = { ...process.env };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const r = spawnSync(process.execPath, [BIN, 'open', file], { cwd: ROOT, encoding: 'utf8', env });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `parascope: cannot start the desktop app: no desktop session here (DISPLAY is not set); run \`parascope serve ${file}\` and open the URL it prints`,
    );
  });
});
