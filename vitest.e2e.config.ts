import { defineConfig } from 'vitest/config';

const reports = process.env['PARASCOPE_TEST_REPORTS'];

// End-to-end tests: the built app (out/renderer) served by `parascope serve` in browser mode,
// driven with Playwright (playwright-core) in Debian's Chromium; and the Electron app itself
// through Playwright's _electron where an Electron binary can start (not on CI machines).
// One file at a time: each starts a server and a browser.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? '/tmp' },
    ...(reports ? { reporters: ['default', ['json', { outputFile: `${reports}/e2e.json` }]] } : {}),
  },
});
