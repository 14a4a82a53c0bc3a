/**
 * Checks a "Profile a program" request from the page (src/shared/api.ts ProfileRequest, `unknown`
 * here: it crossed a transport) before anything runs: the command line split without a shell
 * (split-command.ts), a Node.js program whose script exists (the CLI's own checks,
 * src/runner/profile/check-command.ts), a working directory that exists, a boolean, a timeout.
 * Each problem is one line.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { commandProblem } from '../runner/profile/check-command.js';
import { repeatProblem } from '../runner/profile/repeat.js';
import { splitCommandLine } from './split-command.js';

/** A request that passed: argv, an absolute existing working directory, the options. */
export interface ProfileJobRequest {
  readonly command: readonly string[];
  readonly cwd: string;
  readonly perPass: boolean;
  readonly timeoutS: number;
  /** Runs of the program (`--repeat K`). */
  readonly repeat: number;
}

/** Longer than any command line a person types; a bound on what the page can send. */
const MAX_COMMAND_CHARS = 16 * 1024;
/** A day: the most a timeout may say (0: none). */
const MAX_TIMEOUT_S = 86_400;

function commandOf(v: unknown): string[] {
  let argv: string[];
  if (typeof v === 'string') {
    if (v.length > MAX_COMMAND_CHARS) throw new Error(`the command line is longer than ${MAX_COMMAND_CHARS} characters`);
    argv = splitCommandLine(v);
  } else if (Array.isArray(v) && v.every((a) => typeof a === 'string')) {
    argv = v as string[];
    if (argv.reduce((n, a) => n + a.length + 1, 0) > MAX_COMMAND_CHARS) throw new Error(`the command line is longer than ${MAX_COMMAND_CHARS} characters`);
  } else throw new Error('the command must be a command line or an array of strings');
  if (argv.length === 0) throw new Error('the command line is empty: give a Node.js program, e.g. node app.mjs --size 512');
  if (argv.some((a) => a.includes('\0'))) throw new Error('the command line holds a NUL character');
  return argv;
}

function cwdOf(v: unknown, hostCwd: string): string {
  if (v === undefined || v === '') return hostCwd;
  if (typeof v !== 'string' || v.includes('\0')) throw new Error('the working directory must be a path');
  if (!path.isAbsolute(v)) throw new Error(`working directory ${v}: not an absolute path`);
  let isDir: boolean;
  try {
    isDir = statSync(v).isDirectory();
  } catch {
    throw new Error(`working directory ${v}: no such directory`);
  }
  if (!isDir) throw new Error(`working directory ${v}: not a directory`);
  return v;
}

function timeoutOf(v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_TIMEOUT_S)
    throw new Error(`the timeout must be a number of seconds in 0..${MAX_TIMEOUT_S} (0: none), got ${JSON.stringify(v) ?? String(v)}`);
  return v;
}

/** The checked request; throws the one line of its first problem. `hostCwd`: where it runs when the page names no directory. */
export function parseProfileRequest(request: unknown, hostCwd: string): ProfileJobRequest {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) throw new Error('the profile request must be an object');
  const r = request as Record<string, unknown>;
  const command = commandOf(r['command']);
  const cwd = cwdOf(r['cwd'], hostCwd);
  const perPass = r['perPass'];
  if (perPass !== undefined && typeof perPass !== 'boolean') throw new Error('perPass must be true or false');
  const timeoutS = timeoutOf(r['timeoutS']);
  const repeat = r['repeat'] ?? 1;
  const badRepeat = typeof repeat === 'number' ? repeatProblem(repeat) : 'runs must be a number';
  if (badRepeat !== undefined) throw new Error(`${badRepeat.replace('--repeat', 'runs')}, got ${JSON.stringify(repeat) ?? String(repeat)}`);
  const problem = commandProblem(command, cwd);
  if (problem !== undefined) throw new Error(problem);
  return { command, cwd, perPass: perPass === true, timeoutS, repeat: repeat as number };
}
