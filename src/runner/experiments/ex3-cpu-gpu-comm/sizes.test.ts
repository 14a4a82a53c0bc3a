/** Exercise 3's sizes: workers, the CPU's matrices and products per worker. */
import { describe, expect, it } from 'vitest';
import { cpuMatrixSize, cpuTasksPerWorker, cpuWorkerCount } from './sizes.js';

describe('ex3 sizes', () => {
  it('uses 2 to 4 workers, M = min(N, 256), and enough products to last the GPU phase', () => {
    expect([1, 2, 3, 4, 5, 8, 64].map(cpuWorkerCount)).toEqual([2, 2, 2, 3, 4, 4, 4]);
    expect([16, 64, 256, 2048].map(cpuMatrixSize)).toEqual([16, 64, 256, 256]);
    expect(cpuTasksPerWorker(10, 2, 2, 64)).toEqual({ perWorker: 5, capped: false });
    expect(cpuTasksPerWorker(0.1, 2, 2, 64)).toEqual({ perWorker: 1, capped: false });
    // 256 MiB of results at most: 4 workers × 256 products × 256 KiB.
    expect(cpuTasksPerWorker(1e6, 1, 4, 256)).toEqual({ perWorker: 256, capped: true });
  });
});
