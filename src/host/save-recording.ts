/**
 * Saving a finished recording so that it is never lost (issue 10, "nothing lost"). A recording
 * costs minutes of GPU time and cannot be made again exactly, so:
 * - A default name (`<experiment>-<time>.json.gz`) is claimed with an exclusive create: two
 *   recordings finishing in the same second get `…-2.json.gz`, never one file for both. The claim
 *   is a hard link of the finished temporary file (atomic, fails with EEXIST), or an exclusive copy
 *   where the file system has no hard links.
 * - A name the user gave (`--out FILE`) is replaced as asked, atomically (temporary file, rename),
 *   unless another writer created or changed it while this recording ran: that file is kept, and
 *   this recording is claimed under the next free name beside it, which the result names.
 * - When the target folder cannot take the file (disk full, read-only, gone), the recording is
 *   written to the first fallback folder that can, and the result says why.
 * A failure in all of them is thrown, with each folder's reason; the caller still has the trace.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { ChromeTraceDocument } from '../core/export/chrome-trace.js';
import { temporaryBeside, writeTraceTo } from './trace-file.js';

/** `<stem>-<local time>.json.gz`, the default name of a recording (CLI and both hosts); claimed, never replaced. */
export function defaultRecordingName(stem: string, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${stem}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.json.gz`;
}

/** What identifies a file's content for "did someone else write it meanwhile": inode, size, mtime. */
export interface FileIdentity {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

function identityOf(st: Stats): FileIdentity {
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

/** The file's identity now, or undefined when there is none. */
export async function identify(file: string): Promise<FileIdentity | undefined> {
  try {
    return identityOf(await fs.stat(file));
  } catch {
    return undefined;
  }
}

export interface SaveOptions {
  /**
   * `claim`: the name is a default; take it only if free, else the next free `-2`, `-3`… .
   * `replace`: the user named the file; replace it unless it changed since `before`.
   */
  readonly mode: 'claim' | 'replace';
  /** With `replace`: the target as it was when the recording started (undefined: absent). */
  readonly before?: FileIdentity | undefined;
  /** Folders to save in, in order, when the target's own folder cannot take the file. */
  readonly fallbackDirs?: readonly string[];
}

export interface SavedRecording {
  /** Where the recording is. */
  readonly file: string;
  /** Why it is not where it was asked to be; absent when it is. */
  readonly moved?: string;
}

/** `name.json.gz` → [`name`, `.json.gz`]: the suffix that numbered names keep. */
function splitName(file: string): [string, string] {
  const m = /^(.*?)((?:\.json)?(?:\.gz)?)$/.exec(path.basename(file));
  return [m?.[1] || path.basename(file), m?.[2] ?? ''];
}

function numbered(file: string, n: number): string {
  const [stem, ext] = splitName(file);
  return path.join(path.dirname(file), n === 1 ? `${stem}${ext}` : `${stem}-${n}${ext}`);
}

/** Places `tmp` at `target` only if nothing is there; false when something is. */
async function claimExclusive(tmp: string, target: string): Promise<boolean> {
  try {
    await fs.link(tmp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // No hard links here (some network and FAT file systems): an exclusive copy instead.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'EMLINK') throw e;
  }
  try {
    await fs.copyFile(tmp, target, constants.COPYFILE_EXCL);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Claims the first free numbered name from `target` on; returns it. */
async function claimFree(tmp: string, target: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = numbered(target, n);
    if (await claimExclusive(tmp, candidate)) return candidate;
  }
}

/** Saves in `target`'s folder, as `opts.mode` says; throws when that folder cannot take the file. */
async function saveIn(target: string, doc: ChromeTraceDocument, opts: SaveOptions): Promise<SavedRecording> {
  const tmp = temporaryBeside(target);
  try {
    await writeTraceTo(tmp, target, doc);
    if (opts.mode === 'replace') {
      const now = await identify(target);
      const untouched = now === undefined ? opts.before === undefined : opts.before !== undefined && sameFile(now, opts.before);
      if (untouched) {
        await fs.rename(tmp, target);
        return { file: target };
      }
      const file = await claimFree(tmp, target);
      return { file, moved: `${target} was written by another process while this recording ran, so it was left as it is` };
    }
    return { file: await claimFree(tmp, target) };
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function reason(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}

/** Saves `doc` (see the file's header); `target` decides the name and, by its ending, gzip. */
export async function saveRecording(target: string, doc: ChromeTraceDocument, opts: SaveOptions): Promise<SavedRecording> {
  let firstProblem: string;
  try {
    return await saveIn(target, doc, opts);
  } catch (e) {
    firstProblem = `cannot write ${target}: ${reason(e)}`;
  }
  const problems = [firstProblem];
  for (const dir of opts.fallbackDirs ?? []) {
    try {
      await fs.mkdir(dir, { recursive: true });
      const saved = await saveIn(path.join(dir, path.basename(target)), doc, { mode: 'claim' });
      return { file: saved.file, moved: firstProblem };
    } catch (e) {
      problems.push(`cannot write in ${dir}: ${reason(e)}`);
    }
  }
  throw new Error(`the recording could not be saved: ${problems.join('; ')}`);
}
