/**
 * Exercise 2's sweep, shared by its run and its judge: the sizes, the phase of each arrangement at
 * each size, and the chart of speedups against N. Pure.
 */
import type { PhaseSweep, SweepPoint } from '../../../core/model.js';
import { EX2_SMALL_OPS_MIN_SIZE, EX2_SMALL_OPS_PHASES } from '../catalog.js';
import { PAYS } from '../judge-kit.js';

const { serialized: SER, concurrent: CON, devices: DEV } = EX2_SMALL_OPS_PHASES;
export type Arrangement = typeof SER | typeof CON | typeof DEV;
export const ARRANGEMENTS: readonly Arrangement[] = [SER, CON, DEV];

/** The sweep: the powers of two from 16 up to `largest`, and `largest` itself where it is not one of them. */
export function smallOpsSizes(largest: number): number[] {
  const sizes: number[] = [];
  for (let n = EX2_SMALL_OPS_MIN_SIZE; n <= largest; n *= 2) sizes.push(n);
  if (sizes[sizes.length - 1] !== largest) sizes.push(largest);
  return sizes;
}

/** The phase of one arrangement at one size, e.g. 'N=64 serialized'. */
export function smallOpsPhase(n: number, arrangement: Arrangement): string {
  return `N=${n} ${arrangement}`;
}

/**
 * The chart the exercise asks for: speedup over 'serialized' against N for 'concurrent' and 'two
 * devices', with the threshold the verdicts use. Computed from the phases' timestamps by
 * core/analysis/sweeps.ts wherever the trace is shown.
 */
export function smallOpsSweep(points: readonly SweepPoint[]): PhaseSweep {
  return {
    title: `Speedup over '${SER}' submission against the matrix size`,
    parameter: 'N (matrix side)',
    baseline: SER,
    arrangements: [CON, DEV],
    points,
    threshold: PAYS,
  };
}
