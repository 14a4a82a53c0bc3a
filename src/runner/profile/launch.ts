/**
 * Parent side of `parascope profile`: runs the user's `node SCRIPT …` with the preload, exactly as
 * it would run otherwise (its stdin, stdout and stderr are the terminal's, its environment and
 * working directory are unchanged), then collects what the preload wrote. Every way the program
 * can end — its own exit, a crash, a signal, `--timeout`, Ctrl-C, a cancel — gives back what was
 * recorded. The app's hosts (src/host/profile-job.ts) run it with `stdio: 'pipe'` instead: stdin
 * /dev/null, its output captured for the page, in a process group of its own that a cancel kills whole.
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
  /** Aborting kills the program (SIGKILL); what it recorded is still given back, `cancelled` set. */
  readonly signal?: AbortSignal;
  /** The program's working directory; default: this process's. */
  readonly cwd?: string;
  /**
   * 'inherit' (the CLI, the default): the terminal's stdin, stdout and stderr, and Ctrl-C handled
   * as described below. 'pipe' (the app): stdin is /dev/null, stdout and stderr go to `onOutput`,
   * and the program runs in its own process group, so a cancel or a timeout kills all of it.
   */
  readonly stdio?: 'inherit' | 'pipe';
  /** With `stdio: 'pipe'`: the program's output as it comes. */
  readonly onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

export interface ProfileRun {
  readonly records: ProfileRecord[];
  /** Lines that were not records (cut short by a kill). */
  readonly badLines: number;
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly interrupted: boolean;
  /** Ended by the caller's `signal` (the app's Cancel). */
  readonly cancelled?: boolean;
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
  const piped = opts.stdio === 'pipe';
  return new Promise((resolve, reject) => {
    const startedAt = new Date();
    const startNs = hostNow();
    const child = spawn(cmd, ['--import', preload, ...args], {
      stdio: piped ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
      detached: piped,
    });
    if (piped) {
      child.stdout?.setEncoding('utf8').on('data', (d: string) => opts.onOutput?.(d, 'stdout'));
      child.stderr?.setEncoding('utf8').on('data', (d: string) => opts.onOutput?.(d, 'stderr'));
    }
    /** The program, and with `stdio: 'pipe'` everything in its process group (what it started itself). */
    const kill = (signal: NodeJS.Signals): void => {
      if (piped && child.pid !== undefined) {
        try {
          process.kill(-child.pid, signal);
          return;
        } catch {
          // The group is gone already (or never formed): the child alone.
        }
      }
      child.kill(signal);
    };
    let timedOut = false;
    let interrupted = 0;
    let cancelled = false;
    const timer =
      opts.timeoutS > 0
        ? setTimeout(() => {
            timedOut = true;
            kill('SIGKILL');
          }, opts.timeoutS * 1000)
        : undefined;
    // Ctrl-C at a terminal reaches the program too (the terminal signals its whole foreground
    // process group): the program decides, as it would alone, and Parascope waits for it. A SIGINT
    // that can only have been sent to Parascope (no terminal on stdin: a script, a supervisor) is
    // passed on. A second one ends the program at once. (A piped program is the host's to cancel.)
    const onSigint = () => {
      interrupted++;
      if (interrupted === 1) {
        if (!process.stdin.isTTY) child.kill('SIGINT');
      } else child.kill('SIGKILL');
    };
    if (!piped) process.on('SIGINT', onSigint);
    const onAbort = () => {
      cancelled = true;
      kill('SIGKILL');
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
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
    let finished = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, endNs: bigint) => {
      if (finished) return;
      finished = true;
      done();
      try {
        const { records, badLines } = readChannel(dir);
        resolve({
          records,
          badLines,
          exitCode: code,
          exitSignal: signal,
          timedOut,
          interrupted: interrupted > 0,
          ...(cancelled ? { cancelled } : {}),
          startNs,
          endNs,
          startedAt,
        });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    child.on('exit', (code, signal) => {
      const endNs = hostNow();
      if (!piped) return finish(code, signal, endNs);
      // Piped: its last output is read once the pipes close, which a process it started and left
      // running (holding them) may delay; not for long.
      const wait = setTimeout(() => finish(code, signal, endNs), 1000);
      child.once('close', () => {
        clearTimeout(wait);
        finish(code, signal, endNs);
      });
    });
  });
}
