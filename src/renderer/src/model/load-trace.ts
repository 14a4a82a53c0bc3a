/**
 * A trace file's bytes → the model and its numbers, in the page. The host hands over bytes
 * (gzip or not) and the renderer imports and analyses them with src/core, so the app shows the
 * very numbers `parascope report` prints for the same file.
 *
 * Gzip is undone with the platform's DecompressionStream (no Node in the renderer), capped at the
 * size the CLI opens, so a hostile file costs bounded memory. Every failure becomes one line that
 * names the file, ready for the error banner.
 */
import { computeStats } from '@core/analysis/stats';
import type { Stats } from '@core/analysis/stats-types';
import { sharedTraceIndex } from '@core/analysis/trace-index';
import { TraceFormatError } from '@core/import/errors';
import { importTraceBytes } from '@core/import/index';
import type { SourceInfo } from '@core/import/types';
import type { Trace } from '@core/model';
import { withTodaysVerdicts } from '@judges';

export interface LoadedTrace {
  readonly trace: Trace;
  readonly source: SourceInfo;
  readonly stats: Stats;
}

/** The largest trace opened, uncompressed: the same bound as the CLI (src/host/trace-file.ts). */
export const MAX_TRACE_BYTES = 2 * 2 ** 30;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export async function loadTrace(data: ArrayBuffer | Uint8Array, fileName: string): Promise<LoadedTrace> {
  try {
    const raw = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (raw.length === 0) throw new TraceFormatError(`${fileName}: the file is empty`);
    const bytes = isGzip(raw) ? await gunzip(raw, fileName) : raw;
    const imported = importTraceBytes(bytes, fileName);
    // Judged afresh with today's judge, as `parascope report` judges it (docs/metrics.md).
    const trace = withTodaysVerdicts(imported.trace);
    const source = imported.source;
    // The timeline indexes the same trace (lane-index.ts): the pass and its sort are done once.
    const stats = computeStats(trace, source, sharedTraceIndex(trace));
    // For the performance benchmark (bench/timeline-perf.ts): first paint is timed from here.
    performance.mark('parascope:parsed');
    return { trace, source, stats };
  } catch (e) {
    throw new TraceFormatError(oneLineError(e, fileName));
  }
}

/** Inflates gzip, refusing output past `limit` bytes (a gzip bomb must not take the page down). */
export async function gunzip(bytes: Uint8Array, fileName: string, limit = MAX_TRACE_BYTES): Promise<Uint8Array> {
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  // Typed loosely: DOM's DecompressionStream and its stream generics differ between lib versions.
  const reader = input.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        throw new TraceFormatError(`${fileName}: inflates to more than Parascope opens (${(limit / 2 ** 30).toFixed(1)} GiB)`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof TraceFormatError) throw e;
    throw new TraceFormatError(`${fileName}: gzip data is truncated or corrupt`);
  }
  if (total === 0) throw new TraceFormatError(`${fileName}: the gzip file holds nothing`);
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * One line for the banner. TraceFormatError messages already name the file; anything else (a bug,
 * an allocation failure) is named here so the user still learns which file and why.
 */
export function oneLineError(e: unknown, fileName: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const line = message.replace(/\s*[\r\n]+\s*/g, ' ').trim() || 'unknown error';
  if (e instanceof TraceFormatError) return line;
  if (e instanceof RangeError) return `${fileName}: too large to open (${line})`;
  return line.startsWith(`${fileName}:`) ? line : `${fileName}: cannot open: ${line}`;
}
