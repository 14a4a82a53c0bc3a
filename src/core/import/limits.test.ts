import { describe, expect, it } from 'vitest';
import { TraceFormatError } from './errors.js';
import { DEFAULT_MAX_EVENTS, HEAP_BYTES_PER_EVENT, maxEventsForHeap } from './limits.js';
import { scanTraceDocument } from './trace-scan.js';

const doc = (n: number) =>
  new TextEncoder().encode(JSON.stringify(Array.from({ length: n }, (_, i) => ({ ph: i % 2 ? 'X' : 'i', name: 'a', pid: 1, tid: 1, ts: i, dur: 1 }))));

describe('import limits', () => {
  it('keeps exactly maxEvents events and refuses one more, slices and instants counted together', () => {
    expect(scanTraceDocument(doc(4), { maxEvents: 4 }).slices.n).toBe(2);
    expect(() => scanTraceDocument(doc(5), { maxEvents: 4 })).toThrow(TraceFormatError);
    expect(() => scanTraceDocument(doc(5), { maxEvents: 4 })).toThrow('holds more than 4 events, the most Parascope analyses at once: analyse a part of it');
  });

  it('names the heap when the limit came from it', () => {
    expect(() => scanTraceDocument(doc(5), { maxEvents: 4, heapBytes: 2 ** 30 })).toThrow(
      `holds more than 4 events, more than fit in this process's memory (about ${HEAP_BYTES_PER_EVENT} bytes each in a 1.0 GiB heap)`,
    );
  });

  it('derives the limit from the heap', () => {
    expect(maxEventsForHeap(2 ** 30)).toBe(2 ** 30 / HEAP_BYTES_PER_EVENT);
    expect(DEFAULT_MAX_EVENTS).toBe(maxEventsForHeap(4 * 2 ** 30));
  });
});
