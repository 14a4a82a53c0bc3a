import { defineConfig } from 'vitest/config';

const reports = process.env['PARASCOPE_TEST_REPORTS'];

// The stability stage (issue 11): ten recordings that must agree, run after the other suites and
// alone on the machine, since what a speedup measures on a software adapter depends on what else
// the CPU runs (test/stability/seed-parallel-verdicts.test.ts).
export default defineConfig({
  test: {
    include: ['test/stability/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/helpers/build-once.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    env: { XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? '/tmp' },
    ...(reports ? { reporters: ['default', ['json', { outputFile: `${reports}/stability.json` }]] } : {}),
  },
});
