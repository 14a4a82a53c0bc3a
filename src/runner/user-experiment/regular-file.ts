/**
 * Reads a file an experiment names (the experiment file itself, a `file:` WGSL reference) only when
 * it is a regular file of bounded size. A FIFO would block the reader forever and `/dev/zero` would
 * grow memory without end, and in Electron the reader is the main process. So: open with
 * O_NONBLOCK (opening a FIFO then returns at once instead of waiting for a writer), fstat the open
 * descriptor (no race with a swapped path), refuse anything but a regular file or anything over
 * the cap, then read exactly its size. Synchronous on purpose: the loader is a pure, synchronous
 * validator, and a regular local file under the cap reads in well under a millisecond per MiB.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Why a file was refused: what to say after "cannot read …". */
export class RegularFileError extends Error {}

export function readRegularFileSync(file: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new RegularFileError((e as NodeJS.ErrnoException).code ?? (e as Error).message, { cause: e });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new RegularFileError(st.isDirectory() ? 'it is a folder' : 'not a regular file (a pipe, socket or device)');
    if (st.size > maxBytes) throw new RegularFileError(`${st.size} bytes, more than the ${maxBytes} an experiment file may have`);
    const buf = Buffer.alloc(st.size);
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, at);
      if (n === 0) break; // shrank while we read: take what is there
      at += n;
    }
    return buf.subarray(0, at).toString('utf8');
  } catch (e) {
    if (e instanceof RegularFileError) throw e;
    throw new RegularFileError((e as NodeJS.ErrnoException).code ?? (e as Error).message, { cause: e });
  } finally {
    closeSync(fd);
  }
}
