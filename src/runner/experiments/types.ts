/** What every experiment is and what it is given. */
import type { ArgValue, Trace, TraceMeta, Verdict } from '../../core/model.js';
import type { RecorderOptions } from '../recorder.js';
import type { ExperimentDescription } from './catalog.js';

export interface ExperimentParams {
  /** Matrix size N (N×N f32). */
  readonly size: number;
  /** Matmuls per phase, the chapter's R. */
  readonly reps: number;
  /** Case-insensitive substring of the adapter name to use; all adapters when absent. */
  readonly adapter?: string;
}

export interface Progress {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

export interface ExperimentContext {
  readonly params: ExperimentParams;
  readonly recorder?: RecorderOptions;
  readonly onProgress: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

export interface Experiment extends ExperimentDescription {
  run(ctx: ExperimentContext): Promise<Trace>;
}

export function paramsRecord(p: ExperimentParams): Record<string, ArgValue> {
  return { size: p.size, reps: p.reps, ...(p.adapter !== undefined ? { adapter: p.adapter } : {}) };
}

/** The trace with its verdicts filled in (they are judged from the finished, aligned trace). */
export function withVerdicts(trace: Trace, verdicts: readonly Verdict[]): Trace {
  if (!trace.meta) throw new Error('a recorded trace has a header');
  return { ...trace, meta: { ...trace.meta, verdicts } };
}

/** The trace header's `experiment`: what the experiment is, and the parameters it ran with (plus any it derived). */
export function experimentHeader(e: ExperimentDescription, params: ExperimentParams, derived: Record<string, ArgValue> = {}): TraceMeta['experiment'] {
  return { id: e.id, title: e.title, question: e.question, method: e.method, params: { ...paramsRecord(params), ...derived } };
}
