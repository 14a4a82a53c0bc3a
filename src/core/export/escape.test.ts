import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
  it('leaves other text alone, and escapes an entity once', () => {
    expect(escapeHtml('GPU1 & GPU2 · 3.64 µs')).toBe('GPU1 &amp; GPU2 · 3.64 µs');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('escapeMarkdown', () => {
  it('escapes table pipes, emphasis, code, links, HTML and entities', () => {
    expect(escapeMarkdown('"a|b*_c')).toBe('"a\\|b\\*\\_c');
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('\\<script\\>alert(1)\\</script\\>');
    expect(escapeMarkdown('[x](y) `z` ~~s~~ &amp; \\')).toBe('\\[x\\](y) \\`z\\` \\~\\~s\\~\\~ \\&amp; \\\\');
  });
  it('turns line breaks into spaces so a table row or list item stays one line', () => {
    expect(escapeMarkdown('a\nb\r\nc\rd')).toBe('a b c d');
  });
  it('escapes a leading character that would start a block', () => {
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('matmul warm-up 1.5')).toBe('matmul warm-up 1.5');
    expect(escapeMarkdown('0.1.0')).toBe('0.1.0');
  });
});
