/**
 * Exports of the active document: the same renderers as `parascope report` / `parascope export`,
 * run in the page, the result handed to the host to save. Building and saving are split so the
 * building (file names, contents) is testable without a host.
 */
import { toChromeTrace } from '@core/export/chrome-trace';
import { renderCsv } from '@core/export/report-csv';
import { renderHtml } from '@core/export/report-html';
import { renderJson } from '@core/export/report-json';
import type { ExportFormat, ParascopeApi, PdfSource } from '@shared/api';
import { baseName, type TraceDocument } from './document';

export interface ExportPayload {
  readonly format: ExportFormat;
  readonly suggestedName: string;
  /** The text to save; for PDF, the report's HTML (the host builds the same itself to print: pdfSource). */
  readonly data: string;
}

export const EXPORT_FORMATS: readonly { readonly format: ExportFormat; readonly label: string }[] = [
  { format: 'html', label: 'HTML report' },
  { format: 'pdf', label: 'PDF report' },
  { format: 'csv', label: 'CSV (op table)' },
  { format: 'json', label: 'JSON (stats)' },
  { format: 'chrome', label: 'Chrome trace (Perfetto)' },
];

export function buildExport(doc: TraceDocument, format: ExportFormat): ExportPayload {
  const base = baseName(doc.name);
  switch (format) {
    case 'html':
      return { format, suggestedName: `${base}.html`, data: renderHtml(doc.stats, doc.trace) };
    case 'pdf':
      return { format, suggestedName: `${base}.pdf`, data: renderHtml(doc.stats, doc.trace) };
    case 'csv':
      return { format, suggestedName: `${base}.csv`, data: renderCsv(doc.stats) };
    case 'json':
      return { format, suggestedName: `${base}.stats.json`, data: renderJson(doc.stats) };
    case 'chrome':
      return { format, suggestedName: `${base}.chrome.json`, data: JSON.stringify(toChromeTrace(doc.trace)) };
    default: {
      const never: never = format;
      throw new Error(`unknown export format ${String(never)}`);
    }
  }
}

/**
 * The trace a PDF report is built from, as the host knows it: by path when it has one there (the
 * host reads it again), else its bytes. Never the HTML: the host builds what it prints.
 */
export function pdfSource(doc: TraceDocument): PdfSource {
  return doc.path !== undefined ? { path: doc.path } : { name: doc.name, bytes: doc.bytes };
}

/** Builds and saves; resolves to where it went, undefined when the user cancelled. */
export async function exportDocument(api: ParascopeApi, doc: TraceDocument, format: ExportFormat): Promise<string | undefined> {
  const payload = buildExport(doc, format);
  return format === 'pdf' ? api.savePdf(payload.suggestedName, pdfSource(doc)) : api.save(payload.suggestedName, payload.data);
}

/** Save As: the original bytes, unchanged (gzip stays gzip). */
export async function saveDocumentAs(api: ParascopeApi, doc: TraceDocument): Promise<string | undefined> {
  return api.save(doc.name, doc.bytes);
}
