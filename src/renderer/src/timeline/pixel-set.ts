/**
 * Which arrows a frame has already taken, by the pixels they land on: an open-addressing set of
 * arrows by their rounded end points (x1, y1, x2, y2), emptied in O(1) per frame by a generation
 * stamp (no clearing, no allocation). Sized for the arrows a frame may keep; grows when a larger bound is asked for.
 */
export class PixelSet {
  private keyA = new Int32Array(0);
  private keyB = new Int32Array(0);
  private stamp = new Uint32Array(0);
  private generation = 0;
  private mask = 0;
  private size = 0;
  private limit = 0;

  /** Empties the set, ready for up to `capacity` entries. */
  reset(capacity: number): void {
    const want = Math.max(64, 2 ** Math.ceil(Math.log2(capacity * 2 + 1)));
    if (want > this.keyA.length) {
      this.keyA = new Int32Array(want);
      this.keyB = new Int32Array(want);
      this.stamp = new Uint32Array(want);
      this.generation = 0;
    }
    this.mask = this.keyA.length - 1;
    this.limit = this.keyA.length >> 1;
    this.size = 0;
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  /** Adds the arrow's pixels; false when they were taken already (or the set is full: draw it anyway). */
  add(x1: number, y1: number, x2: number, y2: number): boolean {
    if (this.size >= this.limit) return true;
    const a = ((Math.round(x1) & 0xffff) << 16) | (Math.round(x2) & 0xffff);
    const b = ((Math.round(y1) & 0xffff) << 16) | (Math.round(y2) & 0xffff);
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      if (this.stamp[h] !== this.generation) {
        this.stamp[h] = this.generation;
        this.keyA[h] = a;
        this.keyB[h] = b;
        this.size++;
        return true;
      }
      if (this.keyA[h] === a && this.keyB[h] === b) return false;
      h = (h + 1) & this.mask;
    }
  }
}
