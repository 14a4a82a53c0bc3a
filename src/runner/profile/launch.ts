/**
 * Parent side of `parascope profile`: runs the user's `node SCRIPT …` with the preload, exactly as
 * it would run otherwise (its stdin, stdout and stderr are the terminal's, its environment and
 * working directory are unchanged), then collects what the preload wrote. Every way the program
 * can end — its own exit, a crash, a signal, `--timeout`, Ctrl-C — gives back what was recorded.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hostNow } from '../host-clock.js';
import { channelDir } from './channel.js';
import { parseRecordLine, type ProfileRecord } from './records.js';

export interface ProfileLaunch {
  /** The command as the user gave it: `node`, then its arguments. */
  readonly command: readonly string[];
  readonly perPass: boolean;
  /** Seconds before the program is killed; 0: never. */
  readonly timeoutS: number;
  /** The built preload (dist/profile-preload.js); defaults to the one beside this bundle. */
  readonly preload?: string;
  readonly signal?: AbortSignal;
}

export interface ProfileRun {
  readonly records: ProfileRecord[];
  /** Lines that were not records (cut short by a kill). */
  readonly badLines: number;
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly interrupted: boolean;
  /** Host clock at the spawn and at the exit (the same monotonic clock the preload reads). */
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly startedAt: Date;
}

export function defaultPreload(): string {
  return fileURLToPath(new URL('./profile-preload.js', import.meta.url));
}

/** Is this a command that runs a Node.js program? (`node`, `nodejs`, or a path to one.) */
export function isNodeCommand(cmd: string): boolean {
  return /^(node|nodejs)(\.exe)?$/i.test(path.basename(cmd)) || path.resolve(cmd) === process.execPath;
}

function prepareChannel(dir: string, perPass: boolean): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { mode: 0o700 });
  fs.writeFileSync(path.join(dir, 'options.json'), JSON.stringify({ perPass }));
}

function readChannel(dir: string): { records: ProfileRecord[]; badLines: number } {
  const records: ProfileRecord[] = [];
  let badLines = 0;
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line) continue;
      const r = parseRecordLine(line);
      if (r) records.push(r);
      else badLines++;
    }
  }
  return { records, badLines };
}

export function runProfiled(opts: ProfileLaunch): Promise<ProfileRun> {
  const [cmd, ...args] = opts.command;
  if (cmd === undefined) throw new Error('no command');
  const dir = channelDir(process.pid);
  prepareChannel(dir, opts.perPass);
  const preload = pathToFileURL(opts.preload ?? defaultPreload()).href;
  return new Promise((resolve, reject) => {
    const startedAt = new Date();
    const startNs = hostNow();
    const child = spawn(cmd, ['--import', preload, ...args], { stdio: 'inherit' });
    let timedOut = false;
    let interrupted = 0;
    const timer =
      opts.timeoutS > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, opts.timeoutS * 1000)
        : undefined;
    // Ctrl-C at a terminal reaches the program too (the terminal signals its whole foreground
    // process group): the program decides, as it would alone, and Parascope waits for it. A SIGINT
    // that can only have been sent to Parascope (no terminal on stdin: a script, a supervisor) is
    // passed on. A second one ends the program at once.
    const onSigint = () => {
      interrupted++;
      if (interrupted === 1) {
        if (!process.stdin.isTTY) child.kill('SIGINT');
      } else child.kill('SIGKILL');
    };
    process.on('SIGINT', onSigint);
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      process.removeListener('SIGINT', onSigint);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      done();
      fs.rmSync(dir, { recursive: true, force: true });
      reject(e);
    });
    child.on('exit', (code, signal) => {
      done();
      const endNs = hostNow();
      try {
        const { records, badLines } = readChannel(dir);
        resolve({ records, badLines, exitCode: code, exitSignal: signal, timedOut, interrupted: interrupted > 0, startNs, endNs, startedAt });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
