import { describe, expect, it } from 'vitest';
import { RectBuffer } from './buffers.js';
import { outlineUnion, snappedRuns } from './rect-union.js';

const W = 300;
const H = 80;

/** Pixels covered by integer rects, as a set of "x,y" (clipped to a W × H bitmap). */
function pixels(rects: readonly (readonly [number, number, number, number])[]): Set<string> {
  const on = new Set<string>();
  for (const [x, y, w, h] of rects) {
    for (let i = Math.max(0, x); i < Math.min(W, x + w); i++) for (let j = Math.max(0, y); j < Math.min(H, y + h); j++) on.add(`${i},${j}`);
  }
  return on;
}

function list(buf: RectBuffer): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < buf.count; i++) out.push([buf.data[i * 4]!, buf.data[i * 4 + 1]!, buf.data[i * 4 + 2]!, buf.data[i * 4 + 3]!]);
  return out;
}

/** The outlines as search-draw.ts drew them before: four 2-px edges per bar. */
function naiveOutlines(bars: RectBuffer): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (const [bx, by, bw, bh] of list(bars)) {
    const x = Math.round(bx) - 2;
    const y = Math.round(by) - 2;
    const w = Math.round(Math.max(2, bw)) + 4;
    const h = Math.round(bh) + 4;
    out.push([x, y, w, 2], [x, y + h - 2, w, 2], [x, y + 2, 2, h - 4], [x + w - 2, y + 2, 2, h - 4]);
  }
  return out;
}

/** A seeded generator, so a failure is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Sub-rows of bars as lod.ts / search-draw.ts collect them: per row, one x-ordered run per kind. */
function randomBars(seed: number): RectBuffer {
  const r = rng(seed);
  const bars = new RectBuffer();
  for (let row = 0; row < 4; row++) {
    const y = 4 + row * 18 + (r() < 0.3 ? 0.4 : 0);
    for (let kind = 0; kind < 1 + Math.floor(r() * 3); kind++) {
      let x = -3 + r() * 10;
      while (x < W) {
        const w = r() < 0.7 ? r() * 3 : r() * 40;
        bars.push(x, y, w, 12);
        x += w + (r() < 0.5 ? r() * 2 : r() * 30);
      }
    }
  }
  return bars;
}

function disjoint(rects: readonly (readonly [number, number, number, number])[]): boolean {
  return (
    pixels(rects).size ===
    rects.reduce((n, [x, y, w, h]) => n + Math.max(0, Math.min(W, x + w) - Math.max(0, x)) * Math.max(0, Math.min(H, y + h) - Math.max(0, y)), 0)
  );
}

describe('outlineUnion', () => {
  it('covers exactly the pixels of the four edges around every bar, with disjoint rects', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const bars = randomBars(seed);
      const out = new RectBuffer();
      outlineUnion(bars, out);
      expect(pixels(list(out))).toEqual(pixels(naiveOutlines(bars)));
      expect(disjoint(list(out))).toBe(true);
    }
  });

  it('merges the outlines of adjacent narrow matches into a few runs', () => {
    const bars = new RectBuffer();
    for (let x = 0; x < 200; x += 1.5) bars.push(x, 10, 1.2, 12);
    const out = new RectBuffer();
    outlineUnion(bars, out);
    expect(bars.count).toBeGreaterThan(130);
    expect(out.count).toBe(3); // top, bottom, and the sides' run between them
    expect(pixels(list(out))).toEqual(pixels(naiveOutlines(bars)));
  });

  it('keeps apart outlines that do not touch, and empties the output for no bars', () => {
    const bars = new RectBuffer();
    bars.push(10, 10, 20, 12);
    bars.push(60, 10, 20, 12);
    const out = new RectBuffer();
    outlineUnion(bars, out);
    expect(out.count).toBe(8);
    outlineUnion(new RectBuffer(), out);
    expect(out.count).toBe(0);
  });
});

describe('snappedRuns', () => {
  const snapped = (buf: RectBuffer, gap: boolean): [number, number, number, number][] =>
    list(buf).map(([x, y, w, h]) => {
      const x0 = Math.round(x);
      const x1 = Math.max(x0 + 1, Math.round(x + (gap && w >= 4 ? w - 1 : w)));
      return [x0, Math.round(y), x1 - x0, Math.round(h)];
    });

  it('fills the same pixels as the rects snapped one by one, with fewer rects where they touch', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const bars = randomBars(seed);
      for (const gap of [false, true]) {
        const runs: [number, number, number, number][] = [];
        snappedRuns(bars, gap, (x, y, w, h) => runs.push([x, y, w, h]));
        expect(pixels(runs)).toEqual(pixels(snapped(bars, gap)));
        expect(runs.length).toBeLessThan(bars.count);
      }
    }
  });

  it('keeps the gap between wide own rects', () => {
    const buf = new RectBuffer();
    buf.push(0, 0, 10, 5);
    buf.push(10, 0, 10, 5);
    const runs: number[][] = [];
    snappedRuns(buf, true, (x, y, w, h) => runs.push([x, y, w, h]));
    expect(runs).toEqual([
      [0, 0, 9, 5],
      [10, 0, 9, 5],
    ]);
  });
});
