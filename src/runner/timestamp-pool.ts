/**
 * Timestamp query slots for one device, sized and recycled so that runs of any length work.
 *
 * A query set holds `capacity` timestamps (WebGPU caps a set at 4096). Ops take slots while they
 * are encoded; when a set is full it is sealed, and once every command buffer that writes into it
 * has been submitted, a small resolve + copy is submitted and the set's read-back buffer mapped.
 * When the values arrive they are copied into the set's current `Batch` and the set goes back to
 * the free list. Ops keep a reference to their batch, not the set, so reuse cannot clobber them.
 */
import { RecorderError } from './errors.js';

export class Batch {
  values: BigUint64Array | undefined;
}

export interface Slot {
  readonly batch: Batch;
  readonly index: number;
  readonly querySet: GPUQuerySet;
}

interface QuerySetEntry {
  readonly querySet: GPUQuerySet;
  readonly resolveBuffer: GPUBuffer;
  readonly readBuffer: GPUBuffer;
  batch: Batch;
  used: number;
  /** Slots handed out whose command buffers have not been submitted yet. */
  unsubmitted: number;
  sealed: boolean;
}

export const MAX_QUERIES_PER_SET = 4096;

// WebGPU's flag values (the spec's): inside a profiled program WebGPU's globals need not exist.
const USAGE_MAP_READ = 0x0001;
const USAGE_COPY_SRC = 0x0004;
const USAGE_COPY_DST = 0x0008;
const USAGE_QUERY_RESOLVE = 0x0200;
const MAP_MODE_READ = 0x0001;

export class TimestampPool {
  private readonly free: QuerySetEntry[] = [];
  private current: QuerySetEntry | undefined;
  private readonly sealed: QuerySetEntry[] = [];
  private readonly readbacks = new Set<Promise<void>>();
  /** The set each not-yet-read batch lives in. */
  private readonly setOfBatch = new Map<Batch, QuerySetEntry>();
  private created = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly capacity = MAX_QUERIES_PER_SET,
    /** Called with each batch once its values have arrived (the profiler streams them out as they come). */
    private readonly onRead?: (batch: Batch) => void,
  ) {
    if (capacity < 2 || capacity > MAX_QUERIES_PER_SET || capacity % 2 !== 0) {
      throw new RecorderError('bad-parameter', `query set capacity must be an even number in 2..${MAX_QUERIES_PER_SET}`);
    }
  }

  /** How many query sets this pool ever created (recycling keeps it small). */
  get setsCreated(): number {
    return this.created;
  }

  /** Takes `count` consecutive slots (2 for a begin/end pair), sealing a full set. */
  take(count: number): Slot {
    let set = this.current;
    if (!set || set.used + count > this.capacity) {
      if (set) this.seal(set);
      set = this.current = this.free.pop() ?? this.createSet();
    }
    const index = set.used;
    set.used += count;
    set.unsubmitted += count;
    this.setOfBatch.set(set.batch, set);
    return { batch: set.batch, index, querySet: set.querySet };
  }

  /** Called once the command buffers holding these slots were submitted. */
  submitted(slots: readonly { slot: Slot; count: number }[]): void {
    for (const { slot, count } of slots) {
      const set = this.setOfBatch.get(slot.batch);
      if (set) set.unsubmitted -= count;
    }
    this.resolveReady();
  }

  /**
   * Seals the set being filled (if it holds any slot) and resolves what is ready, without waiting:
   * the profiler calls it now and then so that a program that crashes loses only its last moments.
   */
  flush(): void {
    if (this.current && this.current.used > 0) {
      this.seal(this.current);
      this.current = undefined;
    }
    this.resolveReady();
  }

  /**
   * Seals the set being filled, resolves everything, and waits for all values to arrive.
   * `force`: also resolve sets whose slots were never submitted (a profiled program may encode
   * work it never submits; those slots read as whatever the set held, and nobody reads them).
   */
  async drain(force = false): Promise<void> {
    if (this.current && this.current.used > 0) {
      this.seal(this.current);
      this.current = undefined;
    }
    if (force) for (const s of this.sealed) s.unsubmitted = 0;
    this.resolveReady();
    if (this.sealed.length > 0) {
      throw new Error(`${this.sealed.length} timestamp query set(s) still have unsubmitted command buffers`);
    }
    await Promise.all([...this.readbacks]);
  }

  /** Settles when every read-back started so far has arrived (or failed). */
  inFlight(): Promise<unknown> {
    return Promise.allSettled([...this.readbacks]);
  }

  private createSet(): QuerySetEntry {
    this.created++;
    const bytes = this.capacity * 8;
    return {
      querySet: this.device.createQuerySet({ type: 'timestamp', count: this.capacity, label: `parascope-timestamps-${this.created}` }),
      resolveBuffer: this.device.createBuffer({ size: bytes, usage: USAGE_QUERY_RESOLVE | USAGE_COPY_SRC }),
      readBuffer: this.device.createBuffer({ size: bytes, usage: USAGE_MAP_READ | USAGE_COPY_DST }),
      batch: new Batch(),
      used: 0,
      unsubmitted: 0,
      sealed: false,
    };
  }

  private seal(set: QuerySetEntry): void {
    set.sealed = true;
    this.sealed.push(set);
  }

  private resolveReady(): void {
    const ready = this.sealed.filter((s) => s.unsubmitted === 0);
    if (ready.length === 0) return;
    const enc = this.device.createCommandEncoder({ label: 'parascope-resolve-timestamps' });
    for (const s of ready) {
      enc.resolveQuerySet(s.querySet, 0, s.used, s.resolveBuffer, 0);
      enc.copyBufferToBuffer(s.resolveBuffer, 0, s.readBuffer, 0, s.used * 8);
    }
    this.device.queue.submit([enc.finish()]);
    for (const s of ready) {
      this.sealed.splice(this.sealed.indexOf(s), 1);
      const p: Promise<void> = this.readBack(s).finally(() => this.readbacks.delete(p));
      p.catch(() => undefined); // drain() reports it; nobody else may be awaiting (a profiled program must not crash on it)
      this.readbacks.add(p);
    }
  }

  private async readBack(set: QuerySetEntry): Promise<void> {
    const bytes = set.used * 8;
    await set.readBuffer.mapAsync(MAP_MODE_READ, 0, bytes);
    set.batch.values = new BigUint64Array(set.readBuffer.getMappedRange(0, bytes).slice(0));
    set.readBuffer.unmap();
    this.setOfBatch.delete(set.batch);
    this.onRead?.(set.batch);
    set.batch = new Batch();
    set.used = 0;
    set.unsubmitted = 0;
    set.sealed = false;
    this.free.push(set);
  }

  destroy(): void {
    for (const s of [this.current, ...this.free, ...this.sealed]) {
      if (!s) continue;
      s.querySet.destroy();
      s.resolveBuffer.destroy();
      s.readBuffer.destroy();
    }
  }
}
