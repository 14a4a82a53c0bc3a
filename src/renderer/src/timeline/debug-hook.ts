/**
 * A tiny hook for end-to-end and performance tests, installed only when the page URL has `?debug`:
 * `window.__parascopeTimeline` drives the view and reports what the last frame cost and drew.
 */

export interface TimelineDebugHook {
  /** ms per rendered frame (measured with performance.now around the draw), oldest first; the last MAX_FRAME_TIMES kept. */
  readonly frameTimes: number[];
  /** Zoom by `factor` (> 1 zooms in) around plot x `atX` (CSS px). */
  zoom(factor: number, atX: number): void;
  /** Pan by `dx` CSS px (positive shows later times). */
  pan(dx: number): void;
  fit(): void;
  /** Draws every dependency in view (true) or only the selection's (false, the default). */
  showAllArrows(on: boolean): void;
  /** Types `text` into the search box (text, or /regex/; '' clears it): matches are then outlined every frame. */
  search(text: string): void;
  /** Builds still running in slices after the first frame (sliced-job.ts): arrows, the overview's density. */
  pendingJobs(): number;
  /** Pins lane `lane` (an index of the trace's lanes) to the top, or unpins it. */
  togglePin(lane: number): void;
  /** Where op `id` is drawn now: the middle of its bar in canvas CSS px (in the pinned area or the rows), or undefined. */
  opCenter(id: number): { x: number; y: number } | undefined;
  /** Arrows and rects drawn by the last frame. */
  arrowsDrawn: number;
  rectsDrawn: number;
  /** Search-match outlines drawn by the last frame. */
  searchRectsDrawn: number;
  /** The time window the last frame showed, ns. */
  window: { start: number; end: number };
}

declare global {
  interface Window {
    __parascopeTimeline?: TimelineDebugHook;
  }
}

export const MAX_FRAME_TIMES = 10_000;

export function debugRequested(search: string): boolean {
  return new URLSearchParams(search).has('debug');
}

/** Installs `hook` as `window.__parascopeTimeline`; the returned function removes it (if it is still the one installed). */
export function installDebugHook(hook: TimelineDebugHook): () => void {
  window.__parascopeTimeline = hook;
  return () => {
    if (window.__parascopeTimeline === hook) delete window.__parascopeTimeline;
  };
}

export function recordFrameTime(hook: TimelineDebugHook, ms: number): void {
  hook.frameTimes.push(ms);
  if (hook.frameTimes.length > MAX_FRAME_TIMES) hook.frameTimes.splice(0, hook.frameTimes.length - MAX_FRAME_TIMES);
}
