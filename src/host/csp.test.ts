import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, PRINT_CONTENT_SECURITY_POLICY, withPrintCsp } from './csp.js';

const INDEX_HTML = path.resolve(import.meta.dirname, '../renderer/index.html');

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe('the content security policy', () => {
  it('is the same in the header both hosts send and in the page’s own <meta>', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(INDEX_HTML, 'utf8'))?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });

  it('closes what Electron’s security checklist names: base URI, plug-ins, form targets; scripts only from the app', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('base-uri')).toBe("'none'");
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('form-action')).toBe("'none'");
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('default-src')).toBe("'self'");
  });
});

describe('the print CSP', () => {
  it('refuses everything but inline styles and data: images', () => {
    expect(PRINT_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  });

  it('is put first in the head, before anything it governs; a fragment gets a document around it', () => {
    const meta = `<meta http-equiv="Content-Security-Policy" content="${PRINT_CONTENT_SECURITY_POLICY}">`;
    expect(withPrintCsp('<!DOCTYPE html><html><head><script>x()</script></head><body></body></html>')).toBe(
      `<!DOCTYPE html><html><head>\n${meta}<script>x()</script></head><body></body></html>`,
    );
    expect(withPrintCsp('<HEAD lang="en"><title>t</title>')).toBe(`<HEAD lang="en">\n${meta}<title>t</title>`);
    expect(withPrintCsp('<p>x</p>')).toBe(`<!DOCTYPE html><html><head>${meta}</head><body><p>x</p></body></html>`);
  });
});
