import { describe, expect, it } from 'vitest';
import { revealWindow, zoomToFit } from './reveal.js';
import type { ViewLimits } from './viewport.js';

const LIMITS: ViewLimits = { start: 0, end: 1000, minSpan: 10 };

describe('revealWindow', () => {
  it('keeps the window when the op is in view and wide enough', () => {
    // [100, 300] on 1000 px: 5 px per ns; op [150, 160] is 50 px wide
    expect(revealWindow({ start: 100, end: 300 }, 150, 160, 1000, LIMITS)).toEqual({ start: 100, end: 300 });
  });

  it('centres an op that is out of view, keeping the zoom', () => {
    // op [600, 620] (100 px at 5 px/ns), centre 610 → [510, 710]
    expect(revealWindow({ start: 100, end: 300 }, 600, 620, 1000, LIMITS)).toEqual({ start: 510, end: 710 });
  });

  it('zooms in on an op too narrow to see, to about 40 px', () => {
    // whole trace on 1000 px: 1 px per ns; op [500, 501] is 1 px → span 1 × 1000 / 40 = 25 ns around 500.5
    expect(revealWindow({ start: 0, end: 1000 }, 500, 501, 1000, LIMITS)).toEqual({ start: 488, end: 513 });
    // never narrower than the limits allow: a 0-ns op gets the minimal span, 10 ns
    expect(revealWindow({ start: 0, end: 1000 }, 500, 500, 1000, LIMITS)).toEqual({ start: 495, end: 505 });
  });

  it('fits an op longer than the window, with 5 % on each side', () => {
    // op [200, 400]: margin 10 → [190, 410]
    expect(revealWindow({ start: 250, end: 260 }, 200, 400, 1000, LIMITS)).toEqual({ start: 190, end: 410 });
  });
});

describe('zoomToFit', () => {
  it('fits with margins, inside the limits', () => {
    expect(zoomToFit(100, 300, LIMITS)).toEqual({ start: 90, end: 310 });
    // at the edge the window moves inside: [−45, 945] → [0, 990]
    expect(zoomToFit(0, 900, LIMITS)).toEqual({ start: 0, end: 990 });
  });
});
