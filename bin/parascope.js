#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/ by `npm run build`.
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('parascope: not built yet: run `npm run build` in the Parascope folder first\n');
  process.exit(1);
}
await import(entry.href);
