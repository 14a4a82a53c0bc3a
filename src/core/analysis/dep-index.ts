/**
 * The trace's dependency edges read once into typed arrays, for the analyses that walk them (the
 * critical path, slack): one pass over the edge objects instead of one per CSR built, and no
 * property lookups in the loops that follow. An edge whose end is not an op of the trace (a
 * foreign trace's stray flow, a hand-made trace) gets −1 there.
 */
import type { Trace } from '../model.js';
import { FRESH, type Alloc } from './scratch.js';

export interface DepIndex {
  readonly count: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** 1 for a `data` edge, 0 for any other kind. */
  readonly data: Uint8Array;
  /** Number of `data` edges (valid or not). */
  readonly dataCount: number;
}

export function indexDeps(trace: Trace, alloc: Alloc = FRESH): DepIndex {
  const deps = trace.deps;
  const n = trace.ops.length;
  const count = deps.length;
  const from = alloc.i32(count);
  const to = alloc.i32(count);
  const data = alloc.u8(count);
  let dataCount = 0;
  const valid = (x: number): number => (Number.isInteger(x) && x >= 0 && x < n ? x : -1);
  for (let k = 0; k < count; k++) {
    const d = deps[k]!;
    from[k] = valid(d.from);
    to[k] = valid(d.to);
    if (d.kind === 'data') {
      data[k] = 1;
      dataCount++;
    }
  }
  return { count, from, to, data, dataCount };
}
