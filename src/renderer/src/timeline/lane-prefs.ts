/**
 * What the user set on a trace's lanes — which are pinned (in pin order) and which are made
 * taller — kept per trace while the app runs, so that it survives switching document tabs (a tab
 * switch remounts the timeline) and is fresh for a newly opened trace (another Trace object).
 * The row-height setting is the user's for every trace. Pure TS: no Vue, no DOM.
 */
import type { RowDensity } from './layout.js';

export interface LanePrefs {
  /** Lane indices, in pin order. */
  readonly pinned: readonly number[];
  readonly taller: ReadonlySet<number>;
}

const EMPTY: LanePrefs = { pinned: [], taller: new Set() };
const byTrace = new WeakMap<object, LanePrefs>();
let density: RowDensity = 'normal';

export function lanePrefsOf(trace: object): LanePrefs {
  return byTrace.get(trace) ?? EMPTY;
}

export function saveLanePrefs(trace: object, prefs: LanePrefs): void {
  byTrace.set(trace, prefs);
}

export function rowDensitySetting(): RowDensity {
  return density;
}

export function setRowDensitySetting(d: RowDensity): void {
  density = d;
}

/** `pinned` with `lane` pinned last, or without it when it was pinned. */
export function togglePinned(pinned: readonly number[], lane: number): number[] {
  return pinned.includes(lane) ? pinned.filter((l) => l !== lane) : [...pinned, lane];
}

/** `set` with `lane` added, or removed when it was in it. */
export function toggled(set: ReadonlySet<number>, lane: number): Set<number> {
  const next = new Set(set);
  if (!next.delete(lane)) next.add(lane);
  return next;
}
