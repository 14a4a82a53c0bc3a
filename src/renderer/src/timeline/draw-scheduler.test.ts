import { describe, expect, it } from 'vitest';
import { createDrawScheduler, type FrameClock } from './draw-scheduler.js';

/** A hand-driven clock: frames advance when the test says, microtasks run when flushed. */
function manualClock(withTimeline = true) {
  let time = 0;
  let frames: (() => void)[] = [];
  let micro: (() => void)[] = [];
  const clock: FrameClock = {
    frameTime: () => (withTimeline ? time : undefined),
    requestFrame: (cb) => frames.push(cb),
    cancelFrame: (h) => {
      frames[h - 1] = () => undefined;
    },
    microtask: (cb) => micro.push(cb),
  };
  return {
    clock,
    flushMicrotasks() {
      const m = micro;
      micro = [];
      for (const cb of m) cb();
    },
    /** The next frame: its time advances, then its callbacks run in order, each followed by microtasks. */
    frame(before: () => void = () => undefined) {
      time += 16;
      const f = frames;
      frames = [];
      before();
      this.flushMicrotasks();
      for (const cb of f) {
        cb();
        this.flushMicrotasks();
      }
    },
  };
}

describe('createDrawScheduler', () => {
  it('draws every change made in an animation frame, in that frame (240 changes, 240 draws)', () => {
    const c = manualClock();
    let draws = 0;
    const s = createDrawScheduler(() => draws++, c.clock);
    // A driver that changes the view inside each animation frame, as bench/timeline-perf.ts does.
    for (let i = 0; i < 240; i++) c.frame(() => s.request());
    expect(draws).toBe(240);
  });

  it('draws at most once per frame however many changes the frame makes', () => {
    const c = manualClock();
    let draws = 0;
    const s = createDrawScheduler(() => draws++, c.clock);
    c.frame(() => {
      s.request();
      s.request();
    });
    expect(draws).toBe(1);
    // A second burst in the same frame, after its draw: deferred to the next frame, not dropped.
    s.request();
    c.flushMicrotasks();
    expect(draws).toBe(1);
    c.frame();
    expect(draws).toBe(2);
  });

  it('falls back to animation frames without a document timeline', () => {
    const c = manualClock(false);
    let draws = 0;
    const s = createDrawScheduler(() => draws++, c.clock);
    s.request();
    c.flushMicrotasks();
    expect(draws).toBe(0);
    c.frame();
    expect(draws).toBe(1);
  });

  it('draws nothing after cancel', () => {
    const c = manualClock();
    let draws = 0;
    const s = createDrawScheduler(() => draws++, c.clock);
    s.request();
    s.cancel();
    c.frame();
    expect(draws).toBe(0);
  });
});
