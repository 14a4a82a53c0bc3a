/** The package folder of the CLI: dist/cli.js's parent (this file is bundled into dist/cli.js). */
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}
