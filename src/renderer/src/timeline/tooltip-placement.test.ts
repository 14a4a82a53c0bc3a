import { describe, expect, it } from 'vitest';
import { EDGE_GAP, placeTooltip, POINTER_GAP } from './tooltip-placement.js';

const WINDOW = { width: 1600, height: 1000 };
const TIP = { width: 300, height: 200 };
const inside = (p: { left: number; top: number }, tip = TIP) =>
  p.left >= 0 && p.top >= 0 && p.left + tip.width <= WINDOW.width && p.top + tip.height <= WINDOW.height;

describe('placeTooltip', () => {
  it('goes below and to the right of the pointer when it fits', () => {
    expect(placeTooltip({ x: 100, y: 100 }, TIP, WINDOW)).toEqual({ left: 100 + POINTER_GAP, top: 100 + POINTER_GAP });
  });

  it('flips left and up near the right and bottom edges', () => {
    expect(placeTooltip({ x: 1500, y: 950 }, TIP, WINDOW)).toEqual({ left: 1500 - POINTER_GAP - 300, top: 950 - POINTER_GAP - 200 });
  });

  it('is inside the window wherever the pointer is, even when larger than half of it', () => {
    const big = { width: 900, height: 700 };
    for (let x = 0; x <= WINDOW.width; x += 50)
      for (let y = 0; y <= WINDOW.height; y += 50) {
        expect(inside(placeTooltip({ x, y }, TIP, WINDOW)), `${x},${y}`).toBe(true);
        const p = placeTooltip({ x, y }, big, WINDOW);
        expect(inside(p, big), `big at ${x},${y}`).toBe(true);
        expect(p.left).toBeGreaterThanOrEqual(EDGE_GAP);
      }
  });
});
