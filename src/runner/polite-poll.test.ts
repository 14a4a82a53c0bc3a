import { describe, expect, it } from 'vitest';
import { politeSetImmediate } from './polite-poll.js';

/** A fake clock and a sleep that advances it: what the polite setImmediate decides, call by call. */
function harness(windowMs = 1, sleepUs = 100) {
  let t = 0;
  const slept: number[] = [];
  const queued: unknown[][] = [];
  const real = ((cb: (...a: unknown[]) => void, ...args: unknown[]) => {
    queued.push(args);
    cb(...args);
    return {} as NodeJS.Immediate;
  }) as unknown as typeof setImmediate;
  const polite = politeSetImmediate(
    real,
    () => t,
    (us) => {
      slept.push(us);
      t += us / 1000;
    },
    windowMs,
    sleepUs,
  );
  return { polite, slept, queued, advance: (ms: number) => (t += ms) };
}

describe('politeSetImmediate', () => {
  it('queues a one-off call at once and sleeps before each call of a poll loop', () => {
    const h = harness();
    const seen: number[] = [];
    h.polite((x: number) => seen.push(x), 1); // the first call: nothing before it
    expect(h.slept).toEqual([]);
    h.advance(0.01);
    h.polite((x: number) => seen.push(x), 2); // 10 µs later: a poll loop
    h.advance(0.5);
    h.polite((x: number) => seen.push(x), 3); // 500 µs after the last one ended: still within 1 ms
    expect(h.slept).toEqual([100, 100]);
    expect(seen).toEqual([1, 2, 3]);
    expect(h.queued).toEqual([[1], [2], [3]]);
  });

  it('does not sleep when the calls are further apart than the window', () => {
    const h = harness();
    h.polite(() => undefined);
    h.advance(1);
    h.polite(() => undefined);
    h.advance(5);
    h.polite(() => undefined);
    expect(h.slept).toEqual([]);
  });

  it('measures the window from the end of the last sleep, so a loop sleeps on every turn', () => {
    const h = harness(1, 2000); // a sleep longer than the window
    h.polite(() => undefined);
    h.polite(() => undefined); // sleeps 2 ms
    h.polite(() => undefined); // the previous call ended just now: sleeps again
    expect(h.slept).toEqual([2000, 2000]);
  });

  it('sleeps on the thread for real by default', () => {
    let calls = 0;
    const polite = politeSetImmediate(((cb: () => void) => {
      calls++;
      cb();
      return {} as NodeJS.Immediate;
    }) as unknown as typeof setImmediate);
    polite(() => undefined);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) polite(() => undefined);
    // 20 sleeps of 100 µs: at least 2 ms, whatever the timer slack adds.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2);
    expect(calls).toBe(21);
  });
});
