/**
 * Standard output that ends the process cleanly when it cannot be written: a reader that went
 * away (`parascope report … | head`: EPIPE) ends the CLI quietly with status 0, since the reader
 * took what it wanted; any other failure (`> /dev/full`: ENOSPC, EIO) is one line on stderr and
 * status 1, never a stack trace and never a silent 0 with the output lost.
 */

/** Whether standard output has failed; `exitWhenWritten` then keeps the failure's status. */
let failed: number | undefined;

function onError(e: NodeJS.ErrnoException): void {
  if (failed !== undefined) return;
  if (e.code === 'EPIPE') {
    failed = 0;
  } else {
    failed = 1;
    process.stderr.write(`parascope: cannot write to standard output: ${e.code ?? e.message}\n`);
  }
  process.exit(failed);
}

/** Installs the handler (once, at start): without one a write error is an uncaught exception. */
export function watchStdout(): void {
  process.stdout.on('error', onError);
}

/**
 * Exits with `code` once everything written to stdout has been handed to the system, so an error
 * in the last write (a file on a full disk) is seen and reported instead of lost by the exit.
 */
export function exitWhenWritten(code: number): void {
  process.stdout.write('', (e) => {
    if (e) onError(e as NodeJS.ErrnoException);
    else process.exit(failed ?? code);
  });
}
