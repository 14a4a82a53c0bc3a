/**
 * Where the analyses' per-op typed arrays come from. `FRESH` allocates each one anew (what every
 * caller outside `computeStats` gets). `Scratch` carves them out of one ArrayBuffer made once,
 * and takes temporaries back (`mark` / `release`) so the next analysis reuses their bytes.
 *
 * Why: V8 starts a full garbage collection every time 64 MB more of ArrayBuffer memory has been
 * allocated since the last one, and a full collection marks the whole heap — at 14M events the
 * model's 2 × 14M objects, 2.2 GB, seconds each. The statistics allocate about 125 bytes of typed
 * arrays an op, so the number of those collections grew with the trace and the cost of each
 * too: five back-to-back collections after the model at 14M, one or two small ones at 1M
 * (docs/benchmarks.md). One buffer sized up front costs at most one.
 */

/** What an analysis asks for its typed arrays. Arrays are zero-filled, like `new Float64Array(n)`. */
export interface Alloc {
  f64(n: number): Float64Array;
  u32(n: number): Uint32Array;
  i32(n: number): Int32Array;
  u8(n: number): Uint8Array;
  /** A point to `release` back to: arrays handed out after it may be reused after the release. */
  mark(): number;
  /** Gives back every array handed out since `m`; the caller must not touch them after this. */
  release(m: number): void;
}

/** A new array every time; mark and release do nothing (the garbage collector frees them). */
export const FRESH: Alloc = {
  f64: (n) => new Float64Array(n),
  u32: (n) => new Uint32Array(n),
  i32: (n) => new Int32Array(n),
  u8: (n) => new Uint8Array(n),
  mark: () => 0,
  release: () => {},
};

/**
 * A bump allocator over one ArrayBuffer. Every array starts at a multiple of 8 bytes (any typed
 * array's alignment). Bytes given back are zeroed when handed out again; bytes never handed out
 * are still the buffer's own zeros. When the buffer is full (or could not be made), arrays are
 * allocated fresh: slower to collect, never wrong.
 */
export class Scratch implements Alloc {
  private readonly buf: ArrayBuffer | undefined;
  /** Next free byte. */
  private top = 0;
  /** End of the bytes ever handed out: below it, reused bytes must be zeroed. */
  private dirty = 0;

  constructor(bytes: number) {
    let buf: ArrayBuffer | undefined;
    try {
      buf = bytes > 0 ? new ArrayBuffer(align(bytes)) : undefined;
    } catch {
      buf = undefined; // too large for this engine or this moment: every array fresh, as before
    }
    this.buf = buf;
  }

  /** Bytes the buffer holds (0 when there is none). */
  get capacity(): number {
    return this.buf?.byteLength ?? 0;
  }

  /** Bytes handed out and not given back. */
  get used(): number {
    return this.top;
  }

  f64(n: number): Float64Array {
    const at = this.take(n * 8);
    return at < 0 ? new Float64Array(n) : new Float64Array(this.buf!, at, n);
  }

  u32(n: number): Uint32Array {
    const at = this.take(n * 4);
    return at < 0 ? new Uint32Array(n) : new Uint32Array(this.buf!, at, n);
  }

  i32(n: number): Int32Array {
    const at = this.take(n * 4);
    return at < 0 ? new Int32Array(n) : new Int32Array(this.buf!, at, n);
  }

  u8(n: number): Uint8Array {
    const at = this.take(n);
    return at < 0 ? new Uint8Array(n) : new Uint8Array(this.buf!, at, n);
  }

  mark(): number {
    return this.top;
  }

  release(m: number): void {
    if (m < 0 || m > this.top) throw new RangeError(`release(${m}) past the top (${this.top})`);
    this.top = m;
  }

  /** Byte offset of `bytes` zeroed bytes, or −1 when they do not fit. */
  private take(bytes: number): number {
    const buf = this.buf;
    const size = align(bytes);
    if (buf === undefined || this.top + size > buf.byteLength) return -1;
    const at = this.top;
    this.top += size;
    if (at < this.dirty) new Uint8Array(buf, at, Math.min(this.dirty, this.top) - at).fill(0);
    if (this.top > this.dirty) this.dirty = this.top;
    return at;
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
