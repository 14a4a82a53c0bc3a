/**
 * What the app's op table lists (issue 13 items 4 and 7): the folded rows (Stats.opPatterns, one
 * per name pattern and kind, computed in core), each expandable into its exact rows (Stats.ops),
 * filtered by the timeline's search. A folded row is kept when its pattern or one of its names
 * matches; while searching, its members are the names that match (all of them when only the
 * pattern does).
 */
import type { OpPatternRow, OpRow } from '@core/analysis/stats-types';
import { foldOpName } from '@core/analysis/op-name-fold';

export interface OpTableEntry {
  readonly row: OpPatternRow;
  /** Its exact rows, in Stats' order (by total time). */
  readonly members: readonly OpRow[];
}

function key(kind: string, pattern: string): string {
  return `${kind}\u0000${pattern}`;
}

/** The folded rows with their members, those that pass `filter` (all without one). */
export function opTableEntries(patterns: readonly OpPatternRow[], exact: readonly OpRow[], filter?: (name: string) => boolean): OpTableEntry[] {
  // Members in one pass over the exact rows (one fold per exact name), not one scan per folded row.
  const members = new Map<string, OpRow[]>();
  for (const r of exact) {
    const k = key(r.kind, foldOpName(r.name));
    const list = members.get(k);
    if (list) list.push(r);
    else members.set(k, [r]);
  }
  const entries: OpTableEntry[] = [];
  for (const p of patterns) {
    const all = members.get(key(p.kind, p.name)) ?? [];
    if (filter === undefined) {
      entries.push({ row: p, members: all });
      continue;
    }
    const hits = all.filter((r) => filter(r.name));
    if (hits.length > 0) entries.push({ row: p, members: hits });
    else if (filter(p.name)) entries.push({ row: p, members: all });
  }
  return entries;
}
