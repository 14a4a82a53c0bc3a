/** The built-in experiments, in the order `parascope list` shows them. */
import { RecorderError } from '../errors.js';
import { ex1IndependentOps } from './ex1-independent-ops.js';
import { ex2SmallOps } from './ex2-small-ops.js';
import { ex3CpuGpuComm } from './ex3-cpu-gpu-comm.js';
import { ex4Efficiency } from './ex4-efficiency.js';
import { ex5DependencyGraph } from './ex5-dependency-graph.js';
import { seedComputeCopy } from './seed-compute-copy.js';
import { seedParallel } from './seed-parallel.js';
import type { Experiment } from './types.js';

export const EXPERIMENTS: readonly Experiment[] = [
  seedParallel,
  seedComputeCopy,
  ex1IndependentOps,
  ex2SmallOps,
  ex3CpuGpuComm,
  ex4Efficiency,
  ex5DependencyGraph,
];

export function experimentById(id: string): Experiment {
  const e = EXPERIMENTS.find((x) => x.id === id);
  if (!e) throw new RecorderError('bad-parameter', `unknown experiment '${id}' (known: ${EXPERIMENTS.map((x) => x.id).join(', ')})`);
  return e;
}
