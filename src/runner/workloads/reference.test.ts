import { describe, expect, it } from 'vitest';
import { checkMatmulSamples } from './reference.js';
import { uniformMatrix } from './random.js';

function cpuMatmul(a: Float32Array, b: Float32Array, n: number): Float32Array {
  const c = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] = Math.fround(c[i * n + j]! + Math.fround(a[i * n + k]! * b[k * n + j]!));
  return c;
}

describe('checkMatmulSamples', () => {
  const n = 48;
  const x = uniformMatrix(n, 7);
  const y = cpuMatmul(x, x, n);
  it('passes an f32 product computed in another order', () => {
    const r = checkMatmulSamples('ok', x, x, y, n, 200);
    expect(r.passed).toBe(true);
    expect(r.maxRelError).toBeGreaterThan(0);
    expect(r.maxRelError).toBeLessThan(1e-5);
  });
  it('fails a result 0.1 % off (far beyond the bound) and a NaN', () => {
    const bad = y.slice();
    bad[n * n - 1] = bad[n * n - 1]! * 1.001; // the corner is always sampled
    expect(checkMatmulSamples('bad', x, x, bad, n).passed).toBe(false);
    const nan = y.slice();
    nan[0] = Number.NaN;
    const r = checkMatmulSamples('nan', x, x, nan, n);
    expect(r.passed).toBe(false);
    expect(Number.isFinite(r.maxAbsError)).toBe(true);
  });
  it('is reproducible: the same seed gives the same matrix', () => {
    expect(uniformMatrix(5, 3)).toEqual(uniformMatrix(5, 3));
    expect(uniformMatrix(5, 3)).not.toEqual(uniformMatrix(5, 4));
    expect(Math.max(...uniformMatrix(64, 1))).toBeLessThan(1);
  });
});
