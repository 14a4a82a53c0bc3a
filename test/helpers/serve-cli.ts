/**
 * `parascope serve` as a user starts it (the built CLI serving the built renderer), for the e2e
 * tests and the integration tests that need a real server process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

export interface Served {
  /** What `serve` printed: http://127.0.0.1:PORT/?token=T (visiting it lets the browser in). */
  readonly url: string;
  /** http://127.0.0.1:PORT/ */
  readonly base: string;
  readonly token: string;
  /** The printed URL with more query parameters (`?debug`): the token still lets the page in. */
  pageUrl(query: string): string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `parascope serve --port 0 [FILE]` and resolves with the URL it prints (with its token). */
export async function serve(args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  if (!existsSync(path.join(ROOT, 'dist/cli.js')) || !existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    throw new Error('build first: npm run build');
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/parascope.js'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const [url, base, token] = await new Promise<[string, string, string]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${out} ${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /((http:\/\/127\.0\.0\.1:\d+\/)\?token=([A-Za-z0-9_-]+))\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve([m[1]!, m[2]!, m[3]!]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    url,
    base,
    token,
    pageUrl: (query) => `${url}&${query}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
