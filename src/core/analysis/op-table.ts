/**
 * The op table, as `nsys stats` cuda_gpu_kern_sum: one row per (name, kind) with count, total,
 * share of the kind's total, mean, median, min, max and standard deviation.
 *
 * Grouping is done once into flat arrays (a counting sort by group), then each group's durations
 * are sorted in place as a Float64Array (numeric, no comparator) for the median, min and max:
 * O(n log n) overall and no per-op objects. The folded table (names that differ only in their
 * numbers share a row, op-name-fold.ts) is made the same way from the same grouping.
 */
import { OP_KINDS, type OpKind, type Trace } from '../model.js';
import { indexTrace, type TraceIndex } from './trace-index.js';
import { KIND_COUNT } from '../vocabulary/op-kinds.js';
import { foldOpName } from './op-name-fold.js';
import { FRESH, type Alloc } from './scratch.js';

export interface OpRowNs {
  readonly name: string;
  readonly kind: OpKind;
  readonly count: number;
  readonly totalNs: number;
  /** 100 × total / Σ durations of all ops of the same kind; 0 when that is 0. */
  readonly pctOfTotal: number;
  readonly avgNs: number;
  /** Median; the mean of the two middle values for an even count. */
  readonly medNs: number;
  readonly minNs: number;
  readonly maxNs: number;
  /**
   * Sample standard deviation √(Σ(x − mean)² / (count − 1)), 0 for a single op: what nsys stats'
   * StdDev column gives (its reports use SQLite's `stdev()` aggregate, which divides by count − 1).
   */
  readonly stdDevNs: number;
}

/** Rows sorted by total descending, then name, then kind (OP_KINDS order). */
export function opTable(trace: Trace, index: TraceIndex = indexTrace(trace)): OpRowNs[] {
  return opTables(trace, index).exact;
}

/** A row of the folded op table: `name` is the pattern (op-name-fold.ts), `names` how many exact names it holds. */
export interface OpPatternRowNs extends OpRowNs {
  readonly names: number;
}

export interface OpTables {
  /** One row per (exact name, kind). */
  readonly exact: OpRowNs[];
  /** One row per (folded name, kind), its numbers over all its ops, exactly as an exact row's. */
  readonly patterns: OpPatternRowNs[];
}

/**
 * Both op tables from one grouping: ops are grouped by exact (name, kind) once; each exact group
 * then maps to its (pattern, kind) group, so folding costs one regex per distinct name, not per op.
 * Both are sorted by total descending, then name, then kind.
 */
/** `alloc`: where the per-op work arrays come from (all given back before it returns). */
export function opTables(trace: Trace, index: TraceIndex = indexTrace(trace), alloc: Alloc = FRESH): OpTables {
  const { n, start, end, kindOf } = index;
  const ops = trace.ops;
  const temporaries = alloc.mark();

  // Group id per op. Per name, one slot per kind: no string keys built per op.
  const exact = new Grouping();
  const groupOf = alloc.u32(n);
  for (let i = 0; i < n; i++) groupOf[i] = exact.groupOf(ops[i]!.name, kindOf[i]!);

  // Each exact group's pattern group; the patterns' names counted as they are met.
  const folded = new Grouping();
  const patternOfGroup = new Uint32Array(exact.size);
  const namesIn: number[] = [];
  for (let g = 0; g < exact.size; g++) {
    const p = folded.groupOf(foldOpName(exact.name[g]!), exact.kind[g]!);
    patternOfGroup[g] = p;
    namesIn[p] = (namesIn[p] ?? 0) + 1;
  }
  const patternOf = alloc.u32(n);
  for (let i = 0; i < n; i++) patternOf[i] = patternOfGroup[groupOf[i]!]!;

  const tables = {
    exact: summarize(exact, groupOf, start, end, () => ({}), alloc),
    patterns: summarize(folded, patternOf, start, end, (g) => ({ names: namesIn[g]! }), alloc),
  };
  alloc.release(temporaries);
  return tables;
}

/** Group ids by (name, kind), in order of first appearance. */
class Grouping {
  private readonly slotsByName = new Map<string, Int32Array>();
  readonly name: string[] = [];
  readonly kind: number[] = [];

  get size(): number {
    return this.name.length;
  }

  groupOf(name: string, k: number): number {
    let slots = this.slotsByName.get(name);
    if (slots === undefined) {
      slots = new Int32Array(KIND_COUNT).fill(-1);
      this.slotsByName.set(name, slots);
    }
    let g = slots[k]!;
    if (g < 0) {
      g = this.name.length;
      slots[k] = g;
      this.name.push(name);
      this.kind.push(k);
    }
    return g;
  }
}

/**
 * The rows of a grouping: `groupOf[i]` is op i's group. `extra(g)` adds fields to group g's row.
 *
 * A counting sort by group lays the durations out in flat arrays, then each group's durations are
 * sorted in place as a Float64Array (numeric, no comparator) for the median, min and max.
 */
function summarize<X extends object>(
  grouping: Grouping,
  groupOf: Uint32Array,
  start: Float64Array,
  end: Float64Array,
  extra: (g: number) => X,
  alloc: Alloc,
): (OpRowNs & X)[] {
  const n = groupOf.length;
  const temporaries = alloc.mark();
  // Counting sort of the durations by group: group g owns dur[offset[g] .. offset[g + 1]).
  const groups = grouping.size;
  const offset = new Uint32Array(groups + 1);
  for (let i = 0; i < n; i++) offset[groupOf[i]! + 1]!++;
  for (let g = 0; g < groups; g++) offset[g + 1] = offset[g + 1]! + offset[g]!;
  const cursor = offset.slice(0, groups);
  const dur = alloc.f64(n);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i]!;
    dur[cursor[g]!++] = end[i]! - start[i]!;
  }

  const rows: (Omit<OpRowNs, 'pctOfTotal'> & X)[] = [];
  const kindTotal = new Float64Array(KIND_COUNT);
  for (let g = 0; g < groups; g++) {
    const d = dur.subarray(offset[g]!, offset[g + 1]!).sort();
    const count = d.length;
    // Two-pass mean and variance on durations shifted by the shortest (d is sorted): the sum of
    // the shifts is an exact integer while it stays below 2^53 ns, however long the ops are (a
    // plain Σd passes 2^53 at 15 week-long ops and drops ns, and the variance with them); then
    // squared deviations from the true mean, so the variance is never negative (the naive
    // Σx² − n·mean² can be). Only the total itself, past 2^53 ns, is a rounded double.
    const min = d[0]!;
    let shifted = 0;
    for (let j = 0; j < count; j++) shifted += d[j]! - min;
    const total = min * count + shifted;
    const shiftedMean = shifted / count;
    const mean = min + shiftedMean;
    let sq = 0;
    for (let j = 0; j < count; j++) {
      const dev = d[j]! - min - shiftedMean;
      sq += dev * dev;
    }
    const mid = count >> 1;
    const median = count % 2 === 1 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
    const k = grouping.kind[g]!;
    kindTotal[k] = kindTotal[k]! + total;
    rows.push({
      name: grouping.name[g]!,
      kind: OP_KINDS[k]!,
      count,
      totalNs: total,
      avgNs: mean,
      medNs: median,
      minNs: d[0]!,
      maxNs: d[count - 1]!,
      stdDevNs: count > 1 ? Math.sqrt(sq / (count - 1)) : 0,
      ...extra(g),
    });
  }
  alloc.release(temporaries); // the rows hold numbers only: the durations can go

  const kindRank = (kind: OpKind): number => OP_KINDS.indexOf(kind);
  rows.sort((a, b) => b.totalNs - a.totalNs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || kindRank(a.kind) - kindRank(b.kind));
  return rows.map((r) => {
    const kt = kindTotal[kindRank(r.kind)]!;
    return { ...r, pctOfTotal: kt > 0 ? (100 * r.totalNs) / kt : 0 };
  });
}

/** The exact rows a folded row holds (same kind, name folding to its pattern), in `exact`'s order. */
export function patternMembers<R extends { readonly name: string; readonly kind: OpKind }>(
  exact: readonly R[],
  row: { readonly name: string; readonly kind: OpKind },
): R[] {
  return exact.filter((r) => r.kind === row.kind && foldOpName(r.name) === row.name);
}
