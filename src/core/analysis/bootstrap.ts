/**
 * The median of repeated runs and its 95 % percentile-bootstrap interval (docs/metrics.md,
 * revision 2, `repeats`): 2,000 resamples of the runs with a fixed-seed generator, so the same
 * values always give the same interval. Hand-written rather than a statistics library because it
 * is twenty lines and must be bit-for-bit reproducible across platforms and versions (a library's
 * generator or its percentile rule may change under us).
 */

/** Resamples per interval (docs/metrics.md). */
export const BOOTSTRAP_RESAMPLES = 2000;
/** The generator's seed: fixed, so an interval is a function of the values alone. */
export const BOOTSTRAP_SEED = 0x9e3779b9;

/** The median of `xs` (mean of the two middle values for an even count); 0 for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** mulberry32: a small, well-distributed 32-bit generator; deterministic for a seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The 95 % percentile-bootstrap interval of the median of `xs`: the 2.5th and 97.5th percentiles
 * (nearest rank) of the medians of `resamples` resamples with replacement. One value (or none)
 * has no spread: the interval is that value at both ends ([0, 0] for none).
 */
export function bootstrapMedianCi95(xs: readonly number[], resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED): [number, number] {
  const n = xs.length;
  if (n === 0) return [0, 0];
  if (n === 1) return [xs[0]!, xs[0]!];
  const rand = mulberry32(seed);
  const medians = new Float64Array(resamples);
  const sample = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = xs[Math.floor(rand() * n)]!;
    medians[r] = median(sample);
  }
  medians.sort();
  const at = (q: number): number => medians[Math.min(resamples - 1, Math.max(0, Math.ceil(q * resamples) - 1))]!;
  return [at(0.025), at(0.975)];
}
