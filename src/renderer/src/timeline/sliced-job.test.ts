import { describe, expect, it } from 'vitest';
import { manyOpsTrace } from '../testing/test-traces.js';
import { buildArrowIndex, buildArrowIndexSteps } from './arrows.js';
import { buildTimelineIndex } from './lane-index.js';
import { minimapDensity, minimapDensitySteps } from './minimap-density.js';
import { pendingJobs, runInSlices, runToEnd, type SliceClock } from './sliced-job.js';

/** A clock whose time moves by `step` ms per reading and whose later tasks run when `drain` is called. */
function fakeClock(step: number): SliceClock & { drain(): number } {
  let t = 0;
  const queue: (() => void)[] = [];
  return {
    now: () => (t += step),
    later: (cb) => void queue.push(cb),
    drain() {
      let tasks = 0;
      while (queue.length > 0) {
        queue.shift()!();
        tasks++;
      }
      return tasks;
    },
  };
}

function* counter(n: number): Generator<void, number, void> {
  for (let i = 0; i < n; i++) yield;
  return n;
}

describe('runInSlices', () => {
  it('runs a job over several later tasks and hands over its result once', () => {
    const clock = fakeClock(1);
    const results: number[] = [];
    runInSlices(counter(20), (r) => results.push(r), 4, clock);
    expect(results).toEqual([]); // nothing runs in the caller's task
    expect(pendingJobs()).toBe(1);
    const tasks = clock.drain();
    expect(results).toEqual([20]);
    expect(pendingJobs()).toBe(0);
    expect(tasks).toBeGreaterThan(3); // 20 steps at ~2 clock readings each, 4 ms a slice
  });

  it('stops when cancelled', () => {
    const clock = fakeClock(1);
    const results: number[] = [];
    const cancel = runInSlices(counter(20), (r) => results.push(r), 4, clock);
    cancel();
    cancel();
    expect(pendingJobs()).toBe(0);
    clock.drain();
    expect(results).toEqual([]);
  });
});

describe('sliced builders give what the one-shot builders give', () => {
  const trace = manyOpsTrace(6, 3000);
  const index = buildTimelineIndex(trace);

  it('minimap density, in chunks of 7 ops', () => {
    const job = minimapDensitySteps(index, index.extent, 333, 7);
    let yields = 0;
    let r = job.next();
    while (!r.done) {
      yields++;
      r = job.next();
    }
    expect(yields).toBeGreaterThan(1000);
    expect(r.value).toEqual(minimapDensity(index, index.extent, 333));
    expect(r.value.cover.some((v) => v > 0)).toBe(true);
  });

  it('arrow index, in chunks of 5 iterations', () => {
    const sliced = runToEnd(buildArrowIndexSteps(trace, index, 5));
    expect(sliced.count).toBeGreaterThan(100);
    expect(sliced).toEqual(buildArrowIndex(trace, index));
  });
});
