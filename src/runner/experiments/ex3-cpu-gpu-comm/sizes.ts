/**
 * Exercise 3's sizes: how many CPU workers, how large their matrices, how many products each so
 * that the CPU phase lasts about as long as the GPU's. Pure, so they are tested without a GPU.
 */

/** Worker threads: one per core but one (the main thread and the GPU driver need one), at least 2, at most 4. */
export function cpuWorkerCount(cpus: number): number {
  return Math.min(4, Math.max(2, cpus - 1));
}

/** The CPU's matrices: M = min(N, 256) — a product the CPU finishes in milliseconds, not seconds. */
export function cpuMatrixSize(n: number): number {
  return Math.min(n, 256);
}

/** Products per worker in the CPU phases: enough to last about `targetMs`, bounded so results fit in memory. */
export function cpuTasksPerWorker(targetMs: number, perProductMs: number, workers: number, m: number): { perWorker: number; capped: boolean } {
  const cap = Math.max(1, Math.min(MAX_TASKS_PER_WORKER, Math.floor(MAX_CPU_RESULT_BYTES / (workers * m * m * 4))));
  const wanted = Math.max(1, Math.round(targetMs / Math.max(perProductMs, 1e-6)));
  return { perWorker: Math.min(wanted, cap), capped: wanted > cap };
}

const MAX_TASKS_PER_WORKER = 1000;
/** Every CPU product of a phase is kept until it is checked, after the phase. */
const MAX_CPU_RESULT_BYTES = 256 * 2 ** 20;
