/**
 * Reading and writing trace files on disk (Node only; shared by the CLI, the recorder's parent
 * and Electron main).
 *
 * Writes are atomic: the bytes go to a temporary file in the target's folder, then a rename puts
 * it in place, so an existing file is either the old one or the new one, never half of each.
 * `.gz` is chosen by the file name on write and by the gzip magic bytes on read.
 */
import { createWriteStream, readFileSync, promises as fs, constants as fsConstants } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { createGzip, gunzipSync } from 'node:zlib';
import v8 from 'node:v8';
import vm from 'node:vm';
import { importScanned, scanTrace } from '../core/import/index.js';
import type { ScannedDoc } from '../core/import/trace-scan.js';
import { TraceFormatError } from '../core/import/errors.js';
import type { ImportResult } from '../core/import/types.js';
import { maxEventsForHeap, type ImportLimits } from '../core/import/limits.js';
import type { ChromeTraceDocument } from '../core/export/chrome-trace.js';
import { jsonChunks } from '../core/export/json-chunks.js';

/** `write` fills a fresh temporary file beside `file`, then a rename puts it in place (the header's atomic write). */
async function replaceAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = temporaryBeside(file);
  try {
    await write(tmp);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await replaceAtomically(file, (tmp) => fs.writeFile(tmp, data, { flag: 'wx' }));
}

/** The trace's JSON text in pieces (json-chunks.ts): a trace can be larger than one string may be. */
export function traceTextChunks(doc: ChromeTraceDocument): Iterable<string> {
  return jsonChunks(doc, 'traceEvents');
}

/**
 * Writes the trace to `file`, which must not exist yet (exclusive create): gzip when `target`
 * (the name it will finally have) ends in `.gz`. Streamed, so its size is bounded by the disk only.
 */
export async function writeTraceTo(file: string, target: string, doc: ChromeTraceDocument): Promise<void> {
  const source = Readable.from(traceTextChunks(doc), { objectMode: false });
  const sink = createWriteStream(file, { flags: 'wx' });
  if (target.endsWith('.gz')) await pipeline(source, createGzip(), sink);
  else await pipeline(source, sink);
}

/** Writes a trace atomically (a temporary file beside it, then a rename). */
export async function writeTraceFile(file: string, doc: ChromeTraceDocument): Promise<void> {
  await replaceAtomically(file, (tmp) => writeTraceTo(tmp, file, doc));
}

/** A fresh temporary name in `file`'s folder (same file system, so a rename or link can place it). */
export function temporaryBeside(file: string): string {
  return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** Fails early, before a long recording, when the output cannot be written. */
export async function checkWritable(file: string): Promise<string | undefined> {
  const dir = path.dirname(path.resolve(file));
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) return `${dir} is not a folder`;
    await fs.access(dir, fsConstants.W_OK);
  } catch {
    return `folder ${dir} does not exist or is not writable`;
  }
  try {
    if ((await fs.stat(file)).isDirectory()) return `${file} is a folder`;
  } catch {
    // does not exist yet: fine
  }
  return undefined;
}

/**
 * The largest trace Parascope opens, uncompressed: beyond it memory, not the parser, is the
 * limit (the model takes about the file's size again). Checked before reading and while
 * inflating gzip, so a hostile file costs bounded time and memory.
 */
export const MAX_TRACE_BYTES = 2 * 2 ** 30;

export async function readTraceBytes(file: string, maxBytes = MAX_TRACE_BYTES): Promise<Uint8Array> {
  let size: number;
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) throw new TraceFormatError(`${file}: is a folder, not a trace file`);
    size = st.size;
  } catch (e) {
    if (e instanceof TraceFormatError) throw e;
    throw new TraceFormatError(noSuchFile(file, e) ?? `${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size === 0) throw new TraceFormatError(`${file}: the file is empty`);
  if (size > maxBytes) throw new TraceFormatError(`${file}: ${formatSize(size)} is more than Parascope opens (${formatSize(maxBytes)})`);
  let bytes: Buffer;
  try {
    // One synchronous read: fs.promises.readFile goes through the thread pool 512 KiB at a time
    // (twice the time for a 145 MB trace: 126 vs 68 ms here), and the scan that follows blocks
    // the thread for far longer anyway, as gunzipSync below does.
    bytes = readFileSync(file);
  } catch (e) {
    throw new TraceFormatError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new TraceFormatError(`${file}: inflates to more than Parascope opens (${formatSize(maxBytes)})`);
      throw new TraceFormatError(`${file}: gzip data is truncated or corrupt`);
    }
    if (bytes.length === 0) throw new TraceFormatError(`${file}: the gzip file holds nothing`);
  }
  return bytes;
}

function formatSize(b: number): string {
  return b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`;
}

/** This process's import limit, from its own heap limit (NODE_OPTIONS=--max-old-space-size raises both). */
export function processImportLimits(): ImportLimits {
  const heapBytes = v8.getHeapStatistics().heap_size_limit;
  return { maxEvents: maxEventsForHeap(heapBytes), heapBytes };
}

/** `FILE: no such file`, the one wording every command uses for a path that is not there; else undefined. */
export function noSuchFile(file: string, e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${file}: no such file` : undefined;
}

/** Reads any supported trace file (.json or gzip, detected by content). */
export async function readTrace(file: string): Promise<ImportResult> {
  const scanned = await scanFile(file);
  const size = scanned.size;
  const doc: ScannedDoc | undefined = scanned.doc;
  scanned.doc = undefined;
  // The file's bytes are dead now, but V8 frees an external buffer only at its next full GC,
  // which comes after the model is built: the memory peak would hold both. One explicit full GC
  // (tens of ms) lets them go first — for a 120 MB trace that is 120 MB off the peak.
  if (size >= RELEASE_ABOVE) fullGc()?.();
  // No second full GC after the model is built: it would free the scanned columns (28 bytes an
  // event) before the analysis, but it marks every op and arg of the model to do so — 0.1 s at
  // 1M events, 2.3 s at 14M — while V8's own next full GC frees them anyway. The peak memory
  // this costs is in docs/benchmarks.md (2.53× the file instead of 2.35× at 1M events).
  return importScanned(doc!, file);
}

/** Reads and scans; its own frame, so nothing of the bytes outlives it (an async frame keeps its awaited values). */
async function scanFile(file: string): Promise<{ doc: ScannedDoc | undefined; size: number }> {
  const bytes = await readTraceBytes(file);
  return { doc: scanTrace(bytes, file, processImportLimits()), size: bytes.length };
}

const RELEASE_ABOVE = 32 * 2 ** 20;

let gcFn: (() => void) | undefined | null = null;
/** V8's gc(), without needing --expose-gc on the command line; undefined if unavailable. */
function fullGc(): (() => void) | undefined {
  if (gcFn === null) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = undefined;
    }
  }
  return gcFn;
}
