import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStats, fixtureTrace } from '../core/testing/report-fixture.js';
import { renderHtml } from '../core/export/report-html.js';
import { NO_CHROMIUM_MESSAGE, findChromium, htmlToPdf, resolveChromium } from './pdf.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-pdf-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Our temp folders in the system temp dir, to check that none is left behind. */
function pdfTempDirs(): string[] {
  return readdirSync(os.tmpdir()).filter((n) => n.startsWith('parascope-pdf-') && !n.startsWith('parascope-pdf-test-'));
}

/** A stand-in for Chromium: a shell script with the given body (it gets Chromium's arguments). */
function fakeChromium(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Writes `content` to the --print-to-pdf= file, as Chromium would. */
function writesPdf(content: string): string {
  return `for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%s' "${content}" > "\${a#--print-to-pdf=}";; esac; done`;
}

describe('resolveChromium', () => {
  it('returns the first candidate that is an executable file', () => {
    const exe = fakeChromium('chromium-ok', 'exit 0');
    const plain = path.join(dir, 'not-executable');
    writeFileSync(plain, '');
    chmodSync(plain, 0o644);
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect(resolveChromium([path.join(dir, 'missing'), plain, folder, exe])).toBe(exe);
    expect(resolveChromium([path.join(dir, 'missing'), plain, folder, ''])).toBeUndefined();
    expect(resolveChromium([])).toBeUndefined();
  });
});

describe('findChromium', () => {
  it('prefers PARASCOPE_CHROMIUM when it is an executable file', () => {
    const exe = fakeChromium('my-chromium', 'exit 0');
    expect(findChromium({ PARASCOPE_CHROMIUM: exe, PATH: '' })).toBe(exe);
  });

  it('skips PARASCOPE_CHROMIUM when it is not executable, and finds the names on PATH', () => {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const found = findChromium({ PARASCOPE_CHROMIUM: path.join(dir, 'nonexistent'), PATH: bin });
    expect(found).not.toBe(path.join(dir, 'nonexistent'));
    const onPath = path.join(bin, 'google-chrome-stable');
    writeFileSync(onPath, '#!/bin/sh\n');
    chmodSync(onPath, 0o755);
    const again = findChromium({ PARASCOPE_CHROMIUM: path.join(dir, 'nonexistent'), PATH: bin });
    // A system Chromium in /usr/bin comes first; otherwise the one on PATH.
    expect(again === onPath || again?.startsWith('/usr/bin/')).toBe(true);
  });
});

describe('htmlToPdf', () => {
  it('keeps the exact message for a missing Chromium', () => {
    expect(NO_CHROMIUM_MESSAGE).toBe('no Chromium found for PDF export: install chromium (Debian: apt-get install chromium) or set PARASCOPE_CHROMIUM');
  });

  it('rejects with one line and leaves no file when Chromium cannot run', async () => {
    const before = pdfTempDirs();
    const out = path.join(dir, 'none.pdf');
    const err = await htmlToPdf('<p>x</p>', out, { chromium: '/nonexistent' }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('PDF export failed: /nonexistent not found');
    expect(existsSync(out)).toBe(false);
    expect(pdfTempDirs()).toEqual(before);
  });

  it('reports a failing Chromium in one line, with the reason from its stderr', async () => {
    const chromium = fakeChromium('failing', 'echo "[1:1:ERROR:foo.cc] Cannot open display" >&2\necho "  more noise" >&2\nexit 3');
    const out = path.join(dir, 'failing.pdf');
    const err = (await htmlToPdf('<p>x</p>', out, { chromium }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('PDF export failed: Chromium exited with code 3: [1:1:ERROR:foo.cc] Cannot open display');
    expect(err.message).not.toContain('\n');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects output that is not a PDF and keeps an existing file as it was', async () => {
    const chromium = fakeChromium('not-pdf', writesPdf('<html>oops</html>'));
    const out = path.join(dir, 'kept.pdf');
    writeFileSync(out, 'old');
    const err = (await htmlToPdf('<p>x</p>', out, { chromium }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^PDF export failed: .* wrote 17 bytes that are not a PDF$/);
    expect(readFileSync(out, 'utf8')).toBe('old');
  });

  it('kills a Chromium that hangs and says it timed out', async () => {
    const chromium = fakeChromium('hangs', 'sleep 30');
    const before = pdfTempDirs();
    const t0 = Date.now();
    const err = (await htmlToPdf('<p>x</p>', path.join(dir, 'hang.pdf'), { chromium, timeoutMs: 300 }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('PDF export failed: Chromium timed out after 300 ms');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(pdfTempDirs()).toEqual(before);
  });

  it('moves a good PDF into place, replacing the old file, with nothing else left', async () => {
    const chromium = fakeChromium('good', writesPdf(`%PDF-1.4 ${'x'.repeat(2000)}`));
    const outDir = path.join(dir, 'good-out');
    mkdirSync(outDir);
    const out = path.join(outDir, 'r.pdf');
    writeFileSync(out, 'old');
    await htmlToPdf('<p>x</p>', out, { chromium });
    expect(readFileSync(out, 'latin1').startsWith('%PDF-1.4')).toBe(true);
    expect(readdirSync(outDir)).toEqual(['r.pdf']);
  });

  const real = findChromium();
  it.skipIf(!real)(
    `prints the HTML report with the real Chromium${real ? '' : ' (skipped: no Chromium on this machine; install chromium or set PARASCOPE_CHROMIUM)'}`,
    async () => {
      const before = pdfTempDirs();
      const outDir = path.join(dir, 'real');
      mkdirSync(outDir);
      const out = path.join(outDir, 'report.pdf');
      await htmlToPdf(renderHtml(fixtureStats(), fixtureTrace()), out);
      const pdf = readFileSync(out);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
      expect(readdirSync(outDir)).toEqual(['report.pdf']);
      expect(pdfTempDirs()).toEqual(before);
    },
  );

  it.skipIf(!real)('prints no script and nothing from file:// or the network, whatever the HTML names', async () => {
    // Counts every request that reaches this machine's loopback on its port.
    const hits: string[] = [];
    const server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      // A local file that, were it framed, would say so on the network and add pages of text.
      const leak = path.join(dir, 'leak.html');
      writeFileSync(leak, `<img src="http://127.0.0.1:${port}/from-file"><p>${'secret '.repeat(20_000)}</p>`);
      const lines = '<p>line lorem ipsum dolor sit amet</p>'.repeat(3000);
      const html = [
        '<!DOCTYPE html><html><head><title>t</title></head><body><h1>report</h1>',
        `<iframe src="file://${leak}"></iframe>`,
        '<iframe src="file:///etc/hostname"></iframe><img src="file:///etc/passwd">',
        `<img src="http://127.0.0.1:${port}/img"><link rel="stylesheet" href="http://localhost:${port}/css">`,
        `<script>document.body.insertAdjacentHTML('beforeend', ${JSON.stringify(lines)}); fetch('http://127.0.0.1:${port}/fetch');</script>`,
        '</body></html>',
      ].join('');
      const out = path.join(dir, 'hostile.pdf');
      await htmlToPdf(html, out);
      expect(hits).toEqual([]);
      // The script's 3,000 lines or the framed file's text would make it hundreds of kB (one page is a few).
      expect(readFileSync(out).length).toBeLessThan(60_000);
    } finally {
      server.close();
    }
  });
});
