/**
 * An open trace: its file, its model and its numbers. Documents are plain, frozen-in-practice
 * objects marked raw: a trace holds up to millions of ops, and a Vue proxy over it would cost
 * memory and make every read in the timeline and the analyses slow. Reactivity lives one level
 * up (which documents are open, which is active), never inside a document.
 */
import { markRaw } from 'vue';
import type { Stats } from '@core/analysis/stats-types';
import type { SourceInfo } from '@core/import/types';
import type { Trace } from '@core/model';
import type { TraceFile } from '@shared/api';
import { loadTrace } from './load-trace';

export interface TraceDocument {
  /** Unique per open (the same file opened twice is two documents). */
  readonly id: string;
  /** The file name, as the host gave it. */
  readonly name: string;
  /** Where it lives on the host, when it has a path there. */
  readonly path?: string;
  /** The original bytes (gzip or not): Save As writes exactly these. */
  readonly bytes: ArrayBuffer;
  readonly trace: Trace;
  readonly source: SourceInfo;
  readonly stats: Stats;
}

let nextId = 1;

/** Imports a file's bytes into a document; throws a TraceFormatError with a one-line message. */
export async function openDocument(file: TraceFile): Promise<TraceDocument> {
  const { trace, source, stats } = await loadTrace(file.bytes, file.name);
  const doc: TraceDocument = {
    id: `doc-${nextId++}`,
    name: file.name,
    ...(file.path === undefined ? {} : { path: file.path }),
    bytes: file.bytes,
    trace: markRaw(trace),
    source: markRaw(source),
    stats: markRaw(stats),
  };
  return markRaw(doc);
}

/** The name without its trace extensions, for export file names: `run.json.gz` → `run`. */
export function baseName(name: string): string {
  const stripped = name.replace(/(\.gz)$/i, '').replace(/\.(json|trace)$/i, '');
  return stripped === '' ? 'trace' : stripped;
}

/** The latest end of anything in the trace (ops, phases), ns: where a full view of it stops. */
export function traceEnd(trace: Trace): number {
  let end = 0;
  for (const op of trace.ops) end = Math.max(end, op.start + op.dur);
  for (const p of trace.phases) end = Math.max(end, p.end);
  return end;
}
