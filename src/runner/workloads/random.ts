/**
 * Seeded uniform [0, 1) matrices, as the chapter's `torch.rand`, but reproducible: the same seed
 * gives the same matrix on every machine, so correctness checks and re-runs compare like with like.
 * mulberry32: tiny, fast, and good enough for test data (not for statistics).
 */
export function uniformMatrix(n: number, seed: number): Float32Array {
  return uniformFloats(n * n, seed);
}

/** `count` seeded uniform [0, 1) floats: the same sequence as uniformMatrix, for any length. */
export function uniformFloats(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}
