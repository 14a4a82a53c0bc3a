import { describe, expect, it } from 'vitest';
import { fixtureStats, fixtureTrace } from '../testing/report-fixture.js';
import { APP_EXPORT_FORMATS, commandFormats, commandFormatsHelp, OUTPUT_FORMATS, outputFormat } from './output-formats.js';
import { renderMarkdown } from './report-md.js';

describe('output formats', () => {
  it('gives each CLI command its choices and help in the order the CLI always listed them', () => {
    expect(commandFormats('report')).toEqual(['json', 'csv', 'verdicts-csv', 'md', 'html', 'pdf']);
    expect(commandFormatsHelp('report')).toBe('json (parascope.stats/1), csv (op table), verdicts-csv (one row per verdict), md, html or pdf');
    expect(commandFormats('export')).toEqual(['chrome']);
  });

  it("lists the app's export menu with its labels and file names", () => {
    expect(APP_EXPORT_FORMATS.map((f) => [f.id, f.app.label, f.app.menuLabel, f.extension])).toEqual([
      ['html', 'HTML report', 'HTML Report…', '.html'],
      ['pdf', 'PDF report', 'PDF Report…', '.pdf'],
      ['csv', 'CSV (op table)', 'CSV Op Table…', '.csv'],
      ['json', 'JSON (stats)', 'JSON Statistics…', '.stats.json'],
      ['chrome', 'Chrome trace (Perfetto)', 'Chrome Trace…', '.chrome.json'],
    ]);
  });

  it('only PDF needs a printer, and it prints the HTML report', () => {
    expect(OUTPUT_FORMATS.filter((f) => f.needsPrinter).map((f) => f.id)).toEqual(['pdf']);
    const stats = fixtureStats();
    const trace = fixtureTrace();
    expect(outputFormat('pdf').render(stats, trace)).toBe(outputFormat('html').render(stats, trace));
    expect(outputFormat('md').render(stats, trace)).toBe(renderMarkdown(stats, trace));
    expect(outputFormat('pdf').mime).toBe('application/pdf');
  });
});
