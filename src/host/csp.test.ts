import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp.js';

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
