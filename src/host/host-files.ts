/**
 * Which files on the host the page may read, and reading them as trace bytes. Shared by Electron
 * main and `parascope serve` (pure Node, no Electron import).
 *
 * The page asks for files by path (recent files, samples, recordings). It gets only files the host
 * itself named: the file given on the command line, files the user opened, the bundled samples and
 * the recordings folder. Anything else is refused, and so is any `..` in the path, before the file
 * system is touched, so a refusal does not tell whether the file exists. Symbolic links are
 * followed and the target must be allowed too.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TraceFileOf } from '../shared/api.js';
import { MAX_TRACE_BYTES } from './trace-file.js';

export type HostFileProblem = 'denied' | 'not-found' | 'too-large';

export class HostFileError extends Error {
  constructor(
    readonly problem: HostFileProblem,
    message: string,
  ) {
    super(message);
  }
}

/** A trace file as the host sends it: raw bytes (gzip or not), the page inflates and parses; always with its path. */
export interface HostTraceFile extends TraceFileOf<Uint8Array> {
  readonly path: string;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}

async function realOrUndefined(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

export class AllowedPaths {
  private readonly files = new Set<string>();
  private readonly dirs = new Set<string>();

  /** `allowedWhat` completes refusals: "PATH: not <allowedWhat>". */
  constructor(private readonly allowedWhat = 'a file Parascope opened, a sample or a recording') {}

  allowFile(file: string): void {
    this.files.add(path.resolve(file));
  }

  allowDir(dir: string): void {
    this.dirs.add(path.resolve(dir));
  }

  /** The real path of `requested` when the page may read it; a HostFileError otherwise. */
  async check(requested: unknown): Promise<string> {
    if (typeof requested !== 'string' || requested === '' || requested.includes('\0')) {
      throw new HostFileError('denied', 'not a file path');
    }
    if (!path.isAbsolute(requested)) throw new HostFileError('denied', `${requested}: not an absolute path`);
    if (requested.split(/[\\/]/).includes('..')) throw new HostFileError('denied', `${requested}: '..' is not allowed in a path`);
    const wanted = path.resolve(requested);
    if (!this.allowsLexically(wanted)) throw new HostFileError('denied', `${requested}: not ${this.allowedWhat}`);
    const real = await realOrUndefined(wanted);
    if (real === undefined) throw new HostFileError('not-found', `${requested}: no such file`);
    if (!(await this.allowsReally(real))) throw new HostFileError('denied', `${requested}: links outside what Parascope may open (${this.allowedWhat})`);
    return real;
  }

  private allowsLexically(file: string): boolean {
    if (this.files.has(file)) return true;
    for (const dir of this.dirs) if (isInside(dir, file)) return true;
    return false;
  }

  private async allowsReally(real: string): Promise<boolean> {
    for (const f of this.files) if ((await realOrUndefined(f)) === real) return true;
    for (const d of this.dirs) {
      const realDir = await realOrUndefined(d);
      if (realDir !== undefined && isInside(realDir, real)) return true;
    }
    return false;
  }
}

/** Reads a trace file's raw bytes; refuses folders and files beyond what Parascope opens. */
export async function readHostTraceFile(file: string): Promise<HostTraceFile> {
  let size: number;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new HostFileError('not-found', `${file}: not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof HostFileError) throw e;
    throw new HostFileError('not-found', `${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size > MAX_TRACE_BYTES) throw new HostFileError('too-large', `${file}: too large to open (${Math.round(size / 2 ** 20)} MiB)`);
  try {
    return { name: path.basename(file), path: file, bytes: await fs.readFile(file) };
  } catch (e) {
    throw new HostFileError('not-found', `${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export const TRACE_FILE_PATTERN = /\.json(\.gz)?$/;

/** The bundled samples: the trace files in `dir`, by name; none when the folder is missing. */
export async function listSamples(dir: string): Promise<{ name: string; path: string }[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => TRACE_FILE_PATTERN.test(n))
    .sort()
    .map((name) => ({ name, path: path.join(dir, name) }));
}
