/**
 * The `parascope serve` command: its options, the package layout (src/host/resource-paths.ts)
 * under the CLI's package folder, and the server kept up until SIGINT or SIGTERM.
 */
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { resourcePaths } from '../../host/resource-paths.js';
import { packageRoot } from '../package-root.js';
import { checkHost } from './loopback.js';

function portNumber(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n > 65535) throw new InvalidArgumentError(`--port must be 0 to 65535, got '${v}'`);
  return n;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('show the app in a browser on this machine (where Electron cannot start); prints the URL')
    .argument('[file]', 'trace file to show first (default: a bundled sample)')
    .addOption(new Option('--port <N>', 'TCP port; 0 picks a free one').default(8780).argParser(portNumber))
    .addOption(new Option('--host <HOST>', 'only 127.0.0.1: the API reads local files and starts GPU work').default('127.0.0.1').argParser(checkHost))
    .option('--save-dir <DIR>', 'where the page saves files and PDF reports (default ./saved)')
    .option('--recordings-dir <DIR>', 'where recordings are written (default ~/.parascope/recordings)')
    .option('--allow-profile', 'let the page profile programs ("Profile a program"): it runs the Node.js commands the page sends, as you; off by default')
    .action(async (file: string | undefined, o: { port: number; host: string; saveDir?: string; recordingsDir?: string; allowProfile?: boolean }) => {
      // The server (ws, the host core, the API routes) is loaded only by the command that runs it.
      const { startServer } = await import('./server.js');
      const resources = resourcePaths(packageRoot());
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const server = await startServer({
        port: o.port,
        host: o.host,
        ...(file !== undefined ? { file } : {}),
        staticRoot: resources.rendererDir,
        samplesDir: resources.samplesDir,
        examplesDir: resources.examplesDir,
        defaultSample: resources.defaultSample,
        childScript: resources.recorderScript,
        recordingsDir: o.recordingsDir ?? path.join(os.homedir(), '.parascope', 'recordings'),
        saveDir: o.saveDir ?? path.resolve('saved'),
        allowProfile: o.allowProfile === true,
        programsDir: resources.programsDir,
        profilePreload: resources.profilePreload,
        ...(debug ? { onRecorderStderr: (line: string) => process.stderr.write(`[recorder] ${line}\n`) } : {}),
      });
      if (o.allowProfile === true)
        process.stdout.write(
          `Parascope: --allow-profile: the page can run Node.js programs on this machine as ${os.userInfo().username}, in ${process.cwd()} unless it names another folder\n`,
        );
      process.stdout.write(`Parascope: ${server.url}\n`);
      await waitForSignal();
      await server.close();
    });
}
