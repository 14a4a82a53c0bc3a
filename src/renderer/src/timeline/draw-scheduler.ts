/**
 * When the timeline draws. A change must be on screen in the frame it was made in, or the next:
 * drawing only from `requestAnimationFrame` is not enough, because a change made inside another
 * animation-frame callback (an animation, a benchmark driving zoom) reaches us after this frame's
 * callbacks were chosen, and the next frame's callbacks may change the view again before ours
 * runs — so every other change was never drawn (issue 13: 119 frames drawn for 240).
 *
 * The rule: at most one draw per frame; a change in a frame that has not been drawn yet is drawn
 * at the end of the current task (a microtask, before the browser paints); a change in a frame
 * already drawn waits for the next animation frame. "Which frame" is the document timeline's
 * current time, the same for every callback of one frame. Without a document timeline (a test
 * environment), every draw goes through requestAnimationFrame.
 */

export interface FrameClock {
  /** The current frame's time; null or undefined when there is none. */
  frameTime(): number | null | undefined;
  requestFrame(cb: () => void): number;
  cancelFrame(handle: number): void;
  microtask(cb: () => void): void;
}

export function browserFrameClock(): FrameClock {
  const timeline = (globalThis as { document?: { timeline?: { currentTime: unknown } } }).document?.timeline;
  return {
    frameTime: () => {
      const t = timeline?.currentTime;
      return typeof t === 'number' ? t : undefined;
    },
    requestFrame: (cb) => requestAnimationFrame(cb),
    cancelFrame: (h) => cancelAnimationFrame(h),
    microtask: (cb) => queueMicrotask(cb),
  };
}

export interface DrawScheduler {
  /** Asks for a draw; several requests before it happens give one draw. */
  request(): void;
  /** Forgets a pending draw (unmount). */
  cancel(): void;
}

export function createDrawScheduler(draw: () => void, clock: FrameClock = browserFrameClock()): DrawScheduler {
  let pending = false;
  let frameHandle: number | undefined;
  let cancelled = false;
  let lastDrawnFrame: number | undefined;

  const run = (): void => {
    frameHandle = undefined;
    if (!pending || cancelled) return;
    pending = false;
    lastDrawnFrame = clock.frameTime() ?? undefined;
    draw();
  };

  return {
    request() {
      cancelled = false;
      if (pending) return;
      pending = true;
      const now = clock.frameTime();
      if (now !== null && now !== undefined && now !== lastDrawnFrame) clock.microtask(run);
      else frameHandle = clock.requestFrame(run);
    },
    cancel() {
      cancelled = true;
      pending = false;
      if (frameHandle !== undefined) clock.cancelFrame(frameHandle);
      frameHandle = undefined;
    },
  };
}
