/**
 * Errors the recorder reports to the user as one line. `code` lets the CLI and the app choose an
 * exit status or a banner without parsing text.
 */
export type RecorderErrorCode =
  | 'no-adapter'
  | 'no-timestamp-query'
  | 'buffer-too-large'
  | 'device-lost'
  | 'gpu-error'
  | 'bad-parameter'
  | 'check-failed'
  | 'cancelled'
  | 'write-failed'
  | 'timeout';

export class RecorderError extends Error {
  override readonly name = 'RecorderError';
  constructor(
    readonly code: RecorderErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The first non-blank line of a (driver's, parser's) message, trimmed: errors are reported as one line. */
export function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? s
  );
}
