/**
 * A frame's pixels in a typed array, put on the canvas with one putImageData. The timeline's
 * rects (row bands, grid lines, ops, search outlines) are filled here instead of as canvas paths:
 * with software rasterization (Chromium without a GPU) a canvas replays its paths when the frame
 * is committed, after the page's draw returned, and that replay grew with the number of rects —
 * ~15 ms of a slow frame at a million ops (bench/timeline-perf.ts --chrome-trace). Filling a
 * typed array costs at most the canvas's area, however many rects there are, and the canvas then
 * only copies one image.
 *
 * Coordinates are device pixels. A rect covers what a canvas fill would: whole pixels inside it,
 * and the pixels its fractional edges cross by the share they cover (as a canvas's anti-aliasing
 * does for an axis-aligned rect). Colours are blended source-over with the alpha quantized to
 * 8 bits, as the canvas quantizes a fill's alpha. Rects filled in one "union" pass blend each
 * pixel once, however many of them cover it — what one canvas path filled once does — so
 * translucent merged ops that overlap look as they did as a path.
 */
import type { Rgba } from './css-color.js';

/** Memory order of ImageData is R, G, B, A; an Int32Array over it reads that order as the platform's endianness says. */
const LITTLE_ENDIAN = new Uint8Array(new Int32Array([1]).buffer)[0] === 1;

/** The 32-bit word holding r, g, b, a (0–255 each) in ImageData's byte order. */
export function packRgba(r: number, g: number, b: number, a: number): number {
  return LITTLE_ENDIAN ? (a << 24) | (b << 16) | (g << 8) | r | 0 : (r << 24) | (g << 16) | (b << 8) | a | 0;
}

/** r, g, b, a (0–255) of a packed word. */
export function unpackRgba(p: number): [number, number, number, number] {
  return LITTLE_ENDIAN ? [p & 255, (p >>> 8) & 255, (p >>> 16) & 255, p >>> 24] : [p >>> 24, (p >>> 16) & 255, (p >>> 8) & 255, p & 255];
}

/** `src` at alpha `a` (0–1, already 8-bit quantized) over the packed pixel `dst`, source-over, non-premultiplied. */
function over(dst: number, sr: number, sg: number, sb: number, a: number): number {
  // Unpacked inline: this runs once per run of one colour in every translucent fill.
  const dr = LITTLE_ENDIAN ? dst & 255 : dst >>> 24;
  const dg = LITTLE_ENDIAN ? (dst >>> 8) & 255 : (dst >>> 16) & 255;
  const db = LITTLE_ENDIAN ? (dst >>> 16) & 255 : (dst >>> 8) & 255;
  const da = LITTLE_ENDIAN ? dst >>> 24 : dst & 255;
  if (da === 255) return packRgba(Math.round(sr * a + dr * (1 - a)), Math.round(sg * a + dg * (1 - a)), Math.round(sb * a + db * (1 - a)), 255);
  const dA = (da / 255) * (1 - a);
  const oa = a + dA;
  if (oa <= 0) return 0;
  return packRgba(Math.round((sr * a + dr * dA) / oa), Math.round((sg * a + dg * dA) / oa), Math.round((sb * a + db * dA) / oa), Math.round(oa * 255));
}

export class PixelFrame {
  width = 0;
  height = 0;
  /** The pixels as ImageData holds them (R, G, B, A bytes, not premultiplied). */
  bytes = new Uint8ClampedArray(0);
  /** The same memory, a pixel per element. */
  data = new Int32Array(0);
  /** Per pixel, the union pass that last filled it. */
  private stamp = new Uint8Array(0);
  private pass = 0;
  private union = false;
  private clipX0 = 0;
  private clipY0 = 0;
  private clipX1 = 0;
  private clipY1 = 0;
  private image: ImageData | undefined;
  /**
   * What the frame knows of its pixels without reading them, so that a translucent fill can
   * blend once per row and fill natively (a typed array's fill is several times faster than a
   * JavaScript loop over the same pixels): each row's base colour (clear, fillRowsFrom), the
   * columns where the base differs from it (baseLines), and per row the extent [lo, hi) of the
   * pixels filled since. A span outside that extent lies on the base.
   */
  private rowBase = new Int32Array(0);
  private rowLo = new Int32Array(0);
  private rowHi = new Int32Array(0);
  /**
   * Rows of one class hold the same pixels (and extents): a sub-row's bar is a dozen or more rows
   * alike, so fillSpans draws its rects into one of them and copies that row to the others.
   */
  private rowClass = new Int32Array(0);
  private nextClass = 0;
  /** Sorted, disjoint [x0, x1) pairs of columns where the base is not the row's colour. */
  private baseCols: number[] = [];
  private saved: Int32Array = new Int32Array(64);
  // The last blend over a row's base: rows of one band share it.
  private memoBase = 0;
  private memoC: Rgba | undefined;
  private memoA = -1;
  private memoTo = 0;

  /** Sizes the frame to w × h device px (its pixels are then undefined until cleared or filled); the clip is reset. */
  resize(w: number, h: number): void {
    const width = Math.max(0, Math.floor(w));
    const height = Math.max(0, Math.floor(h));
    if (width !== this.width || height !== this.height) {
      this.width = width;
      this.height = height;
      this.bytes = new Uint8ClampedArray(width * height * 4);
      this.data = new Int32Array(this.bytes.buffer);
      this.stamp = new Uint8Array(width * height);
      this.pass = 0;
      this.image = undefined;
      this.rowBase = new Int32Array(height);
      this.rowLo = new Int32Array(height);
      this.rowHi = new Int32Array(height);
      this.rowClass = new Int32Array(height);
    }
    // Until a base is set, every row counts as filled all across (fills read each pixel), and as unlike any other.
    this.rowLo.fill(0);
    this.rowHi.fill(width);
    for (let y = 0; y < height; y++) this.rowClass[y] = this.nextClass++;
    this.baseCols.length = 0;
    this.resetClip();
  }

  /** The frame as ImageData over the same memory (no copy), for putImageData; a plain look-alike where there is no ImageData (tests). */
  imageData(): ImageData {
    if (this.image === undefined) {
      this.image =
        typeof ImageData === 'function' && this.width > 0 && this.height > 0
          ? new ImageData(this.bytes, this.width, this.height)
          : ({ data: this.bytes, width: this.width, height: this.height } as unknown as ImageData);
    }
    return this.image;
  }

  /** Fills are clipped to whole device px [x0, x1) × [y0, y1), within the frame. */
  setClip(x0: number, y0: number, x1: number, y1: number): void {
    this.clipX0 = Math.max(0, Math.round(x0));
    this.clipY0 = Math.max(0, Math.round(y0));
    this.clipX1 = Math.min(this.width, Math.round(x1));
    this.clipY1 = Math.min(this.height, Math.round(y1));
  }

  resetClip(): void {
    this.setClip(0, 0, this.width, this.height);
  }

  /** Every pixel set to `c` (replacing, not blending: the canvas's clear and first fill in one). */
  clear(c: Rgba): void {
    const word = packRgba(c.r, c.g, c.b, Math.round(c.a * 255));
    this.data.fill(word);
    this.setBase(() => word);
  }

  /**
   * Every row y set to the colour of pixel y of `column` (a frame 1 px wide and as tall as this
   * one; rows past its height are left as they were), replacing. What spans the full width, as row
   * bands do, is composed once in the column and then copied: a fill per row, not a blend per pixel.
   */
  fillRowsFrom(column: PixelFrame): void {
    const w = this.width;
    const n = Math.min(this.height, column.height);
    for (let y = 0; y < n; y++) this.data.fill(column.data[y]!, y * w, (y + 1) * w);
    if (n === this.height) this.setBase((y) => column.data[y]!);
  }

  private setBase(row: (y: number) => number): void {
    this.nextClass = 0; // every row's class is given afresh here: numbering restarts each frame, never overflows
    for (let y = 0; y < this.height; y++) {
      this.rowBase[y] = row(y);
      // Rows of one base colour are alike.
      this.rowClass[y] = y > 0 && this.rowBase[y] === this.rowBase[y - 1] ? this.rowClass[y - 1]! : this.nextClass++;
    }
    this.rowLo.fill(this.width);
    this.rowHi.fill(0);
    this.baseCols.length = 0;
  }

  /**
   * Vertical lines [x0, x1) × [y0, y1) (device px; grid lines) in `c` at `alpha`, taken into the
   * base: fills after them still blend once per row, the few pixels of the lines each on their own.
   * Lines are given left to right, before any other fill since the base was set.
   */
  baseLine(x0: number, y0: number, x1: number, y1: number, c: Rgba, alpha = 1): void {
    const lo = Math.max(this.clipX0, Math.floor(x0));
    const hi = Math.min(this.clipX1, Math.ceil(x1));
    if (hi <= lo) return;
    const rowLo = this.rowLo.slice();
    const rowHi = this.rowHi.slice();
    const rowClass = this.rowClass.slice();
    this.fillRect(x0, y0, x1, y1, c, alpha);
    // The line's pixels are part of the base now, not filled since it.
    this.rowLo.set(rowLo);
    this.rowHi.set(rowHi);
    // Rows alike before are alike still if the line crossed all of them or none.
    const remap = new Map<number, number>();
    for (let y = Math.max(this.clipY0, Math.floor(y0)); y < Math.min(this.clipY1, Math.ceil(y1)); y++) {
      const k = rowClass[y]!;
      let n = remap.get(k);
      if (n === undefined) remap.set(k, (n = this.nextClass++));
      rowClass[y] = n;
    }
    this.rowClass.set(rowClass);
    const cols = this.baseCols;
    if (cols.length > 0 && lo <= cols[cols.length - 1]!) cols[cols.length - 1] = Math.max(hi, cols[cols.length - 1]!);
    else cols.push(lo, hi);
  }

  /**
   * From here until endUnion, each pixel is blended by the first rect that covers it only: the
   * rects of one canvas path filled once.
   */
  beginUnion(): void {
    this.pass++;
    if (this.pass > 255) {
      this.stamp.fill(0);
      this.pass = 1;
    }
    this.union = true;
  }

  endUnion(): void {
    this.union = false;
  }

  /** Fills [x0, x1) × [y0, y1) (device px, fractional edges covered in part) with `c` at `alpha` (0–1) times its own. */
  fillRect(x0: number, y0: number, x1: number, y1: number, c: Rgba, alpha = 1): void {
    const a = quantize(Math.min(1, Math.max(0, c.a * alpha)));
    if (a <= 0 || !(x1 > x0) || !(y1 > y0)) return;
    const fx0 = Math.max(x0, this.clipX0);
    const fx1 = Math.min(x1, this.clipX1);
    const fy0 = Math.max(y0, this.clipY0);
    const fy1 = Math.min(y1, this.clipY1);
    if (!(fx1 > fx0) || !(fy1 > fy0)) return;
    const iy0 = Math.floor(fy0);
    const iy1 = Math.ceil(fy1);
    for (let y = iy0; y < iy1; y++) this.rowClass[y] = this.nextClass++;
    if (fx0 === Math.floor(fx0) && fx1 === Math.floor(fx1) && fy0 === iy0 && fy1 === iy1) {
      // On the pixel grid (the timeline's snapped rects at an integer DPR): whole pixels only.
      for (let y = fy0; y < fy1; y++) this.span(y, fx0, fx1, c, a);
      return;
    }
    const ix0 = Math.floor(fx0);
    const ix1 = Math.ceil(fx1);
    // The columns covered whole, and the (at most two) edge columns covered in part.
    const cx0 = Math.ceil(fx0);
    const cx1 = Math.floor(fx1);
    for (let y = iy0; y < iy1; y++) {
      const cover = Math.min(fy1, y + 1) - Math.max(fy0, y);
      if (cx0 > cx1) {
        // Inside one column: one pixel covered in part.
        this.span(y, ix0, ix1, c, quantize(a * cover * (fx1 - fx0)));
        continue;
      }
      if (ix0 < cx0) this.span(y, ix0, cx0, c, quantize(a * cover * (cx0 - fx0)));
      this.span(y, cx0, cx1, c, quantize(a * cover));
      if (cx1 < ix1) this.span(y, cx1, ix1, c, quantize(a * cover * (fx1 - cx1)));
    }
  }

  /**
   * Rects that share the rows [y0, y1): [xs[2i], xs[2i + 1]) for i < n, in `c` at `alpha`, as
   * fillRect would fill them one by one. Where those rows are alike (a sub-row's bar, on its band),
   * the rects are drawn into the first row and the others copied from it: a native copy per row
   * instead of a span per rect and row. Spans are device px; fractional ones go to fillRect.
   */
  fillSpans(y0: number, y1: number, xs: ArrayLike<number>, n: number, c: Rgba, alpha = 1): void {
    const a = quantize(Math.min(1, Math.max(0, c.a * alpha)));
    const fy0 = Math.max(y0, this.clipY0);
    const fy1 = Math.min(y1, this.clipY1);
    if (a <= 0 || n <= 0 || !(fy1 > fy0)) return;
    let alike = fy0 === Math.floor(fy0) && fy1 === Math.floor(fy1);
    for (let y = fy0 + 1; alike && y < fy1; y++) alike = this.rowClass[y] === this.rowClass[fy0];
    for (let i = 0; alike && i < 2 * n; i++) alike = xs[i] === Math.floor(xs[i]!);
    if (!alike) {
      for (let i = 0; i < n; i++) this.fillRect(xs[2 * i]!, y0, xs[2 * i + 1]!, y1, c, alpha);
      return;
    }
    let lo = this.width;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const x0 = Math.max(this.clipX0, xs[2 * i]!);
      const x1 = Math.min(this.clipX1, xs[2 * i + 1]!);
      if (x1 <= x0) continue;
      this.span(fy0, x0, x1, c, a);
      if (x0 < lo) lo = x0;
      if (x1 > hi) hi = x1;
    }
    const k = this.nextClass++;
    this.rowClass[fy0] = k;
    if (hi <= lo) return;
    const w = this.width;
    const from = fy0 * w;
    for (let y = fy0 + 1; y < fy1; y++) {
      this.data.copyWithin(y * w + lo, from + lo, from + hi);
      if (this.union) this.stamp.copyWithin(y * w + lo, from + lo, from + hi);
      this.rowLo[y] = this.rowLo[fy0]!;
      this.rowHi[y] = this.rowHi[fy0]!;
      this.rowClass[y] = k;
    }
  }

  /** Pixels [x0, x1) of row y: `c` at alpha `a`. */
  private span(y: number, x0: number, x1: number, c: Rgba, a: number): void {
    if (a <= 0 || x1 <= x0) return;
    const data = this.data;
    const row = y * this.width;
    const onBase = x0 >= this.rowHi[y]! || x1 <= this.rowLo[y]!;
    if (x0 < this.rowLo[y]!) this.rowLo[y] = x0;
    if (x1 > this.rowHi[y]!) this.rowHi[y] = x1;
    // Opaque needs no blend, nor a stamp: filling a pixel twice, or blending the colour over itself, changes nothing.
    if (a >= 1) {
      fill(data, packRgba(c.r, c.g, c.b, 255), row + x0, row + x1);
      return;
    }
    if (onBase) {
      // One blend for the row's base and a fill; the base's lines under the span blended one by one.
      const cols = this.baseCols;
      let saved = 0; // the base's line pixels under the span, as (x, pixel) pairs in this.saved
      for (let i = 0; i < cols.length && cols[i]! < x1; i += 2) {
        for (let x = Math.max(x0, cols[i]!); x < Math.min(x1, cols[i + 1]!); x++) {
          if (saved + 2 > this.saved.length) this.saved = grow(this.saved);
          this.saved[saved++] = x;
          this.saved[saved++] = data[row + x]!;
        }
      }
      const base = this.rowBase[y]!;
      if (base !== this.memoBase || c !== this.memoC || a !== this.memoA) {
        this.memoBase = base;
        this.memoC = c;
        this.memoA = a;
        this.memoTo = over(base, c.r, c.g, c.b, a);
      }
      fill(data, this.memoTo, row + x0, row + x1);
      if (this.union) fillStamp(this.stamp, this.pass, row + x0, row + x1);
      for (let i = 0; i < saved; i += 2) data[row + this.saved[i]!] = over(this.saved[i + 1]!, c.r, c.g, c.b, a);
      return;
    }
    // Over what earlier fills left: each pixel read, a run of one colour blended once.
    let from = data[row + x0]!;
    let to = over(from, c.r, c.g, c.b, a);
    if (this.union) {
      const stamp = this.stamp;
      const pass = this.pass;
      for (let p = row + x0; p < row + x1; p++) {
        if (stamp[p] === pass) continue;
        stamp[p] = pass;
        const d = data[p]!;
        if (d !== from) {
          from = d;
          to = over(d, c.r, c.g, c.b, a);
        }
        data[p] = to;
      }
      return;
    }
    for (let p = row + x0; p < row + x1; p++) {
      const d = data[p]!;
      if (d !== from) {
        from = d;
        to = over(d, c.r, c.g, c.b, a);
      }
      data[p] = to;
    }
  }
}

/**
 * `array[from, to)` = `value`. A typed array's own fill is the fastest for long runs but costs a
 * call's overhead that a loop of a few elements does not (narrow merged runs are a few pixels).
 */
function fill(array: Int32Array, value: number, from: number, to: number): void {
  if (to - from > 24) {
    array.fill(value, from, to);
    return;
  }
  for (let p = from; p < to; p++) array[p] = value;
}

/** fill for the stamps (one function per array type keeps each call site monomorphic). */
function fillStamp(array: Uint8Array, value: number, from: number, to: number): void {
  if (to - from > 24) {
    array.fill(value, from, to);
    return;
  }
  for (let p = from; p < to; p++) array[p] = value;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Alpha to 8 bits, as a canvas holds coverage and alpha. */
function quantize(a: number): number {
  return Math.round(a * 255) / 255;
}
