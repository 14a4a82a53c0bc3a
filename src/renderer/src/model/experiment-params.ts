/**
 * The run form of an experiment: what the user typed, checked before anything is started. Size
 * and repetitions are positive integers (a matrix side, a count); rounds (`--repeat K`) an integer
 * in 1..MAX_REPEAT; the adapter is an optional name (Dawn picks one by name; empty means its default).
 */
import { MAX_REPEAT, type ExperimentInfo, type ExperimentParams } from '@shared/api';

export interface ParamsForm {
  size: string;
  reps: string;
  repeat: string;
  adapter: string;
}

export interface FormErrors {
  readonly size?: string;
  readonly reps?: string;
  readonly repeat?: string;
}

/** The largest value accepted: far above any real workload, small enough to be a safe integer. */
export const MAX_PARAM = 1_000_000;

export function defaultForm(e: ExperimentInfo): ParamsForm {
  return { size: String(e.defaults.size), reps: String(e.defaults.reps), repeat: String(e.defaults.repeat), adapter: '' };
}

export function positiveInteger(text: string, what: string, max = MAX_PARAM): { value?: number; error?: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { error: `${what} must be a positive integer` };
  const value = Number(t);
  if (value < 1) return { error: `${what} must be at least 1` };
  if (value > max) return { error: `${what} must be at most ${max.toLocaleString('en-US')}` };
  return { value };
}

/** The Rounds field of a form (built-ins and experiment files alike). */
export function parseRepeat(text: string): { value?: number; error?: string } {
  return positiveInteger(text, 'Rounds', MAX_REPEAT);
}

/** The parameters to run with, or the reasons they cannot be used. */
export function parseForm(form: ParamsForm): { params: ExperimentParams; errors?: undefined } | { params?: undefined; errors: FormErrors } {
  const size = positiveInteger(form.size, 'Size');
  const reps = positiveInteger(form.reps, 'Repetitions');
  const repeat = parseRepeat(form.repeat);
  if (size.value === undefined || reps.value === undefined || repeat.value === undefined) {
    return {
      errors: { ...(size.error ? { size: size.error } : {}), ...(reps.error ? { reps: reps.error } : {}), ...(repeat.error ? { repeat: repeat.error } : {}) },
    };
  }
  const adapter = form.adapter.trim();
  return { params: { size: size.value, reps: reps.value, repeat: repeat.value, ...(adapter ? { adapter } : {}) } };
}
