/**
 * Reading and writing trace files on disk (Node only; shared by the CLI, the recorder's parent
 * and Electron main).
 *
 * Writes are atomic: the bytes go to a temporary file in the target's folder, then a rename puts
 * it in place, so an existing file is either the old one or the new one, never half of each.
 * `.gz` is chosen by the file name on write and by the gzip magic bytes on read.
 */
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { importParascope, detectParascope } from '../core/import/parascope.js';
import { TraceFormatError } from '../core/import/errors.js';
import type { Trace } from '../core/model.js';
import type { ChromeTraceDocument } from '../core/export/chrome-trace.js';

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, data, { flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export function encodeTrace(file: string, doc: ChromeTraceDocument): string | Uint8Array {
  const text = JSON.stringify(doc);
  return file.endsWith('.gz') ? gzipSync(text) : text;
}

export async function writeTraceFile(file: string, doc: ChromeTraceDocument): Promise<void> {
  await writeFileAtomic(file, encodeTrace(file, doc));
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

export async function readJsonFile(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new TraceFormatError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (bytes.length === 0) throw new TraceFormatError(`${file}: the file is empty`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new TraceFormatError(`${file}: gzip data is truncated or corrupt`);
    }
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new TraceFormatError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Reads a Parascope trace file into the model. Other formats arrive with the importers of issue 3. */
export async function readTraceFile(file: string): Promise<Trace> {
  const doc = await readJsonFile(file);
  if (!detectParascope(doc)) throw new TraceFormatError(`${file}: not a Parascope trace (no "parascope" header of schema parascope.trace/1)`);
  try {
    return importParascope(doc);
  } catch (e) {
    if (e instanceof TraceFormatError) throw new TraceFormatError(`${file}: ${e.message}`);
    throw e;
  }
}
