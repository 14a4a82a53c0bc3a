import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadExperimentFile } from './loader.js';
import { specFlop } from './work.js';
import { fileSoftwareWarning } from '../experiments/software-warning.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe("an experiment file's work", () => {
  it('counts each phase’s matmuls (GPU and CPU) × its repeat × the rounds, and the warm-up’s GPU matmuls once', () => {
    const ck = loadExperimentFile(path.join(ROOT, 'resources/experiments/custom-kernel.yaml'));
    // custom-kernel.yaml: no GPU matmul; a 128×128 CPU matmul in 'CPU alone' and in 'kernel and CPU', each phase repeat 5:
    // 2·128³ = 4,194,304 FLOP × 5 × 2 phases = 41,943,040 a round; × 3 rounds = 125,829,120.
    expect(specFlop(ck, 3)).toBe(125_829_120);
    const p2 = loadExperimentFile(path.join(ROOT, 'resources/experiments/pipeline-two-devices.yaml'));
    // pipeline-two-devices.yaml: 2 + 2 + 4 GPU matmuls of 128 in its phases, each repeat 3: 8 × 3 × 4,194,304 = 100,663,296
    // a round; × 2 rounds = 201,326,592; plus the warm-up, each of the 4 distinct matmuls once: 16,777,216 → 218,103,808.
    expect(specFlop(p2, 2)).toBe(218_103_808);
  });

  it('warns on a software adapter only past two minutes, and suggests fewer rounds or smaller matrices', () => {
    const lavapipe = { name: 'llvmpipe', vendor: 'mesa', architecture: 'software', isFallback: false };
    expect(fileSoftwareWarning('x.yaml', lavapipe, 5, 3e11)).toBeUndefined(); // 100 s at 3 GFLOP/s
    expect(fileSoftwareWarning('x.yaml', lavapipe, 5, 3e12)).toBe(
      "'llvmpipe' is a software adapter (the GPU is emulated on the CPU): x.yaml with --repeat 5 will take very long, roughly 17 min at ~3 GFLOP/s; try --repeat 1, or matrices of 256 or less in the file",
    );
    expect(fileSoftwareWarning('x.yaml', { ...lavapipe, name: 'NVIDIA H200', architecture: 'hopper' }, 5, 3e15)).toBeUndefined();
  });
});
