/**
 * Exports of the active document: the same renderers as `parascope report` / `parascope export`,
 * run in the page, the result handed to the host to save. Building and saving are split so the
 * building (file names, contents) is testable without a host.
 */
import { APP_EXPORT_FORMATS, outputFormat, type AppExportFormatId } from '@core/export/output-formats';
import type { ExportFormat, ParascopeApi, PdfSource } from '@shared/api';
import { baseName, type TraceDocument } from './document';

/** The contract's ExportFormat is exactly what the registry offers the app: a format added to one and not the other is a type error. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exportFormatsAgree: Same<ExportFormat, AppExportFormatId> = true;
void exportFormatsAgree;

export interface ExportPayload {
  readonly format: ExportFormat;
  readonly suggestedName: string;
  /** The text to save; for PDF, the report's HTML (the host builds the same itself to print: pdfSource). */
  readonly data: string;
}

/** The export menu (core/export/output-formats.ts), as the top bar lists it. */
export const EXPORT_FORMATS: readonly { readonly format: ExportFormat; readonly label: string }[] = APP_EXPORT_FORMATS.map((f) => ({
  format: f.id,
  label: f.app.label,
}));

export function buildExport(doc: TraceDocument, format: ExportFormat): ExportPayload {
  const f = outputFormat(format);
  return { format, suggestedName: `${baseName(doc.name)}${f.extension}`, data: f.render(doc.stats, doc.trace) };
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
  const f = outputFormat(format);
  // A printed report is built by the host from the trace (never HTML from the page): nothing to render here.
  if (f.needsPrinter) return api.savePdf(`${baseName(doc.name)}${f.extension}`, pdfSource(doc));
  const payload = buildExport(doc, format);
  return api.save(payload.suggestedName, payload.data);
}

/** Save As: the original bytes, unchanged (gzip stays gzip). */
export async function saveDocumentAs(api: ParascopeApi, doc: TraceDocument): Promise<string | undefined> {
  return api.save(doc.name, doc.bytes);
}
