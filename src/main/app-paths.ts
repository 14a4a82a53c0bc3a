/**
 * Where the desktop app finds its parts and keeps its data. Everything shipped is found in the
 * package layout (src/host/resource-paths.ts) under app.getAppPath() (the package folder:
 * `electron .`, `parascope open`), user data in app.getPath('userData') (~/.config/parascope on Linux).
 */
import { join } from 'node:path';
import { app } from 'electron';
import { resourcePaths, type ResourcePaths } from '../host/resource-paths.js';

export interface AppPaths extends ResourcePaths {
  /** Finished recordings: <experiment>-<time>.json.gz. */
  readonly recordingsDir: string;
  /** The recent files list (JSON). */
  readonly recentStore: string;
}

export function appPaths(): AppPaths {
  const data = app.getPath('userData');
  return {
    ...resourcePaths(app.getAppPath()),
    recordingsDir: join(data, 'recordings'),
    recentStore: join(data, 'recent-files.json'),
  };
}
