import { describe, expect, it } from 'vitest';
import { escapeRegex, parseQuery } from './search-query';

function matches(input: string, names: readonly string[]): string[] {
  const q = parseQuery(input);
  return q.kind === 'ok' ? names.filter((n) => q.test(n)) : [];
}

const NAMES = ['read y[48]', 'read y[9]', 'matmul y = x·x', 'Matmul warm-up', 'conv2d', 'a/b'];

describe('parseQuery', () => {
  it('plain text: a substring, ignoring case', () => {
    expect(matches('matmul', NAMES)).toEqual(['matmul y = x·x', 'Matmul warm-up']);
    expect(matches('  Y[4 ', NAMES)).toEqual(['read y[48]']);
    expect(matches('zzz', NAMES)).toEqual([]);
  });

  it('/…/flags: a regular expression, case-sensitive unless i', () => {
    expect(matches('/^read y\\[\\d\\]$/', NAMES)).toEqual(['read y[9]']);
    expect(matches('/^matmul/', NAMES)).toEqual(['matmul y = x·x']);
    expect(matches('/^matmul/i', NAMES)).toEqual(['matmul y = x·x', 'Matmul warm-up']);
    // Still being typed: no closing slash yet.
    expect(matches('/conv\\dd', NAMES)).toEqual(['conv2d']);
    // A slash inside that is not followed by flags belongs to the pattern.
    expect(matches('/a/b', NAMES)).toEqual(['a/b']);
  });

  it('empty input is no search; a broken regex says so in one line', () => {
    expect(parseQuery('   ').kind).toBe('empty');
    expect(parseQuery('/').kind).toBe('ok'); // a lone slash is text: names containing '/'
    expect(parseQuery('//').kind).toBe('empty');
    const bad = parseQuery('/a(/');
    expect(bad.kind).toBe('error');
    expect(bad.kind === 'error' && bad.message).toMatch(/^not a regular expression: /);
  });
});

describe('escapeRegex', () => {
  it('makes a regex that matches the name itself', () => {
    for (const name of ['read y[*]', 'a.b+c?(d)|e^$', 'x\\y/z{1}']) {
      expect(new RegExp(`^${escapeRegex(name)}$`).test(name)).toBe(true);
    }
    expect(new RegExp(`^${escapeRegex('a.c')}$`).test('abc')).toBe(false);
  });
});
