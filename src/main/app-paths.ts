/**
 * Where the desktop app finds its parts and keeps its data. Everything shipped is found relative
 * to app.getAppPath() (the package folder: `electron .`, `parascope open`), user data in
 * app.getPath('userData') (~/.config/parascope on Linux).
 */
import { join } from 'node:path';
import { app } from 'electron';

export interface AppPaths {
  /** resources/samples: the bundled sample recordings. */
  readonly samplesDir: string;
  /** resources/experiments: the example experiment files. */
  readonly examplesDir: string;
  /** Shown at start when no file is named on the command line. */
  readonly defaultSample: string;
  /** dist/runner-child.js: the recorder, run on a plain Node.js (built by `npm run build:cli`). */
  readonly recorderScript: string;
  /** Finished recordings: <experiment>-<time>.json.gz. */
  readonly recordingsDir: string;
  /** The recent files list (JSON). */
  readonly recentStore: string;
}

export function appPaths(): AppPaths {
  const root = app.getAppPath();
  const data = app.getPath('userData');
  return {
    samplesDir: join(root, 'resources', 'samples'),
    examplesDir: join(root, 'resources', 'experiments'),
    defaultSample: join(root, 'resources', 'samples', 'seed-compute-copy.json.gz'),
    recorderScript: join(root, 'dist', 'runner-child.js'),
    recordingsDir: join(data, 'recordings'),
    recentStore: join(data, 'recent-files.json'),
  };
}
