/**
 * The method table's strings, pinned: they are the wire between the page and both hosts, and a
 * page built from one version may talk to a host of the same version only if these never drift.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS } from './ipc-channels.js';
import { API_METHODS, HTTP_ROUTES, routeUrl, RUN_SOCKET_PATH, SOCKET_ROUTES } from './routes.js';

describe('the method table', () => {
  it('gives every IPC channel as before', () => {
    expect(CHANNELS).toEqual({
      version: 'parascope:version',
      initialFile: 'parascope:initial-file',
      openDialog: 'parascope:open-dialog',
      openPath: 'parascope:open-path',
      recentFiles: 'parascope:recent-files',
      samples: 'parascope:samples',
      experiments: 'parascope:experiments',
      runExperiment: 'parascope:run-experiment',
      experimentExamples: 'parascope:experiment-examples',
      openExperimentFile: 'parascope:open-experiment-file',
      runExperimentFile: 'parascope:run-experiment-file',
      profiling: 'parascope:profiling',
      profileProgram: 'parascope:profile-program',
      cancelRun: 'parascope:cancel-run',
      save: 'parascope:save',
      savePdf: 'parascope:save-pdf',
      menu: 'parascope:menu',
    });
  });

  it('gives every HTTP route and socket message as before', () => {
    expect(HTTP_ROUTES.map((r) => `${r.http} ${routeUrl(r, 'X')}`)).toEqual([
      'GET /api/version',
      'GET /api/initial',
      'GET /api/file?path=X',
      'GET /api/recent',
      'GET /api/samples',
      'GET /api/experiments',
      'GET /api/experiment-examples',
      'POST /api/experiment-file?name=X',
      'GET /api/profiling',
      'POST /api/save?name=X',
      'POST /api/pdf?name=X',
    ]);
    expect(SOCKET_ROUTES.map((r) => [r.method, r.socket])).toEqual([
      ['runExperiment', 'run'],
      ['runExperimentFile', 'run-file'],
      ['profileProgram', 'profile'],
      ['cancelRun', 'cancel'],
    ]);
    expect(RUN_SOCKET_PATH).toBe('/api/run');
    expect(API_METHODS.openDialog.browser).toHaveProperty('page');
  });

  it('encodes a query value', () => {
    expect(routeUrl(API_METHODS.openPath.browser, '/a b/c?.json')).toBe('/api/file?path=%2Fa%20b%2Fc%3F.json');
    expect(routeUrl(API_METHODS.version.browser)).toBe('/api/version');
  });
});
