import { describe, expect, it } from 'vitest';
import { packRgba, PixelFrame, unpackRgba } from './pixel-frame.js';

const WHITE = { r: 255, g: 255, b: 255, a: 1 };
const BLACK = { r: 0, g: 0, b: 0, a: 1 };
const RED = { r: 255, g: 0, b: 0, a: 1 };

/** Row y of the frame as [r, g, b, a] per pixel. */
function row(px: PixelFrame, y: number): number[][] {
  return Array.from(px.data.subarray(y * px.width, (y + 1) * px.width), unpackRgba);
}

/** The green channel of each pixel of row y (red over white leaves red at 255, green and blue equal). */
function greens(px: PixelFrame, y: number): number[] {
  return row(px, y).map((p) => p[1]!);
}

function frame(w: number, h: number): PixelFrame {
  const px = new PixelFrame();
  px.resize(w, h);
  px.clear(WHITE);
  return px;
}

describe('PixelFrame', () => {
  it('keeps ImageData byte order: R, G, B, A', () => {
    const px = frame(1, 1);
    px.fillRect(0, 0, 1, 1, { r: 1, g: 2, b: 3, a: 1 });
    expect([...px.bytes]).toEqual([1, 2, 3, 255]);
    expect(unpackRgba(packRgba(10, 20, 30, 40))).toEqual([10, 20, 30, 40]);
  });

  it('fills whole pixels on the grid, and fractional edges by the share they cover', () => {
    const px = frame(5, 2);
    px.fillRect(1, 0, 4, 1, BLACK);
    expect(row(px, 0).map((p) => p[0])).toEqual([255, 0, 0, 0, 255]);
    // x 1.25 … 3.75 on row 1: pixels 1 and 3 covered 0.75 (alpha 191/255, so 255 − 191 = 64 left), 2 whole.
    px.fillRect(1.25, 1, 3.75, 2, BLACK);
    expect(row(px, 1).map((p) => p[0])).toEqual([255, 64, 0, 64, 255]);
  });

  it('covers a rect inside one column by its width', () => {
    const px = frame(3, 1);
    px.fillRect(1.2, 0, 1.7, 1, BLACK); // half a pixel: alpha 128/255
    expect(row(px, 0).map((p) => p[0])).toEqual([255, 127, 255]);
  });

  it('blends source-over at the alpha quantized to 8 bits, as a canvas fill does', () => {
    const px = frame(2, 1);
    px.fillRect(0, 0, 2, 1, RED, 0.8); // alpha 204/255: green = 255 × 51/255
    expect(row(px, 0)).toEqual([
      [255, 51, 51, 255],
      [255, 51, 51, 255],
    ]);
    px.fillRect(1, 0, 2, 1, RED, 0.8); // again over itself: 51 × 51/255 = 10.2
    expect(greens(px, 0)).toEqual([51, 10]);
  });

  it('in a union pass blends each pixel once, however many rects cover it (one canvas path)', () => {
    const px = frame(4, 1);
    px.beginUnion();
    px.fillRect(0, 0, 3, 1, RED, 0.8);
    px.fillRect(1, 0, 4, 1, RED, 0.8);
    px.endUnion();
    expect(greens(px, 0)).toEqual([51, 51, 51, 51]);
    px.beginUnion(); // a new pass: the colour blends once more
    px.fillRect(0, 0, 1, 1, RED, 0.8);
    px.endUnion();
    expect(greens(px, 0)).toEqual([10, 51, 51, 51]);
  });

  it('blends over transparent pixels as source-over does: the colour, at its alpha', () => {
    const px = new PixelFrame();
    px.resize(1, 1);
    px.clear({ r: 0, g: 0, b: 0, a: 0 });
    px.fillRect(0, 0, 1, 1, RED, 0.5);
    expect(row(px, 0)).toEqual([[255, 0, 0, 128]]);
  });

  it('clips fills to the clip rect', () => {
    const px = frame(4, 3);
    px.setClip(1, 1, 3, 3);
    px.fillRect(0, 0, 4, 3, BLACK);
    expect(row(px, 0).map((p) => p[0])).toEqual([255, 255, 255, 255]);
    expect(row(px, 1).map((p) => p[0])).toEqual([255, 0, 0, 255]);
    expect(row(px, 2).map((p) => p[0])).toEqual([255, 0, 0, 255]);
  });

  it('copies a column across the rows, and blends over those rows and their grid lines as fillRect would', () => {
    const column = frame(1, 3);
    column.fillRect(0, 1, 1, 2, { r: 0, g: 0, b: 0, a: 0.5 }); // row 1 grey
    const px = new PixelFrame();
    px.resize(4, 3);
    px.fillRowsFrom(column);
    expect(row(px, 1).map((p) => p[0])).toEqual([127, 127, 127, 127]);
    px.baseLine(2, 0, 3, 3, BLACK); // a grid line at x = 2
    px.fillRect(0, 0, 4, 3, RED, 0.8); // green: 0.2 × the base's
    expect(greens(px, 0)).toEqual([51, 51, 0, 51]);
    expect(greens(px, 1)).toEqual([25, 25, 0, 25]); // 0.2 × 127 = 25.4
    // The same pixels the slow way: the base painted with fills, the rect blended over it pixel by pixel.
    const slow = frame(4, 3);
    slow.fillRect(0, 1, 4, 2, { r: 0, g: 0, b: 0, a: 0.5 });
    slow.fillRect(2, 0, 3, 3, BLACK);
    slow.fillRect(0, 0, 4, 3, RED, 0.8);
    expect([...px.data]).toEqual([...slow.data]);
  });

  it('fills spans of one line as fillRect fills them one by one, where the rows are alike and where not', () => {
    const spans = [0, 2, 3, 5, 4, 6]; // [0,2), [3,5), [4,6): the last two overlap at x = 4
    for (const union of [false, true]) {
      const fast = frame(7, 6);
      const slow = frame(7, 6);
      // Row 4 unlike the others, so that rows 3 … 5 take the span-by-span way.
      fast.fillRect(6, 4, 7, 5, BLACK);
      slow.fillRect(6, 4, 7, 5, BLACK);
      if (union) {
        fast.beginUnion();
        slow.beginUnion();
      }
      fast.fillSpans(0, 3, spans, 3, RED, 0.8);
      fast.fillSpans(3, 6, spans, 3, RED, 0.8);
      for (const [y0, y1] of [
        [0, 3],
        [3, 6],
      ]) {
        for (let i = 0; i < 3; i++) slow.fillRect(spans[2 * i]!, y0!, spans[2 * i + 1]!, y1!, RED, 0.8);
      }
      expect([...fast.data]).toEqual([...slow.data]);
      // The overlap blended twice outside a union, once in it.
      expect(greens(fast, 0)).toEqual(union ? [51, 51, 255, 51, 51, 51, 255] : [51, 51, 255, 51, 10, 51, 255]);
    }
  });

  it('blends a span over what an earlier fill left, not over the row base', () => {
    const px = frame(4, 1);
    px.fillRect(0, 0, 2, 1, BLACK);
    px.fillRect(1, 0, 4, 1, RED, 0.8); // over black at x = 1, over white at 2 and 3
    expect(row(px, 0)).toEqual([
      [0, 0, 0, 255],
      [204, 0, 0, 255],
      [255, 51, 51, 255],
      [255, 51, 51, 255],
    ]);
  });
});
