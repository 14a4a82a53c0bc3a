/**
 * The plain Node.js binary that runs the GPU recorder for the desktop app. Electron's own
 * executable cannot be used, not even with ELECTRON_RUN_AS_NODE: Electron's V8 memory cage
 * refuses the external ArrayBuffers Dawn returns for mapped GPU buffers (../shared/FACTS.md), so
 * every readback would fail. `$PARASCOPE_NODE` wins when set (an app started from a desktop
 * launcher may have a PATH without Node, e.g. on macOS, or the user wants another version);
 * otherwise the first `node` on PATH. Pure Node, no Electron import.
 */
import path from 'node:path';
import { isExecutableFile, pathDirs } from '../host/executables.js';

export function findNode(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const fromEnv = env['PARASCOPE_NODE'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutableFile(fromEnv)) throw new Error(`PARASCOPE_NODE=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const names = platform === 'win32' ? ['node.exe'] : ['node'];
  for (const dir of pathDirs(env)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  throw new Error('no Node.js found on PATH to run the GPU recorder: install Node.js 20.19 or later, or set PARASCOPE_NODE to its path');
}
