import { describe, expect, it } from 'vitest';
import { parseCssColor, resolveCssColor } from './css-color.js';

describe('parseCssColor', () => {
  it('reads the hex forms', () => {
    expect(parseCssColor('#0072B2')).toEqual({ r: 0, g: 114, b: 178, a: 1 });
    expect(parseCssColor('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseCssColor('#11223380')).toEqual({ r: 17, g: 34, b: 51, a: 128 / 255 });
    expect(parseCssColor('#f008')).toEqual({ r: 255, g: 0, b: 0, a: 0x88 / 255 });
  });

  it('reads rgb() and rgba(), legacy and modern', () => {
    expect(parseCssColor('rgba(31, 35, 40, 0.10)')).toEqual({ r: 31, g: 35, b: 40, a: 0.1 });
    expect(parseCssColor(' rgb(9,105,218) ')).toEqual({ r: 9, g: 105, b: 218, a: 1 });
    expect(parseCssColor('rgb(1 2 3 / 50%)')).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseCssColor('rgb(100% 0% 50%)')).toEqual({ r: 255, g: 0, b: 128, a: 1 }); // 127.5 rounds up
    expect(parseCssColor('transparent')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
  });

  it('leaves other forms to the browser', () => {
    expect(parseCssColor('red')).toBeUndefined();
    expect(parseCssColor('hsl(0 100% 50%)')).toBeUndefined();
    expect(parseCssColor('#12345')).toBeUndefined();
    expect(parseCssColor('rgb(1, 2)')).toBeUndefined();
  });
});

describe('resolveCssColor', () => {
  it('parses what it can and falls back to black without a canvas (happy-dom has none)', () => {
    expect(resolveCssColor('#ffb000')).toEqual({ r: 255, g: 176, b: 0, a: 1 });
    expect(resolveCssColor('oklch(70% 0.1 200)')).toEqual({ r: 0, g: 0, b: 0, a: 1 });
  });
});
