/**
 * The host core without a transport: the file-access policy as both hosts now share it, the recent
 * files it keeps, the initial file, and the save and PDF naming rules. The recorder is not started
 * here (test/integration/serve.test.ts runs recordings through the server).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeStats } from '../core/analysis/stats.js';
import { renderHtml } from '../core/export/report-html.js';
import { importTraceBytes } from '../core/import/index.js';
import { HostCore, type HostCoreOptions } from './host-core.js';
import { HostFileError } from './host-files.js';
import { RecentFiles, SESSION_ONLY } from './recent-files.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-host-core-'));
const samplesDir = path.join(dir, 'samples');
mkdirSync(samplesDir);
const sample = path.join(samplesDir, 'a.json');
writeFileSync(sample, '{"traceEvents": []}');
const outside = path.join(dir, 'outside.json');
/** A trace whose names try markup that would read a file if it reached the printer unescaped. */
const HOSTILE_NAME = '<iframe src="file:///etc/hostname"></iframe><img src=file:///etc/passwd>';
const markupTrace = JSON.stringify({ traceEvents: [{ ph: 'X', name: HOSTILE_NAME, ts: 0, dur: 10, pid: 1, tid: 1 }] });
const markup = path.join(samplesDir, 'markup.json');
writeFileSync(markup, markupTrace);
writeFileSync(outside, '{}');

function core(extra: Partial<HostCoreOptions> = {}): { core: HostCore; changes: () => number; printed: string[] } {
  let changes = 0;
  const printed: string[] = [];
  const c = new HostCore({
    version: '9.9.9',
    resources: { samplesDir, examplesDir: path.join(dir, 'no-examples'), defaultSample: sample },
    recordingsDir: path.join(dir, 'recordings'),
    nodePath: () => process.execPath,
    recent: new RecentFiles(SESSION_ONLY),
    printPdf: async (html, file) => {
      printed.push(file);
      writeFileSync(file, `%PDF ${html}`);
    },
    onRecentChanged: () => void changes++,
    ...extra,
  });
  return { core: c, changes: () => changes, printed };
}

describe('HostCore', () => {
  it('reads by path only what the host named, and remembers what the user opened', async () => {
    const { core: c, changes } = core();
    expect(c.version()).toBe('9.9.9');
    expect((await c.openPath(sample)).path).toBe(sample);
    await expect(c.openPath(outside)).rejects.toSatisfy((e) => e instanceof HostFileError && e.problem === 'denied');
    await expect(c.openPath(`${samplesDir}/../outside.json`)).rejects.toThrow(/'\.\.' is not allowed/);
    const opened = await c.openChosen(outside);
    expect(new TextDecoder().decode(opened.bytes)).toBe('{}');
    expect((await c.openPath(outside)).name).toBe('outside.json');
    expect(c.recentFiles()).toEqual([outside, sample]);
    expect(changes()).toBe(3);
    c.clearRecent();
    expect(c.recentFiles()).toEqual([]);
  });

  it('starts with the command-line file (remembered), else the default sample, else nothing', async () => {
    const withFile = core({ commandLineFile: outside }).core;
    expect((await withFile.initialFile())?.path).toBe(outside);
    expect(withFile.recentFiles()).toEqual([outside]);
    expect((await core().core.initialFile())?.path).toBe(sample);
    const bare = core({ resources: { samplesDir, examplesDir: dir, defaultSample: path.join(dir, 'none.json') } }).core;
    expect(await bare.initialFile()).toBeUndefined();
  });

  it('saves under a safe name where the host chooses, and PDFs as .pdf', async () => {
    const { core: c, printed } = core();
    const asked: string[] = [];
    const into = (name: string) => {
      asked.push(name);
      return Promise.resolve(path.join(dir, name));
    };
    const saved = await c.save('../../.hidden', new TextEncoder().encode('x').buffer, into);
    expect(asked).toEqual(['parascope-export']);
    expect(readFileSync(saved, 'utf8')).toBe('x');
    expect(await c.save('kept.txt', 'y', () => Promise.resolve(undefined))).toBeUndefined();
    expect(existsSync(path.join(dir, 'kept.txt'))).toBe(false);
    await expect(c.save('z', 3, into)).rejects.toThrow(/string or an ArrayBuffer/);

    const pdf = await c.savePdf('report', { path: markup }, into);
    expect(pdf).toBe(path.join(dir, 'report.pdf'));
    expect(printed).toEqual([pdf]);
    expect(asked.at(-1)).toBe('report.pdf');
    // What is printed is the page's own HTML export of that trace, built on the host.
    const { trace, source } = importTraceBytes(new TextEncoder().encode(markupTrace), 'markup.json');
    expect(readFileSync(pdf, 'utf8')).toBe(`%PDF ${renderHtml(computeStats(trace, source), trace)}`);
    // A trace's names reach the printer escaped: no element of theirs is in the HTML.
    expect(readFileSync(pdf, 'utf8')).not.toMatch(/<iframe|<img/);
    expect(readFileSync(pdf, 'utf8')).toContain('&lt;iframe');
    // Bytes the host never saw: the same report, named by the page.
    const uploaded = await c.savePdf('up', { name: 'markup.json', bytes: new TextEncoder().encode(markupTrace).buffer }, into);
    expect(readFileSync(uploaded, 'utf8')).toBe(readFileSync(pdf, 'utf8'));
    // Never HTML from the page; never a file the page may not read; nothing printed for either.
    await expect(c.savePdf('x', 42, into)).rejects.toThrow(/the report needs a trace/);
    await expect(c.savePdf('x', '<iframe src="file:///etc/hostname">', into)).rejects.toThrow(/the report needs a trace/);
    await expect(c.savePdf('x', { path: outside }, into)).rejects.toSatisfy((e) => e instanceof HostFileError && e.problem === 'denied');
    await expect(c.savePdf('x', { name: 'junk.json', bytes: new Uint8Array([0x1f, 0x8b, 1, 2]) }, into)).rejects.toThrow(
      /^junk\.json: gzip data is truncated or corrupt$/,
    );
    expect(printed).toEqual([pdf, uploaded]);
  });
});
