/**
 * Vitest global set-up: builds the CLI and the recorder child (dist/) once, before any test file
 * runs, as `npm run build:cli` does. Test files run in parallel processes; when each built dist/
 * itself, one file's build could rewrite a bundle another was starting the CLI from.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function buildOnce(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const b = spawnSync('npm', ['run', 'build:cli'], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`npm run build:cli failed:\n${b.stderr}`);
}
