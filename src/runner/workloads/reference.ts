/**
 * Checks GPU matmul results against a CPU reference on sampled elements.
 *
 * Each sampled C[i][j] is recomputed in float64. An f32 dot product of length N computed in any
 * order is within γ_N·Σ|a_ik·b_kj| of the exact value (γ_N = N·u/(1 − N·u), u = 2⁻²⁴; Higham,
 * "Accuracy and Stability of Numerical Algorithms", §3.1), so that is the bound each sample is
 * held to, plus the rounding of the stored result. It is rigorous, not a tuned epsilon: a
 * failure means a wrong result, not an unlucky one.
 */
import type { CorrectnessCheck } from '../../core/model.js';

const U = 2 ** -24;

export function checkMatmulSamples(name: string, a: Float32Array, b: Float32Array, c: Float32Array, n: number, samples = 64, seed = 1): CorrectnessCheck {
  let maxAbs = 0;
  let maxRel = 0;
  let passed = true;
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const gamma = (n * U) / (1 - n * U);
  const count = Math.min(samples, n * n);
  for (let k = 0; k < count; k++) {
    // Always include the corners; they exercise the kernel's edge masking.
    const i = k === 0 ? 0 : k === 1 ? n - 1 : Math.floor(next() * n);
    const j = k === 0 ? 0 : k === 1 ? n - 1 : Math.floor(next() * n);
    let exact = 0;
    let absSum = 0;
    for (let t = 0; t < n; t++) {
      const p = a[i * n + t]! * b[t * n + j]!;
      exact += p;
      absSum += Math.abs(p);
    }
    const got = c[i * n + j]!;
    const err = Math.abs(got - exact);
    const bound = gamma * absSum + U * Math.abs(exact);
    if (!(err <= bound)) passed = false; // NaN fails too
    maxAbs = Math.max(maxAbs, Number.isFinite(err) ? err : Number.MAX_VALUE);
    if (exact !== 0) maxRel = Math.max(maxRel, Number.isFinite(err) ? err / Math.abs(exact) : Number.MAX_VALUE);
  }
  return {
    name,
    passed,
    samples: count,
    maxAbsError: maxAbs,
    maxRelError: maxRel,
    tolerance: `|err| ≤ γ_N·Σ|a·b| + u·|c|, N = ${n}, u = 2⁻²⁴ (rigorous f32 dot-product bound)`,
  };
}
