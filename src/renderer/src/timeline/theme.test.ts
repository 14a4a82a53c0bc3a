import { describe, expect, it } from 'vitest';
import { KIND_COLORS } from '@core/vocabulary/op-kinds.js';
import { DARK, LIGHT, textOn, themeFrom } from './theme.js';

describe('themeFrom', () => {
  it('falls back to the light or dark defaults and the report palette', () => {
    expect(themeFrom(() => '', false).background).toBe(LIGHT.background);
    expect(themeFrom(() => undefined, true).background).toBe(DARK.background);
    expect(themeFrom(() => undefined, true).kinds).toEqual(KIND_COLORS);
  });

  it('reads the timeline variables first, then the app ones', () => {
    const vars: Record<string, string> = { '--bg': ' #101010 ', '--fg': '#eeeeee', '--timeline-fg': '#ffffff', '--transfer': '#ff0000' };
    const t = themeFrom((name) => vars[name], true);
    expect(t.background).toBe('#101010');
    expect(t.foreground).toBe('#ffffff');
    expect(t.kinds.transfer).toBe('#ff0000');
    expect(t.kindText.transfer).toBe('#111111');
  });
});

describe('textOn', () => {
  it('picks the more readable of black and white', () => {
    expect(textOn('#0072B2')).toBe('#ffffff');
    expect(textOn('#E69F00')).toBe('#111111');
    expect(textOn('#fff')).toBe('#111111');
    expect(textOn('rgb(0, 0, 0)')).toBe('#ffffff');
  });
});
