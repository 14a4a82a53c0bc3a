/**
 * How many events one import may keep: a bound on memory, checked while scanning, so that a small
 * gzip file inflating to tens of millions of tiny events is refused with one line at the limit
 * instead of running the process into the JavaScript heap limit (an abort, after minutes).
 *
 * The model and the statistics need about 125–200 bytes of heap per event (measured on this
 * project's machines, 2026-12-02: a 2,000,000-event trace of tiny slices could not be reported in a
 * 250 MiB heap and could in 400 MiB); 256 bytes leaves room for the reports. Typed-array columns
 * and the file's own bytes live outside the heap and are bounded by MAX_TRACE_BYTES on the host.
 */
export const HEAP_BYTES_PER_EVENT = 256;

/** The limit where the heap size is not known (a browser without performance.memory): a 4 GiB heap's. */
export const DEFAULT_MAX_EVENTS = Math.floor((4 * 2 ** 30) / HEAP_BYTES_PER_EVENT);

/** The events a heap of `heapBytes` can take through import and analysis. */
export function maxEventsForHeap(heapBytes: number): number {
  return Math.max(1, Math.floor(heapBytes / HEAP_BYTES_PER_EVENT));
}

export interface ImportLimits {
  /** Slices, instants and flow points kept, together; more is refused. */
  readonly maxEvents: number;
  /** The heap the limit was computed from, for the message; absent when it is the default. */
  readonly heapBytes?: number;
}
