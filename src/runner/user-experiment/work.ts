/**
 * An experiment file's work, roughly: what the software-adapter warning (experiments/software-warning.ts)
 * weighs before a run. Pure.
 */
import { matmulFlop } from '../experiments/software-warning.js';
import type { UserExperimentSpec } from './schema.js';

/** The file's matmul work (GPU and CPU), FLOP: each phase's matmuls × its repeat × the rounds, and the warm-up's once. */
export function specFlop(spec: UserExperimentSpec, repeat: number): number {
  const byId = new Map(spec.ops.map((o) => [o.id, o]));
  const flop = (id: string): number => {
    const o = byId.get(id);
    if (o?.kind === 'matmul') return matmulFlop(o.n);
    if (o?.kind === 'cpu' && o.work === 'matmul' && o.n !== undefined) return matmulFlop(o.n);
    return 0;
  };
  let total = 0;
  const warm = new Set<string>();
  for (const p of spec.phases) {
    for (const id of p.ops) {
      total += flop(id) * p.repeat * repeat;
      if (byId.get(id)?.kind === 'matmul') warm.add(id);
    }
  }
  for (const id of warm) total += flop(id);
  return total;
}
