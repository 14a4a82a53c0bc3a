/**
 * The time a recording has taken so far and a rough estimate of the rest, from its progress units:
 * the rate so far carried over to the units left. No estimate before the first unit is done (set-up
 * and compiling say nothing about the phases' pace).
 */
export interface RunEstimate {
  readonly elapsedMs: number;
  readonly remainingMs?: number;
}

export function runEstimate(run: { readonly done: number; readonly total: number; readonly startedAt: number }, now: number): RunEstimate {
  const elapsedMs = Math.max(0, now - run.startedAt);
  if (!(run.done > 0) || !(run.total > 0) || run.done > run.total) return { elapsedMs };
  return { elapsedMs, remainingMs: (elapsedMs * (run.total - run.done)) / run.done };
}

/** A wall-clock span as a person reads it: '12 s', '3 min 05 s', '2 h 05 min'. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
