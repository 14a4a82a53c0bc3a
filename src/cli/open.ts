/**
 * `parascope open [FILE]`: starts the desktop app (on a trace), where a desktop session is there;
 * otherwise one line saying why and suggesting `parascope serve`. `npm start` is
 * `parascope open --wait`: the app in the foreground, ending with the command.
 *
 * npm 11 skips dependencies' install scripts unless approved, so after `npm ci` Electron's package
 * is there without its binary (docs/platform-facts.md). The launcher then runs Electron's own
 * installer (node_modules/electron/install.js, which downloads the binary for this platform);
 * where that cannot work (no network), it says so in one line and points to `parascope serve`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Command } from 'commander';
import { oneLine } from '../host/one-line.js';
import { packageRoot } from './package-root.js';

/** The Electron binary that electron/path.txt names, if it is there. */
function installedBinary(electronDir: string): string | undefined {
  try {
    const binary = path.join(electronDir, 'dist', readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Runs Electron's own installer; the reason it failed, in one line, or undefined when it worked. */
function fetchBinary(electronDir: string): string | undefined {
  // Progress for a person watching; a failure is still the one line the caller prints.
  if (process.stderr.isTTY) process.stderr.write('parascope: the Electron binary is missing (npm 11 does not run its install script): fetching it…\n');
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, encoding: 'utf8', timeout: 600_000 });
  if (r.status === 0) return undefined;
  const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim());
  return lines.find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/i.test(l)) ?? lines.find((l) => l !== '') ?? `exit status ${r.status ?? r.signal}`;
}

/** Why the desktop app cannot start here, or undefined when it can; plus its binary. */
function electronBinary(root: string): { binary: string } | { problem: string } {
  if (process.platform !== 'darwin' && process.platform !== 'win32' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { problem: 'no desktop session here (DISPLAY is not set)' };
  }
  if (!existsSync(path.join(root, 'out', 'main', 'index.js'))) return { problem: 'the app is not built: run npm run build' };
  // node_modules/.bin/electron would try to download a missing binary (and keep a Node wrapper
  // process alive): check and start the binary itself instead.
  let electronDir: string;
  try {
    electronDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { problem: 'the electron package is not installed (run npm ci)' };
  }
  const installed = installedBinary(electronDir);
  if (installed !== undefined) return { binary: installed };
  const why = fetchBinary(electronDir);
  const fetched = installedBinary(electronDir);
  if (fetched !== undefined) return { binary: fetched };
  return { problem: `the Electron binary is not installed and cannot be downloaded here (${oneLine(why ?? 'the installer left no binary')})` };
}

export function registerOpenCommand(program: Command): void {
  program
    .command('open')
    .description('open the desktop app, on a trace if given (where it cannot start: use serve)')
    .argument('[file]', 'trace file (.json or gzip)')
    .option('--wait', 'stay in the foreground until the app quits, and quit it with this command (npm start)')
    .action(async (file: string | undefined, o: { wait?: boolean }) => {
      const abs = file === undefined ? undefined : path.resolve(file);
      if (abs !== undefined && !(existsSync(abs) && statSync(abs).isFile())) throw new Error(`${file}: no such file`);
      const serve = `parascope serve${file !== undefined ? ` ${file}` : ''}`;
      const root = packageRoot();
      const found = electronBinary(root);
      if ('problem' in found) throw new Error(`cannot start the desktop app: ${found.problem}; run \`${serve}\` and open the URL it prints`);
      // `electron ROOT FILE`: the package folder as the app, so app.getAppPath() is it (src/main/app-paths.ts).
      const args = abs === undefined ? [root] : [root, abs];
      const child = spawn(found.binary, args, o.wait ? { stdio: 'inherit' } : { detached: true, stdio: 'ignore' });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', (e) => reject(new Error(`cannot start the desktop app (${found.binary}): ${oneLine(e)}; run \`${serve}\``)));
      });
      if (!o.wait) {
        child.unref();
        return;
      }
      // In the foreground the app ends with this command: Ctrl-C or a kill is passed on.
      const pass = (s: NodeJS.Signals) => child.kill(s);
      process.on('SIGINT', pass);
      process.on('SIGTERM', pass);
      const code = await new Promise<number>((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
      process.removeListener('SIGINT', pass);
      process.removeListener('SIGTERM', pass);
      if (code !== 0) throw new Error(`the desktop app exited with status ${code}`);
    });
}
