/**
 * A stand-in for the host in tests: a plain object implementing ParascopeApi, every method a
 * vitest spy, overridable one by one. Not shipped (only tests import it).
 */
import { vi, type Mocked } from 'vitest';
import type { ParascopeApi } from '@shared/api';

export function fakeApi(overrides: Partial<ParascopeApi> = {}): Mocked<ParascopeApi> {
  const api: ParascopeApi = {
    host: 'browser',
    version: async () => '0.0.0-test',
    initialFile: async () => undefined,
    openDialog: async () => undefined,
    openPath: async (p) => {
      throw new Error(`no such file: ${p}`);
    },
    recentFiles: async () => [],
    samples: async () => [],
    experiments: async () => [],
    runExperiment: async () => 'run-1',
    experimentExamples: async () => [],
    openExperimentFile: async () => undefined,
    runExperimentFile: async () => 'run-file-1',
    profiling: async () => ({ allowed: false, reason: 'not in tests' }),
    profileProgram: async () => 'profile-1',
    cancelRun: async () => undefined,
    save: async (name) => `/saved/${name}`,
    savePdf: async (name) => `/saved/${name}`,
    onMenu: () => () => undefined,
    ...overrides,
  };
  for (const key of Object.keys(api) as (keyof ParascopeApi)[]) {
    const value = api[key];
    if (typeof value === 'function') (api as unknown as Record<string, unknown>)[key] = vi.fn(value);
  }
  return api as Mocked<ParascopeApi>;
}
