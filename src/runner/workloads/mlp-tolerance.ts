/**
 * The relative tolerance of a weight after the step(s), as a fraction of the largest weight
 * update: see `checkWeights` (mlp.ts). Apart from mlp.ts, whose kernels need WebGPU's types, so
 * that exercise 5's judge, which states it, imports nothing of WebGPU (the page imports the judges).
 */
export const MLP_REL_TOLERANCE = 1e-4;
