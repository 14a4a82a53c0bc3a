import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { rendererAliases } from './electron.vite.config';

// CI (.ci/run) sets PARASCOPE_TEST_REPORTS to collect a JSON report of each run for its summary line.
const reports = process.env['PARASCOPE_TEST_REPORTS'];

// Integration tests drive real Dawn on the machine's Vulkan driver (lavapipe in CI); each test
// file runs in its own process (native addons and worker threads do not mix well) and GPU
// recordings get time. Renderer tests choose a DOM with `// @vitest-environment happy-dom`.
// End-to-end tests (Playwright, test/e2e) have their own runner config.
export default defineConfig({
  plugins: [vue()],
  // The renderer's aliases, and for tests only the fixtures folder: no shipped build resolves @fixtures.
  resolve: { alias: { ...rendererAliases, '@fixtures': resolve(import.meta.dirname, 'test/fixtures') } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/stability/**', 'node_modules/**'],
    pool: 'forks',
    globalSetup: ['test/helpers/build-once.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? '/tmp' },
    ...(reports ? { reporters: ['default', ['json', { outputFile: `${reports}/unit.json` }]] } : {}),
  },
});
