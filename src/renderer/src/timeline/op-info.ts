/**
 * What the tooltip and the details box say about an op, as plain strings. The components put them
 * in the page with text interpolation only (never innerHTML): names and args come from untrusted
 * trace files and must show as text, markup included.
 */
import type { DepKind, Lane, Trace } from '@core/model.js';
import { DEP_KINDS } from '@core/model.js';
import { kindLabel } from '@core/vocabulary/op-kinds.js';
import { laneTitle } from '@core/vocabulary/lane-kinds.js';
import { formatDuration } from '@core/time.js';
import { arrowsOf, type ArrowIndex } from './arrows.js';
import type { TimelineIndex } from './lane-index.js';

export interface OpInfo {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly lane: string;
  readonly start: string;
  readonly duration: string;
  readonly args: readonly (readonly [key: string, value: string])[];
}

export interface DepLink {
  /** The op at the other end. */
  readonly id: number;
  readonly name: string;
  readonly lane: string;
  readonly kind: DepKind;
}

/** Args listed at most (a PyTorch op can carry dozens; the details box is not a table viewer). */
export const MAX_ARGS = 24;
/** Dependencies listed at most per direction. */
export const MAX_DEPS = 50;

export function describeOp(trace: Trace, index: TimelineIndex, id: number | undefined): OpInfo | undefined {
  if (id === undefined) return undefined;
  const op = trace.ops[id];
  if (op === undefined) return undefined;
  const args = Object.entries(op.args ?? {})
    .slice(0, MAX_ARGS)
    .map(([k, v]) => [k, String(v)] as const);
  return {
    id,
    name: op.name,
    kind: kindLabel(op.kind),
    lane: laneName(index.lanes[index.opLane[id]!]),
    start: formatDuration(op.start),
    duration: formatDuration(Math.max(0, op.dur)),
    args,
  };
}

export function laneName(lane: Lane | undefined): string {
  if (lane === undefined) return '';
  return laneTitle(lane, false);
}

/** The ops `id` depends on (`'in'`) or that depend on it (`'out'`), the first MAX_DEPS; `more` counts the rest. */
export function dependencyLinks(
  trace: Trace,
  index: TimelineIndex,
  arrows: ArrowIndex,
  id: number,
  direction: 'in' | 'out',
): { readonly links: readonly DepLink[]; readonly more: number } {
  const list = arrowsOf(arrows, id, direction);
  const links: DepLink[] = [];
  for (let i = 0; i < list.length && links.length < MAX_DEPS; i++) {
    const a = list[i]!;
    const other = direction === 'in' ? arrows.from[a]! : arrows.to[a]!;
    const op = trace.ops[other];
    links.push({ id: other, name: op?.name ?? `op ${other}`, lane: laneName(index.lanes[index.opLane[other]!]), kind: DEP_KINDS[arrows.kind[a]!] ?? 'data' });
  }
  return { links, more: list.length - links.length };
}
