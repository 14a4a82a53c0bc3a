/**
 * Where Parascope's shipped parts lie in its package folder, for both hosts: Electron finds the
 * folder with app.getAppPath() (src/main/app-paths.ts), `parascope serve` beside its bundle
 * (src/cli/package-root.ts). One layout, so the two cannot look in different places.
 */
import path from 'node:path';

/** The sample shown at start when no file is named on the command line. */
export const DEFAULT_SAMPLE_NAME = 'seed-compute-copy.json.gz';

export interface ResourcePaths {
  /** resources/samples: the bundled sample recordings. */
  readonly samplesDir: string;
  /** resources/experiments: the example experiment files. */
  readonly examplesDir: string;
  /** Shown at start when no file is named on the command line. */
  readonly defaultSample: string;
  /** dist/runner-child.js: the recorder, run on a plain Node.js (built by `npm run build:cli`). */
  readonly recorderScript: string;
  /** resources/programs: the example programs "Profile a program" offers as presets. */
  readonly programsDir: string;
  /** dist/profile-preload.js: the profiler's preload, injected into a profiled program (built by `npm run build:cli`). */
  readonly profilePreload: string;
  /** out/renderer: the built page (electron-vite build), which `parascope serve` hands out. */
  readonly rendererDir: string;
}

export function resourcePaths(root: string): ResourcePaths {
  const samplesDir = path.join(root, 'resources', 'samples');
  return {
    samplesDir,
    examplesDir: path.join(root, 'resources', 'experiments'),
    defaultSample: path.join(samplesDir, DEFAULT_SAMPLE_NAME),
    recorderScript: path.join(root, 'dist', 'runner-child.js'),
    programsDir: path.join(root, 'resources', 'programs'),
    profilePreload: path.join(root, 'dist', 'profile-preload.js'),
    rendererDir: path.join(root, 'out', 'renderer'),
  };
}
