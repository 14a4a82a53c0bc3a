/**
 * Finding programs on the host: whether a path is an executable regular file, and the folders of
 * $PATH. For the recorder's Node.js (src/main/find-node.ts) and the PDF export's Chromium (pdf.ts),
 * which look alike on purpose: the lookup `which` does, without spawning a process.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folders of `env.PATH`, in order, empty entries left out. */
export function pathDirs(env: NodeJS.ProcessEnv): string[] {
  return (env['PATH'] ?? '').split(path.delimiter).filter((d) => d !== '');
}
