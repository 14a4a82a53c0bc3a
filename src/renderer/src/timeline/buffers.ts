/**
 * Growable typed-array buffers that a frame fills and the renderer reads. They are created once
 * per component and cleared (not reallocated) every frame: a frame allocates nothing per op; an
 * array only grows, by doubling, the first few times a larger frame is seen.
 */

/** Records of `stride` numbers each. */
export class RecordBuffer {
  data: Float32Array;
  count = 0;

  constructor(
    readonly stride: number,
    capacity = 256,
  ) {
    this.data = new Float32Array(stride * capacity);
  }

  clear(): void {
    this.count = 0;
  }

  /** Index of a new record's first number; the caller writes `stride` numbers from there. */
  alloc(): number {
    const at = this.count * this.stride;
    if (at + this.stride > this.data.length) {
      const bigger = new Float32Array(Math.max(this.data.length * 2, this.stride * 16));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.count++;
    return at;
  }
}

/** Rects as (x, y, w, h) in canvas CSS px. */
export class RectBuffer extends RecordBuffer {
  constructor(capacity = 256) {
    super(4, capacity);
  }

  push(x: number, y: number, w: number, h: number): void {
    const i = this.alloc();
    const d = this.data;
    d[i] = x;
    d[i + 1] = y;
    d[i + 2] = w;
    d[i + 3] = h;
  }
}

/** Points as (x, y) in canvas CSS px. */
export class PointBuffer extends RecordBuffer {
  constructor(capacity = 256) {
    super(2, capacity);
  }

  push(x: number, y: number): void {
    const i = this.alloc();
    this.data[i] = x;
    this.data[i + 1] = y;
  }
}

/** Op labels: the op id and the visible part of its rect (x, y, w). Ids are kept exact in a Uint32Array. */
export class LabelBuffer {
  ids = new Uint32Array(256);
  geom = new Float32Array(256 * 3);
  count = 0;

  clear(): void {
    this.count = 0;
  }

  push(id: number, x: number, y: number, w: number): void {
    if (this.count === this.ids.length) {
      const ids = new Uint32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const geom = new Float32Array(this.geom.length * 2);
      geom.set(this.geom);
      this.geom = geom;
    }
    this.ids[this.count] = id;
    const g = this.count * 3;
    this.geom[g] = x;
    this.geom[g + 1] = y;
    this.geom[g + 2] = w;
    this.count++;
  }
}
