/**
 * Checks a run request from the page (over IPC or the WebSocket) before it reaches the recorder:
 * the experiment id ends up in a file name, and the numbers in GPU buffer sizes. The recorder
 * child checks ranges and unknown experiments itself; this only guarantees the shape.
 */
import type { ExperimentFileParams, ExperimentParams } from '../shared/api.js';
import { MAX_REPEAT } from '../runner/experiments/catalog.js';

export interface RunRequest {
  readonly experiment: string;
  readonly params: ExperimentParams;
}

const EXPERIMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(v) ?? String(v)}`);
  return v;
}

/** The rounds (`--repeat K`): absent, or an integer in 1..MAX_REPEAT (checked here: the page's field is free text). */
function repeatOf(p: Record<string, unknown>): number | undefined {
  const v = p['repeat'];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > MAX_REPEAT)
    throw new Error(`repeat must be an integer in 1..${MAX_REPEAT}, got ${JSON.stringify(v) ?? String(v)}`);
  return v;
}

function adapterOf(p: Record<string, unknown>): string | undefined {
  const adapter = p['adapter'];
  if (adapter !== undefined && (typeof adapter !== 'string' || adapter.length > 200)) throw new Error('adapter must be a string');
  return adapter;
}

/** An experiment file's run: its sizes are in the file, only the adapter and the rounds are chosen. */
export function parseFileRunParams(params: unknown): ExperimentFileParams {
  if (typeof params !== 'object' || params === null) throw new Error('experiment parameters must be an object');
  const adapter = adapterOf(params as Record<string, unknown>);
  const repeat = repeatOf(params as Record<string, unknown>);
  return { ...(adapter !== undefined ? { adapter } : {}), ...(repeat !== undefined ? { repeat } : {}) };
}

export function parseRunRequest(experiment: unknown, params: unknown): RunRequest {
  if (typeof experiment !== 'string' || !EXPERIMENT_ID.test(experiment)) {
    throw new Error(`unknown experiment ${JSON.stringify(experiment) ?? String(experiment)}`);
  }
  if (typeof params !== 'object' || params === null) throw new Error('experiment parameters must be an object');
  const p = params as Record<string, unknown>;
  const size = positiveInt('size', p['size']);
  const reps = positiveInt('reps', p['reps']);
  const adapter = adapterOf(p);
  const repeat = repeatOf(p);
  return { experiment, params: { size, reps, ...(adapter !== undefined ? { adapter } : {}), ...(repeat !== undefined ? { repeat } : {}) } };
}
