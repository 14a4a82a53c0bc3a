import { describe, expect, it } from 'vitest';
import { grabOffset, minimapTime, windowAt } from './minimap-drag.js';

const EXTENT = { start: 0, end: 1000 };

describe('minimap drag', () => {
  it('maps x to time over the whole trace, clamped to the strip', () => {
    expect(minimapTime(50, 200, EXTENT)).toBe(250); // 50 / 200 of 1000
    expect(minimapTime(-5, 200, EXTENT)).toBe(0);
    expect(minimapTime(300, 200, EXTENT)).toBe(1000);
  });

  it('a press inside the viewport grabs it there; outside, centres it on the pointer', () => {
    const win = { start: 100, end: 300 };
    expect(grabOffset(150, win)).toBe(50);
    expect(windowAt(650, 50, win)).toEqual({ start: 600, end: 800 }); // dragged to 650: 50 ns into the window
    expect(grabOffset(800, win)).toBe(100); // half the span
    expect(windowAt(800, 100, win)).toEqual({ start: 700, end: 900 });
  });
});
