/** What every importer returns, and how it reports events it had to skip. */
import type { Trace } from '../model.js';

export type TraceFormat = 'parascope' | 'chrome' | 'pytorch';

export interface SourceInfo {
  /** The file name as the user gave it (reports show it). */
  readonly file: string;
  readonly format: TraceFormat;
  /** Events in the input (every element of traceEvents, used or not). */
  readonly events: number;
  /** Events that could not be used and were skipped. */
  readonly warnings: number;
  /** The first few reasons, for stderr / the error banner. */
  readonly warningSamples: readonly string[];
}

export interface ImportResult {
  readonly trace: Trace;
  readonly source: SourceInfo;
}
