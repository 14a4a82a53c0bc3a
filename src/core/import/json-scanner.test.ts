import { describe, expect, it } from 'vitest';
import { JsonScanner } from './json-scanner.js';

const bytes = (s: string) => new TextEncoder().encode(s);

/** Reads every string of a JSON array of strings through readStringId. */
function ids(json: string): { ids: number[]; strings: readonly string[] } {
  const sc = new JsonScanner(bytes(json));
  sc.expect(91, "'['");
  const out: number[] = [];
  for (;;) {
    out.push(sc.readStringId());
    if (sc.peek() === 93) break;
    sc.expect(44, "','");
  }
  return { ids: out, strings: sc.strings };
}

describe('JsonScanner string interning', () => {
  it('gives equal strings one id and different strings different ids, in order of first appearance', () => {
    const r = ids('["kernel_1","kernel_2","kernel_1","x","kernel_2","x","kernel_12"]');
    // kernel_1 → 0, kernel_2 → 1, x → 2 (the one-character path), kernel_12 → 3.
    expect(r.ids).toEqual([0, 1, 0, 2, 1, 2, 3]);
    expect(r.strings).toEqual(['kernel_1', 'kernel_2', 'x', 'kernel_12']);
  });

  it('keeps every id right while the table grows (5,000 distinct names, each read twice)', () => {
    // 5,000 distinct strings pass the table's first sizes (1,024 slots, at most half full) three times.
    const names = Array.from({ length: 5000 }, (_, i) => `op_${i}`);
    const r = ids(JSON.stringify([...names, ...names.toReversed()]));
    expect(r.ids.slice(0, 5000)).toEqual(names.map((_, i) => i));
    expect(r.ids.slice(5000)).toEqual(names.map((_, i) => 4999 - i));
    expect(r.strings).toEqual(names);
  });

  it('gives a raw string and an escaped spelling of it one id, whichever comes first', () => {
    // "a\u0062" is "ab": both orders end with one string, id 0.
    expect(ids('["a\\u0062","ab","ab"]').ids).toEqual([0, 0, 0]);
    expect(ids('["ab","a\\u0062","ab"]').ids).toEqual([0, 0, 0]);
    expect(ids('["ab","a\\u0062"]').strings).toEqual(['ab']);
    // The same for one character ("\u0041" is "A").
    expect(ids('["A","\\u0041"]').ids).toEqual([0, 0]);
    expect(ids('["\\u0041","A"]').ids).toEqual([0, 0]);
  });

  it('tells apart strings of the same length that differ only in the middle', () => {
    const r = ids('["abcXdef","abcYdef","abcXdef"]');
    expect(r.ids).toEqual([0, 1, 0]);
  });
});
