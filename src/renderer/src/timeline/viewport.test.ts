import { describe, expect, it } from 'vitest';
import {
  FIT_MARGIN,
  MIN_SPAN_NS,
  centerOn,
  clampWindow,
  fit,
  limitsFor,
  panBy,
  scaleOf,
  timeTicks,
  timeToX,
  wheelZoomFactor,
  widenLimits,
  xToTime,
  zoomAt,
  type View,
  type ViewLimits,
} from './viewport.js';

const WIDE: ViewLimits = { start: -1e9, end: 1e9, minSpan: MIN_SPAN_NS };
const at = (start: number, end: number, width = 1000): View => ({ start, end, width });

describe('time ↔ pixels', () => {
  it('maps the window onto the width, both ways', () => {
    const v = at(1000, 3000, 500);
    expect(scaleOf(v)).toBe(0.25);
    expect(timeToX(v, 1000)).toBe(0);
    expect(timeToX(v, 3000)).toBe(500);
    expect(timeToX(v, 2000)).toBe(250);
    expect(xToTime(v, 250)).toBe(2000);
    expect(xToTime(v, timeToX(v, 1234.5))).toBeCloseTo(1234.5, 9);
  });
});

describe('zoom', () => {
  it('keeps the time under the pointer where it is', () => {
    const v = at(0, 1000);
    const w = zoomAt(v, 2, 250, WIDE);
    expect(w).toEqual({ start: 125, end: 625 });
    expect(xToTime({ ...w, width: 1000 }, 250)).toBe(250);
    // Out again by the same factor: back where it was.
    expect(zoomAt({ ...w, width: 1000 }, 0.5, 250, WIDE)).toEqual({ start: 0, end: 1000 });
    // Anywhere on the width, at any factor.
    for (const x of [0, 1, 333, 999, 1000]) {
      for (const f of [1.3, 1 / 1.3, 10]) {
        const z = zoomAt(at(5e5, 6e5), f, x, WIDE);
        expect(xToTime({ ...z, width: 1000 }, x)).toBeCloseTo(xToTime(at(5e5, 6e5), x), 6);
        expect(z.end - z.start).toBeCloseTo(1e5 / f, 6);
      }
    }
  });

  it('stops at the narrowest window and at the whole trace', () => {
    const limits: ViewLimits = { start: 0, end: 1000, minSpan: 10 };
    expect(zoomAt(at(0, 20), 100, 500, limits)).toEqual({ start: 5, end: 15 });
    // Zooming out at the right edge: the window cannot grow past the limits, so it moves.
    expect(zoomAt(at(500, 700), 0.1, 900, limits)).toEqual({ start: 0, end: 1000 });
    expect(zoomAt(at(800, 1000), 0.5, 1000, limits)).toEqual({ start: 600, end: 1000 });
  });

  it('gives wheel deltas an exponential factor', () => {
    expect(wheelZoomFactor(0)).toBe(1);
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1); // wheel up zooms in
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 12);
  });
});

describe('pan, fit and clamping', () => {
  const limits: ViewLimits = { start: 0, end: 1000, minSpan: 10 };

  it('pans by pixels of the current scale, and stops at the edges', () => {
    expect(panBy(at(100, 300), 500, limits)).toEqual({ start: 200, end: 400 }); // 500 px = 100 ns
    expect(panBy(at(100, 300), -5000, limits)).toEqual({ start: 0, end: 200 });
    expect(panBy(at(700, 900), 5000, limits)).toEqual({ start: 800, end: 1000 });
  });

  it('fits the whole trace with a small margin', () => {
    const l = limitsFor({ start: 1000, end: 2000 });
    expect(fit(l)).toEqual({ start: 1000 - 1000 * FIT_MARGIN, end: 2000 + 1000 * FIT_MARGIN });
    // An empty or instantaneous trace still gets a window.
    const empty = fit(limitsFor({ start: 0, end: 0 }));
    expect(empty.end - empty.start).toBe(MIN_SPAN_NS);
  });

  it('clamps windows into the limits without rescaling them', () => {
    expect(clampWindow({ start: -50, end: 50 }, limits)).toEqual({ start: 0, end: 100 });
    expect(clampWindow({ start: -500, end: 5000 }, limits)).toEqual({ start: 0, end: 1000 });
    expect(clampWindow({ start: 500, end: 502 }, limits)).toEqual({ start: 496, end: 506 });
    expect(clampWindow({ start: 5, end: 5 }, limits)).toEqual({ start: 0, end: 1000 });
  });

  it('widens the limits to a window imposed from outside (a shared scale)', () => {
    const l = widenLimits(limits, { start: 0, end: 5000 });
    expect(fit(l)).toEqual({ start: 0, end: 5000 });
    expect(widenLimits(limits, undefined)).toBe(limits);
  });

  it('centres a window on a time, keeping its span', () => {
    expect(centerOn({ start: 0, end: 100 }, 500, limits)).toEqual({ start: 450, end: 550 });
  });
});

describe('timeTicks', () => {
  it('chooses a 1/2/5 step and the unit its labels read best in', () => {
    const unit = (span: number): string => timeTicks(at(0, span)).unit;
    expect(unit(50)).toBe('ns');
    expect(unit(20_000)).toBe('µs');
    expect(unit(3e6)).toBe('ms');
    expect(unit(5e9)).toBe('s');
    const t = timeTicks(at(0, 1e6));
    expect(t.step).toBe(1e5);
    expect(t.ticks.map((k) => k.label)).toEqual(['0.0 ms', '0.1 ms', '0.2 ms', '0.3 ms', '0.4 ms', '0.5 ms', '0.6 ms', '0.7 ms', '0.8 ms', '0.9 ms', '1.0 ms']);
    expect(t.ticks.map((k) => k.x)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('stays exact far from zero at a fine step', () => {
    const t = timeTicks(at(5e9, 5e9 + 1000));
    expect(t.step).toBe(100);
    expect(t.ticks[0]!.t).toBe(5e9);
    expect(t.ticks[1]!.label).toBe('5000000.1 µs');
    expect(t.ticks.every((k, i) => i === 0 || k.t - t.ticks[i - 1]!.t === t.step)).toBe(true);
  });

  it('returns no ticks for an empty view', () => {
    expect(timeTicks(at(0, 1000, 0)).ticks).toEqual([]);
  });
});
