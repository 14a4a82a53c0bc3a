/** A problem with an input file, worded for the user: what is wrong, where. No stack needed. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}
