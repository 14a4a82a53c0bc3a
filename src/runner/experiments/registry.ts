/**
 * The runnable built-in experiments, keyed by the catalog's ids (catalog.ts) so that an experiment
 * missing here, or one the catalog does not describe, is a type error; in the catalog's order, the
 * order `parascope list` shows them.
 */
import { RecorderError } from '../errors.js';
import { EXPERIMENT_IDS, type ExperimentId } from './catalog.js';
import { nearestName } from './nearest-name.js';
import { ex1IndependentOps } from './ex1-independent-ops/run.js';
import { ex2SmallOps } from './ex2-small-ops/run.js';
import { ex3CpuGpuComm } from './ex3-cpu-gpu-comm/run.js';
import { ex4Efficiency } from './ex4-efficiency/run.js';
import { ex5DependencyGraph } from './ex5-dependency-graph/run.js';
import { seedComputeCopy } from './seed-compute-copy/run.js';
import { seedParallel } from './seed-parallel/run.js';
import type { Experiment } from './types.js';

const RUNNABLE: { readonly [I in ExperimentId]: Experiment<I> } = {
  'seed-parallel': seedParallel,
  'seed-compute-copy': seedComputeCopy,
  'ex1-independent-ops': ex1IndependentOps,
  'ex2-small-ops': ex2SmallOps,
  'ex3-cpu-gpu-comm': ex3CpuGpuComm,
  'ex4-efficiency': ex4Efficiency,
  'ex5-dependency-graph': ex5DependencyGraph,
};

export const EXPERIMENTS: readonly Experiment[] = EXPERIMENT_IDS.map((id) => RUNNABLE[id]);

export function experimentById(id: string): Experiment {
  const e = EXPERIMENTS.find((x) => x.id === id);
  if (!e) {
    const near = nearestName(id, EXPERIMENT_IDS);
    throw new RecorderError(
      'bad-parameter',
      `unknown experiment '${id}'${near ? `: did you mean ${near}?` : ''} (known: ${EXPERIMENTS.map((x) => x.id).join(', ')})`,
    );
  }
  return e;
}
