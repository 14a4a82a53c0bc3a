/**
 * Work that the first frame does not need, done in slices between frames. At 10,000,000 ops the
 * overview strip's density and the dependency arrows' index take a second or more to build
 * (bench/timeline-perf.ts --chrome-trace); done before the first frame they delay it, done in
 * one go after it they freeze the page. A builder is written once, as a generator that yields
 * every so often; `runToEnd` runs it at once (small traces, tests), `runInSlices` runs it a few
 * ms at a time from macrotasks, so frames keep being drawn while it works.
 */

/** A build that yields (nothing) between chunks of its work and returns its result. */
export type SlicedJob<T> = Generator<void, T, void>;

/** Iterations between yields in the builders' loops: a few ms of work at most. */
export const SLICE_ITEMS = 1 << 16;

/** Traces with fewer ops than this are indexed at once: it costs less than a frame. */
export const DEFER_MIN_OPS = 200_000;

export function runToEnd<T>(job: SlicedJob<T>): T {
  for (;;) {
    const r = job.next();
    if (r.done) return r.value;
  }
}

export interface SliceClock {
  now(): number;
  /** Runs `cb` in a later task (after the browser has had the chance to draw a frame). */
  later(cb: () => void): void;
}

const browserClock: SliceClock = {
  now: () => performance.now(),
  // A message, not setTimeout(0): nested timeouts are held back 4 ms each, a third of the time idle.
  later: (cb) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      cb();
    };
    channel.port2.postMessage(null);
  },
};

let running = 0;

/** Sliced jobs started and not yet finished or cancelled (the debug hook reports it: benchmarks wait for 0). */
export function pendingJobs(): number {
  return running;
}

/**
 * Runs `job` from later tasks, at most about `sliceMs` per task, and hands its result to `done`.
 * Returns a function that abandons it (a new trace came before it finished).
 */
export function runInSlices<T>(job: SlicedJob<T>, done: (result: T) => void, sliceMs = 8, clock: SliceClock = browserClock): () => void {
  let cancelled = false;
  let finished = false;
  running++;
  const slice = (): void => {
    if (cancelled) return;
    const until = clock.now() + sliceMs;
    for (;;) {
      const r = job.next();
      if (r.done) {
        finished = true;
        running--;
        done(r.value);
        return;
      }
      if (clock.now() >= until) break;
    }
    clock.later(slice);
  };
  clock.later(slice);
  return () => {
    if (!cancelled && !finished) running--;
    cancelled = true;
  };
}
