/**
 * `parascope open FILE`: starts the desktop app on a trace, where a desktop session and the
 * Electron binary are there; otherwise one line saying why and suggesting `parascope serve`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Command } from 'commander';
import { oneLine } from '../host/one-line.js';
import { packageRoot } from './package-root.js';

/** Why the desktop app cannot start here, or undefined when it can; plus its binary. */
function electronBinary(root: string): { binary: string } | { problem: string } {
  if (process.platform !== 'darwin' && process.platform !== 'win32' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { problem: 'no desktop session here (DISPLAY is not set)' };
  }
  if (!existsSync(path.join(root, 'out', 'main', 'index.js'))) return { problem: 'the app is not built: run npm run build' };
  // node_modules/.bin/electron would try to download a missing binary (and keep a Node wrapper
  // process alive): check and start the binary itself instead. electron/path.txt names it.
  let binary: string;
  try {
    const req = createRequire(path.join(root, 'package.json'));
    const electronDir = path.dirname(req.resolve('electron/package.json'));
    binary = path.join(electronDir, 'dist', readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim());
  } catch {
    return { problem: 'the Electron binary is not installed' };
  }
  if (!existsSync(binary)) return { problem: 'the Electron binary is not installed' };
  return { binary };
}

export function registerOpenCommand(program: Command): void {
  program
    .command('open')
    .description('open a trace in the desktop app (where it cannot start: use serve)')
    .argument('<file>', 'trace file (.json or gzip)')
    .action(async (file: string) => {
      const abs = path.resolve(file);
      if (!(existsSync(abs) && statSync(abs).isFile())) throw new Error(`${file}: no such file`);
      const root = packageRoot();
      const found = electronBinary(root);
      if ('problem' in found) throw new Error(`cannot start the desktop app: ${found.problem}; run \`parascope serve ${file}\` and open the URL it prints`);
      // `electron ROOT FILE`: the package folder as the app, so app.getAppPath() is it (src/main/app-paths.ts).
      const child = spawn(found.binary, [root, abs], { detached: true, stdio: 'ignore' });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', (e) => reject(new Error(`cannot start the desktop app (${found.binary}): ${oneLine(e)}; run \`parascope serve ${file}\``)));
      });
      child.unref();
    });
}
