// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { fixtureStats, fixtureTrace } from '@core/testing/report-fixture';
import { renderCsv } from '@core/export/report-csv';
import { renderHtml } from '@core/export/report-html';
import { renderJson } from '@core/export/report-json';
import { toChromeTrace } from '@core/export/chrome-trace';
import type { TraceDocument } from './document';
import { buildExport, EXPORT_FORMATS, exportDocument, saveDocumentAs } from './export';
import { fakeApi } from '../testing/fake-api';

function doc(): TraceDocument {
  const trace = fixtureTrace();
  const stats = fixtureStats();
  return {
    id: 'doc-1',
    name: 'seed-parallel.json.gz',
    bytes: new Uint8Array([0x1f, 0x8b, 1, 2, 3]).buffer,
    trace,
    source: { file: 'seed-parallel.json.gz', format: 'parascope', events: 6, warnings: 0, warningSamples: [] },
    stats,
  };
}

describe('buildExport', () => {
  it('produces what the CLI renderers produce, named after the trace', () => {
    const d = doc();
    expect(buildExport(d, 'html')).toEqual({ format: 'html', suggestedName: 'seed-parallel.html', data: renderHtml(d.stats, d.trace) });
    expect(buildExport(d, 'pdf')).toEqual({ format: 'pdf', suggestedName: 'seed-parallel.pdf', data: renderHtml(d.stats, d.trace) });
    expect(buildExport(d, 'csv')).toEqual({ format: 'csv', suggestedName: 'seed-parallel.csv', data: renderCsv(d.stats) });
    expect(buildExport(d, 'json')).toEqual({ format: 'json', suggestedName: 'seed-parallel.stats.json', data: renderJson(d.stats) });
    const chrome = buildExport(d, 'chrome');
    expect(chrome.suggestedName).toBe('seed-parallel.chrome.json');
    expect(JSON.parse(chrome.data)).toEqual(JSON.parse(JSON.stringify(toChromeTrace(d.trace))));
  });

  it('covers every format the host menu can ask for', () => {
    expect(EXPORT_FORMATS.map((f) => f.format)).toEqual(['html', 'pdf', 'csv', 'json', 'chrome']);
  });
});

describe('exportDocument', () => {
  it('prints PDF through savePdf and saves everything else with save', async () => {
    const api = fakeApi();
    const d = doc();
    await exportDocument(api, d, 'pdf');
    // The trace, never HTML: the host builds the report itself (no path here: its bytes).
    expect(api.savePdf).toHaveBeenCalledWith('seed-parallel.pdf', { name: 'seed-parallel.json.gz', bytes: d.bytes });
    await exportDocument(api, { ...d, path: '/traces/seed-parallel.json.gz' }, 'pdf');
    expect(api.savePdf).toHaveBeenLastCalledWith('seed-parallel.pdf', { path: '/traces/seed-parallel.json.gz' });
    expect(api.save).not.toHaveBeenCalled();
    await exportDocument(api, d, 'csv');
    expect(api.save).toHaveBeenCalledWith('seed-parallel.csv', renderCsv(d.stats));
  });

  it('Save As writes the original bytes under the original name', async () => {
    const api = fakeApi();
    const d = doc();
    await saveDocumentAs(api, d);
    expect(vi.mocked(api.save).mock.calls[0]).toEqual(['seed-parallel.json.gz', d.bytes]);
  });
});
