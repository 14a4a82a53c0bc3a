import { describe, expect, it } from 'vitest';
import { searchBoxKey, timelineFindKey } from './find-keys.js';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('timelineFindKey', () => {
  it('maps the search, zoom-to-selection and help keys', () => {
    expect(timelineFindKey(key('/'))).toBe('find');
    expect(timelineFindKey(key('f', { ctrlKey: true }))).toBe('find');
    expect(timelineFindKey(key('F', { metaKey: true, shiftKey: true }))).toBe('find');
    expect(timelineFindKey(key('Enter'))).toBe('next');
    expect(timelineFindKey(key('Enter', { shiftKey: true }))).toBe('previous');
    expect(timelineFindKey(key('z'))).toBe('zoom-selection');
    expect(timelineFindKey(key('?', { shiftKey: true }))).toBe('shortcuts');
  });

  it('leaves the navigation keys and the system shortcuts alone', () => {
    for (const k of ['w', 'a', 's', 'd', 'f', 'Escape', 'ArrowUp']) expect(timelineFindKey(key(k))).toBeUndefined();
    expect(timelineFindKey(key('z', { ctrlKey: true }))).toBeUndefined(); // undo, elsewhere
    expect(timelineFindKey(key('/', { altKey: true }))).toBeUndefined();
  });
});

describe('searchBoxKey', () => {
  it('Enter steps, Escape clears the text and then leaves', () => {
    expect(searchBoxKey(key('Enter'), true)).toBe('next');
    expect(searchBoxKey(key('Enter', { shiftKey: true }), true)).toBe('previous');
    expect(searchBoxKey(key('Escape'), true)).toBe('clear');
    expect(searchBoxKey(key('Escape'), false)).toBe('leave');
    expect(searchBoxKey(key('a'), true)).toBeUndefined();
  });
});
