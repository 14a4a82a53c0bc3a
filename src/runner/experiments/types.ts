/** What every built-in experiment is and what it is given; the parameters are the contract's (src/shared/api.ts). */
import type { ArgValue, Trace, TraceMeta } from '../../core/model.js';
import type { ExperimentParams, ProgressReport } from '../../shared/api.js';
import type { RecorderOptions } from '../recorder.js';
import type { ExperimentDescription, ExperimentId } from './catalog.js';

/** What the recorder reports as it runs: the contract's progress (src/shared/api.ts). */
export type Progress = ProgressReport;

export interface ExperimentContext {
  readonly params: ExperimentParams;
  readonly recorder?: RecorderOptions;
  readonly onProgress: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

export interface Experiment<I extends ExperimentId = ExperimentId> extends ExperimentDescription<I> {
  run(ctx: ExperimentContext): Promise<Trace>;
}

export function paramsRecord(p: ExperimentParams): Record<string, ArgValue> {
  return { size: p.size, reps: p.reps, ...(p.adapter !== undefined ? { adapter: p.adapter } : {}), ...(p.repeat !== undefined ? { repeat: p.repeat } : {}) };
}

export { withNotes, withVerdicts } from './trace-header.js';

/** The trace header's `experiment`: what the experiment is, and the parameters it ran with (plus any it derived). */
export function experimentHeader(e: ExperimentDescription, params: ExperimentParams, derived: Record<string, ArgValue> = {}): TraceMeta['experiment'] {
  // The rounds it ran with are always recorded, the experiment's default when --repeat was not given.
  const withRepeat = { ...params, repeat: params.repeat ?? e.defaults.repeat };
  return { id: e.id, title: e.title, question: e.question, method: e.method, params: { ...paramsRecord(withRepeat), ...derived } };
}
