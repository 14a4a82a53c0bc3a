import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, matmulFlop, softwareWarning, SOFTWARE_FLOP_PER_S } from './software-warning.js';

const lavapipe = { name: 'llvmpipe (LLVM 15.0.6, 256 bits)', vendor: 'mesa', architecture: 'software', isFallback: false };
const h200 = { name: 'NVIDIA H200', vendor: 'nvidia', architecture: 'hopper', isFallback: false };
// seed-parallel's estimate: 4R matmuls a round, plus a warm-up of 2 × min(R, 5).
const seedParallel = (size: number, reps: number, repeat: number) => matmulFlop(size) * (4 * reps * repeat + 2 * Math.min(reps, 5));

describe('softwareWarning', () => {
  it('knows a software adapter by its fallback flag, its architecture or its name', () => {
    expect(isSoftwareAdapter(lavapipe)).toBe(true);
    expect(isSoftwareAdapter({ ...h200, isFallback: true })).toBe(true);
    expect(isSoftwareAdapter({ ...h200, name: 'SwiftShader Device', architecture: '' })).toBe(true);
    expect(isSoftwareAdapter(h200)).toBe(false);
  });

  it("warns before the chapter's sizes on lavapipe, with the time and smaller sizes", () => {
    // 2·4000³ = 1.28e11 FLOP per matmul × (4·50·5 + 10) = 1010 matmuls = 1.293e14 FLOP; at 3e9 FLOP/s 43,093 s ≈ 12 h.
    expect(seedParallel(4000, 50, 5) / SOFTWARE_FLOP_PER_S).toBeCloseTo(43093.33, 1);
    // Suggested: reps 5 and the largest size within 30 s: 512 gives 2.68e8 × 110 / 3e9 = 9.8 s.
    expect(softwareWarning('seed-parallel', lavapipe, { size: 4000, reps: 50, repeat: 5 }, seedParallel)).toBe(
      "'llvmpipe (LLVM 15.0.6, 256 bits)' is a software adapter (the GPU is emulated on the CPU): seed-parallel at --size 4000 --reps 50 --repeat 5 " +
        'will take very long, roughly 12 h at ~3 GFLOP/s; try --size 512 --reps 5',
    );
  });

  it('stays quiet on a GPU, and for small sizes on lavapipe', () => {
    expect(softwareWarning('seed-parallel', h200, { size: 4000, reps: 50, repeat: 5 }, seedParallel)).toBeUndefined();
    // 2·128³ × (4·5·5 + 10) = 4.19e6 × 110 = 4.6e8 FLOP: 0.15 s.
    expect(softwareWarning('seed-parallel', lavapipe, { size: 128, reps: 5, repeat: 5 }, seedParallel)).toBeUndefined();
    // Just over the line: 2·1024³ × 110 = 2.36e11 FLOP, 78.7 s — under 120 s, no warning; at 1200 (2·1200³ × 110 / 3e9 = 127 s) a warning.
    expect(softwareWarning('seed-parallel', lavapipe, { size: 1024, reps: 5, repeat: 5 }, seedParallel)).toBeUndefined();
    expect(softwareWarning('seed-parallel', lavapipe, { size: 1200, reps: 5, repeat: 5 }, seedParallel)).toMatch(/roughly 2 min .*try --size 512 --reps 5$/);
  });
});
