/**
 * The parts of a Parascope recording that are not timed phases, named so that the timeline can
 * say what the empty-looking time is (issue 13, item 9): before the run starts, the set-up
 * (devices, buffers and uploads, pipeline compilation, the opening clock calibration); between the
 * run's start and its first phase, the warm-up; after the last phase, the correctness checks
 * (read-back) and the closing calibration. All three come from the header's `run` and the
 * phases, so any recording has them and a foreign trace (no header) has none.
 */
import type { Trace } from '../model.js';

export type RegionKind = 'set-up' | 'warm-up' | 'after';

export interface RecordingRegion {
  readonly kind: RegionKind;
  readonly start: number;
  readonly end: number;
  /** What happens in it, in words (the timeline's tooltip, the report's caption). */
  readonly label: string;
}

export const REGION_LABELS: Readonly<Record<RegionKind, string>> = {
  'set-up': 'set-up: devices, buffers and uploads, pipelines, clock calibration (not timed as a phase)',
  'warm-up': 'warm-up: a first pass over each device, so that caches and clocks settle',
  after: 'after the phases: correctness checks (read-back) and the closing clock calibration',
};

export function recordingRegions(trace: Trace): RecordingRegion[] {
  const run = trace.meta?.run;
  if (run === undefined || trace.phases.length === 0) return [];
  let first = Infinity;
  for (const o of trace.ops) if (o.start < first) first = o.start;
  let phaseStart = Infinity;
  let phaseEnd = -Infinity;
  for (const p of trace.phases) {
    if (p.start < phaseStart) phaseStart = p.start;
    if (p.end > phaseEnd) phaseEnd = p.end;
  }
  const out: RecordingRegion[] = [];
  const push = (kind: RegionKind, start: number, end: number): void => {
    if (Number.isFinite(start) && Number.isFinite(end) && end > start) out.push({ kind, start, end, label: REGION_LABELS[kind] });
  };
  push('set-up', Math.min(first, run.start), run.start);
  push('warm-up', run.start, phaseStart);
  push('after', phaseEnd, run.end);
  return out;
}
