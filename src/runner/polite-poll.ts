/**
 * Dawn's Node binding waits for GPU work by polling: while any of its promises is pending
 * (`onSubmittedWorkDone`, `mapAsync`, …) it re-queues a tick of the device with the global
 * `setImmediate`, so the JavaScript thread spins at 100 % of a core for as long as the GPU works
 * (docs/platform-facts.md, "Dawn's wait is a busy loop"). On a hardware GPU that costs the host a
 * core and buys the lowest wake-up latency. On a software adapter (lavapipe) the "GPU" is the CPU,
 * and the spinning thread takes its core from the adapter: measured on a 2-core machine, a kernel
 * of 0.75 s took 0.47 s without the spin, and two devices' rounds of the same work varied
 * 14–36 ms against 14–18 ms — the profiler was slowing down and shaking what it measured.
 *
 * So on a software adapter the recorder makes the poll polite: a `setImmediate` that comes within
 * SPIN_WINDOW_MS of the previous one (a poll loop, not a one-off) first sleeps SLEEP_US on the
 * thread (`Atomics.wait`, the one sub-millisecond sleep JavaScript has; `setTimeout` rounds to
 * 1 ms). A wait then ends at most about SLEEP_US (plus the kernel's timer slack) after the work
 * did, and the thread is asleep instead of spinning. Only the recorder's own experiment processes
 * install it (a profiled program runs unchanged), and only for software adapters.
 */

/** Calls closer together than this are a poll loop. */
export const SPIN_WINDOW_MS = 1;
/** The sleep before each call of a poll loop. */
export const SLEEP_US = 100;

let installed = false;

/** Whether the polite poll is installed in this process. */
export function politePollInstalled(): boolean {
  return installed;
}

/**
 * A `setImmediate` that sleeps `sleepUs` before queueing when the previous call was less than
 * `windowMs` ago; `now` and `sleep` are the clock and the sleep (injectable for the unit test).
 */
export function politeSetImmediate(
  real: typeof setImmediate,
  now: () => number = () => performance.now(),
  sleep: (us: number) => void = sleepOnThread,
  windowMs = SPIN_WINDOW_MS,
  sleepUs = SLEEP_US,
): typeof setImmediate {
  let last = -Infinity;
  const polite = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    const t = now();
    if (t - last < windowMs) sleep(sleepUs);
    last = now();
    return real(callback, ...args);
  }) as typeof setImmediate;
  // `util.promisify(setImmediate)` and the `__promisify__` typing keep working through the original.
  return Object.assign(polite, { __promisify__: real.__promisify__ });
}

const cell = new Int32Array(new SharedArrayBuffer(4));
/** Blocks this thread for `us` microseconds (nothing ever notifies the cell). */
function sleepOnThread(us: number): void {
  Atomics.wait(cell, 0, 0, us / 1000);
}

/** What the trace header's notes say when the poll was polite. */
export const POLITE_POLL_NOTE = `software adapter: the recorder's waits for GPU work sleep ${SLEEP_US} µs between Dawn's polls instead of spinning a CPU core the adapter needs (a wait may end up to ~${SLEEP_US} µs late)`;

/** The header notes of a recording made in this process: the polite poll's, when it was installed. */
export function pollNotes(): string[] {
  return installed ? [POLITE_POLL_NOTE] : [];
}

/** Replaces the global `setImmediate` with the polite one, once per process. */
export function installPolitePoll(): void {
  if (installed) return;
  globalThis.setImmediate = politeSetImmediate(globalThis.setImmediate);
  installed = true;
}
