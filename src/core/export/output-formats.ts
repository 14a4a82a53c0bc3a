/**
 * Every file Parascope writes from a trace, declared once: which command or menu offers it, how it
 * is named and labelled, its file extension and MIME type, whether it needs a printer (PDF is the
 * HTML report printed by a Chromium the host has), and the renderer that produces its text. The
 * CLI (`parascope report --format`, `parascope export --format`) takes its choices and help from
 * here, the app its export menu, its suggested file names and its renderers.
 */
import type { Stats } from '../analysis/stats-types.js';
import type { Trace } from '../model.js';
import { toChromeTrace } from './chrome-trace.js';
import { renderCsv } from './report-csv.js';
import { renderVerdictsCsv } from './report-verdicts-csv.js';
import { renderHtml } from './report-html.js';
import { renderJson } from './report-json.js';
import { renderMarkdown } from './report-md.js';

export interface OutputFormat {
  readonly id: string;
  /** The CLI command that writes it. */
  readonly command: 'report' | 'export';
  /** How `--format`'s help names it. */
  readonly help: string;
  /** The app's export menu (in the page and, `menuLabel`, in Electron's File → Export); absent: CLI only. */
  readonly app?: { readonly label: string; readonly menuLabel: string };
  /** Appended to the trace's base name for a suggested file name. */
  readonly extension: string;
  readonly mime: string;
  /** The text is HTML for the host to print to PDF (Chromium), not the file itself. */
  readonly needsPrinter: boolean;
  /** The text of the file (for a printed format, the HTML to print). */
  render(stats: Stats, trace: Trace): string;
}

/** In the order the CLI's help lists them (the app's menu has its own order, APP_EXPORT_ORDER). */
export const OUTPUT_FORMATS = [
  {
    id: 'json',
    command: 'report',
    help: 'json (parascope.stats/1)',
    app: { label: 'JSON (stats)', menuLabel: 'JSON Statistics…' },
    extension: '.stats.json',
    mime: 'application/json; charset=utf-8',
    needsPrinter: false,
    render: (stats) => renderJson(stats),
  },
  {
    id: 'csv',
    command: 'report',
    help: 'csv (op table)',
    app: { label: 'CSV (op table)', menuLabel: 'CSV Op Table…' },
    extension: '.csv',
    mime: 'text/csv; charset=utf-8',
    needsPrinter: false,
    render: (stats) => renderCsv(stats),
  },
  {
    id: 'verdicts-csv',
    command: 'report',
    help: 'verdicts-csv (one row per verdict)',
    extension: '.verdicts.csv',
    mime: 'text/csv; charset=utf-8',
    needsPrinter: false,
    render: (stats) => renderVerdictsCsv(stats),
  },
  {
    id: 'md',
    command: 'report',
    help: 'md',
    extension: '.md',
    mime: 'text/markdown; charset=utf-8',
    needsPrinter: false,
    render: (stats, trace) => renderMarkdown(stats, trace),
  },
  {
    id: 'html',
    command: 'report',
    help: 'html',
    app: { label: 'HTML report', menuLabel: 'HTML Report…' },
    extension: '.html',
    mime: 'text/html; charset=utf-8',
    needsPrinter: false,
    render: (stats, trace) => renderHtml(stats, trace),
  },
  {
    id: 'pdf',
    command: 'report',
    help: 'pdf',
    app: { label: 'PDF report', menuLabel: 'PDF Report…' },
    extension: '.pdf',
    mime: 'application/pdf',
    needsPrinter: true,
    render: (stats, trace) => renderHtml(stats, trace),
  },
  {
    id: 'chrome',
    command: 'export',
    help: 'chrome',
    app: { label: 'Chrome trace (Perfetto)', menuLabel: 'Chrome Trace…' },
    extension: '.chrome.json',
    mime: 'application/json; charset=utf-8',
    needsPrinter: false,
    render: (_stats, trace) => JSON.stringify(toChromeTrace(trace)),
  },
] as const satisfies readonly OutputFormat[];

type Declared = (typeof OUTPUT_FORMATS)[number];
export type OutputFormatId = Declared['id'];
/** What `parascope report --format` takes. */
export type ReportFormatId = Extract<Declared, { command: 'report' }>['id'];
/** What `parascope export --format` takes. */
export type ConvertFormatId = Extract<Declared, { command: 'export' }>['id'];
/** What the app's export menu offers: the source of the contract's ExportFormat. */
export type AppExportFormatId = Extract<Declared, { app: object }>['id'];

export function outputFormat(id: OutputFormatId): OutputFormat {
  return OUTPUT_FORMATS.find((f) => f.id === id)!;
}

/** The ids one CLI command takes, in declaration order. */
export function commandFormats(command: 'report'): ReportFormatId[];
export function commandFormats(command: 'export'): ConvertFormatId[];
export function commandFormats(command: OutputFormat['command']): string[] {
  return OUTPUT_FORMATS.filter((f) => f.command === command).map((f) => f.id);
}

/** The `--format` help of a CLI command: "json (parascope.stats/1), csv (op table), md, html or pdf". */
export function commandFormatsHelp(command: OutputFormat['command']): string {
  const words = OUTPUT_FORMATS.filter((f) => f.command === command).map((f) => f.help);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]!}` : (words[0] ?? '');
}

/** The order of the app's export menu: reports first, then the data, then the trace conversion. */
const APP_EXPORT_ORDER: readonly AppExportFormatId[] = ['html', 'pdf', 'csv', 'json', 'chrome'];

export type AppExportFormat = Extract<Declared, { app: object }>;

/** The app's export menu entries (the page's and Electron's File → Export), in menu order. */
export const APP_EXPORT_FORMATS: readonly AppExportFormat[] = APP_EXPORT_ORDER.map((id) =>
  (OUTPUT_FORMATS as readonly Declared[]).filter((f): f is AppExportFormat => 'app' in f).find((f) => f.id === id)!,
);
