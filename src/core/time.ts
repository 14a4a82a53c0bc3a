/**
 * Time in Parascope's trace model.
 *
 * Every instant in a trace is an integer number of nanoseconds relative to the trace's origin
 * (`TraceMeta.originHostNs`, an absolute host-clock reading kept as a decimal string because it
 * does not fit a double). Relative nanoseconds fit a double exactly for 104 days, so analysis can
 * use plain `number` arithmetic at full speed. Absolute clock readings (host `hrtime`, GPU
 * timestamps) are `bigint` and only ever meet the model through `toRelNs`.
 *
 * The two are different types on purpose: mixing µs (Chrome JSON) and ns, or absolute and
 * relative, is the classic profiler bug.
 */

/** Integer nanoseconds relative to the trace origin. */
export type Ns = number & { readonly __unit: 'ns-rel' };
/** Absolute nanoseconds on some clock (host monotonic clock, GPU timestamp counter). */
export type AbsNs = bigint;

export function ns(value: number): Ns {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite time: ${value}`);
  return Math.round(value) as Ns;
}

/** Relative ns from an absolute reading on the same clock as `origin`. */
export function toRelNs(abs: AbsNs, origin: AbsNs): Ns {
  return Number(abs - origin) as Ns;
}

export function nsToMs(t: number): number {
  return t / 1e6;
}

export function usToNs(us: number): Ns {
  return ns(us * 1000);
}

/** Human-readable duration with an adaptive unit, e.g. `812 ns`, `4.53 ms`. */
export function formatDuration(t: number): string {
  const a = Math.abs(t);
  if (a < 1e3) return `${Math.round(t)} ns`;
  if (a < 1e6) return `${(t / 1e3).toFixed(a < 1e4 ? 2 : 1)} µs`;
  if (a < 1e9) return `${(t / 1e6).toFixed(a < 1e7 ? 3 : a < 1e8 ? 2 : 1)} ms`;
  return `${(t / 1e9).toFixed(3)} s`;
}
