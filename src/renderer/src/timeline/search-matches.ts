/**
 * Search over a trace's op names, fast at 1,000,000 ops (issue 13 item 4): names are interned
 * once per trace into a name id per op (a Uint32Array), so a query tests each distinct name once
 * — a million ops of fifty names cost fifty regex tests — and then gathers the matching ops with
 * one pass over typed arrays. No per-op object is made or visited.
 *
 * The matches are kept twice: in time order (start, then id), for next/previous and "3 of 17";
 * and in the groups of the timeline's index (lane, depth, kind; lane-index.ts), with their start
 * and end times, so a frame finds the matches in view by binary search like the ops themselves.
 */
import type { Trace } from '@core/model.js';
import { lowerBound, upperBound, type TimelineIndex } from './lane-index.js';

export interface NameIndex {
  /** Distinct op names, in order of first appearance. */
  readonly names: readonly string[];
  /** By op id: index into `names`. */
  readonly nameOf: Uint32Array;
  /** Op ids by (start, id). */
  readonly order: Uint32Array;
}

export function buildNameIndex(trace: Trace, index: TimelineIndex): NameIndex {
  const n = index.opCount;
  const ids = new Map<string, number>();
  const names: string[] = [];
  const nameOf = new Uint32Array(n);
  const ops = trace.ops;
  for (let i = 0; i < n; i++) {
    const name = ops[i]!.name;
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
    }
    nameOf[i] = id;
  }
  return { names, nameOf, order: index.order };
}

/** Which names match: one flag per name of `names`. */
export function nameMask(names: NameIndex, test: (name: string) => boolean): Uint8Array {
  const mask = new Uint8Array(names.names.length);
  names.names.forEach((name, i) => {
    if (test(name)) mask[i] = 1;
  });
  return mask;
}

export interface SearchMatches {
  readonly count: number;
  /** Matching op ids in time order (start, then id). */
  readonly ids: Uint32Array;
  /** By op id: position in `ids`, or −1 (empty when nothing matches). */
  readonly rankOf: Int32Array;
  /** Aligned with the timeline index's groups: group g's matches are [groupStart[g], groupStart[g + 1]) of start/end. */
  readonly groupStart: Uint32Array;
  /** Start and end of each match, grouped as above, by start within a group. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Prefix maximum of `end` within the group: the first visible match is a binary search away. */
  readonly maxEnd: Float64Array;
}

/** The ops whose name is flagged in `mask`, of kind index `kind` only when given. */
export function findMatches(names: NameIndex, index: TimelineIndex, mask: Uint8Array, kind?: number): SearchMatches {
  const n = index.opCount;
  const { nameOf } = names;
  // One flag per op, in one pass; the passes below read it instead of the name and kind again.
  const hit = new Uint8Array(n);
  let count = 0;
  if (kind === undefined) {
    for (let i = 0; i < n; i++) {
      const h = mask[nameOf[i]!]!;
      hit[i] = h;
      count += h;
    }
  } else {
    const kinds = index.opKind;
    for (let i = 0; i < n; i++) {
      const h = kinds[i] === kind ? mask[nameOf[i]!]! : 0;
      hit[i] = h;
      count += h;
    }
  }
  const groups = index.groupStart.length - 1;
  if (count === 0) {
    const none = new Float64Array(0);
    return { count, ids: new Uint32Array(0), rankOf: new Int32Array(0), groupStart: new Uint32Array(groups + 1), start: none, end: none, maxEnd: none };
  }

  const ids = new Uint32Array(count);
  const rankOf = new Int32Array(n).fill(-1);
  const order = names.order;
  for (let r = 0, k = 0; r < n; r++) {
    const id = order[r]!;
    if (hit[id] === 0) continue;
    rankOf[id] = k;
    ids[k++] = id;
  }

  const groupStart = new Uint32Array(groups + 1);
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const maxEnd = new Float64Array(count);
  let k = 0;
  for (let g = 0; g < groups; g++) {
    groupStart[g] = k;
    let m = -Infinity;
    for (let p = index.groupStart[g]!; p < index.groupStart[g + 1]!; p++) {
      if (hit[index.ids[p]!] === 0) continue;
      const e = index.end[p]!;
      start[k] = index.start[p]!;
      end[k] = e;
      if (e > m) m = e;
      maxEnd[k] = m;
      k++;
    }
  }
  groupStart[groups] = k;
  return { count, ids, rankOf, groupStart, start, end, maxEnd };
}

/**
 * The match to go to from op `current` (next: dir 1, previous: −1), wrapping around: the
 * neighbour of `current` when it is a match, else the first match starting at or after `at`
 * (next) or the last one starting before it (previous). Undefined when nothing matches.
 */
export function stepMatch(m: SearchMatches, index: TimelineIndex, current: number | undefined, dir: 1 | -1, at: number): number | undefined {
  if (m.count === 0) return undefined;
  const rank = current !== undefined && current >= 0 && current < m.rankOf.length ? m.rankOf[current]! : -1;
  if (rank >= 0) return m.ids[(rank + dir + m.count) % m.count];
  // Starts of the matches in time order, searched without copying: a binary search over ranks.
  let lo = 0;
  let hi = m.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.opStart[m.ids[mid]!]! < at) lo = mid + 1;
    else hi = mid;
  }
  // lo = the first match starting at or after `at`.
  if (dir === 1) return m.ids[lo < m.count ? lo : 0];
  return m.ids[lo > 0 ? lo - 1 : m.count - 1];
}

/** Positions [lo, hi) of group g's matches that may be visible in [t0, t1]: all with start ≤ t1 from the first with end ≥ t0. */
export function matchesInView(m: SearchMatches, g: number, t0: number, t1: number): { readonly lo: number; readonly hi: number } {
  const g0 = m.groupStart[g]!;
  const g1 = m.groupStart[g + 1]!;
  const lo = lowerBound(m.maxEnd, g0, g1, t0);
  return { lo, hi: upperBound(m.start, lo, g1, t1) };
}
