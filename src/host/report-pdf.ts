/**
 * The HTML a PDF report is printed from, built on the host, for both hosts (host-core.ts's
 * savePdf): the page names a trace (PdfSourceOf, src/shared/api.ts), never the HTML, so what is
 * printed is always Parascope's own report — the same computeStats + renderHtml as the page's HTML
 * export and `parascope report` — and a trace's names reach it escaped by renderHtml.
 *
 * A trace named by path must be one the page may read (AllowedPaths); bytes the host never saw
 * are imported with the same reader, importer and limits as `report` (readTraceBytes: the size
 * cap and gzip inflation cap; processImportLimits: the event cap for this heap).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeStats } from '../core/analysis/stats.js';
import { renderHtml } from '../core/export/report-html.js';
import { TraceFormatError } from '../core/import/errors.js';
import { importScanned, scanTrace } from '../core/import/index.js';
import type { ImportResult } from '../core/import/types.js';
import { withTodaysVerdicts } from '../runner/experiments/judges.js';
import { safeFileName } from './file-names.js';
import type { AllowedPaths } from './host-files.js';
import { processImportLimits, readTraceBytes } from './trace-file.js';

/** The reference the page sent, checked: a path, or a name with bytes. */
type CheckedSource = { readonly path: string } | { readonly name: string; readonly bytes: Uint8Array };

function bytesOf(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** The page's reference, or a one-line error: it crossed a transport, so any value may arrive. */
export function checkPdfSource(source: unknown): CheckedSource {
  const bad = new TraceFormatError('savePdf: the report needs a trace: {path} of one the host holds, or {name, bytes}');
  if (typeof source !== 'object' || source === null) throw bad;
  const s = source as Record<string, unknown>;
  if ('path' in s) {
    if (typeof s['path'] !== 'string') throw bad;
    return { path: s['path'] };
  }
  const bytes = bytesOf(s['bytes']);
  if (typeof s['name'] !== 'string' || bytes === undefined) throw bad;
  return { name: s['name'], bytes };
}

/** Imports the trace in a file (as `name`), exactly as `report` does: same reader, limits and importer. */
async function importFile(file: string, name: string): Promise<ImportResult> {
  const bytes = await readTraceBytes(file);
  return importScanned(scanTrace(bytes, name, processImportLimits()), name);
}

/**
 * Bytes the host never saw: through a temporary file, so they meet the same size and inflation
 * checks as a file on disk; messages name the trace, not the temporary file.
 */
async function importUploaded(name: string, bytes: Uint8Array): Promise<ImportResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parascope-upload-'));
  const file = path.join(dir, safeFileName(name, 'trace.json'));
  try {
    await fs.writeFile(file, bytes);
    return await importFile(file, name);
  } catch (e) {
    if (e instanceof TraceFormatError) throw new TraceFormatError(e.message.split(file).join(name));
    throw e;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The report's HTML for the trace the page named (see the header); refusals are one line. */
export async function reportHtmlFor(source: unknown, allowed: AllowedPaths): Promise<string> {
  const checked = checkPdfSource(source);
  let result: ImportResult;
  if ('path' in checked) {
    const real = await allowed.check(checked.path);
    // Named as the page names it (the file name), as in the page's own export.
    result = await importFile(real, path.basename(checked.path));
  } else {
    result = await importUploaded(checked.name, checked.bytes);
  }
  // Judged afresh, as `parascope report` and the app judge it (docs/metrics.md).
  const trace = withTodaysVerdicts(result.trace);
  return renderHtml(computeStats(trace, result.source), trace);
}
