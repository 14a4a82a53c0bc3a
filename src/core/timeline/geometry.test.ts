import { describe, expect, it } from 'vitest';
import { labelColumnPx, laneLabelPx, PAGE_TIMELINE, processLabelPx, SCREEN_TIMELINE } from './geometry.js';

describe('label column', () => {
  it('fits the longest estimated label, within each medium’s bounds', () => {
    expect(processLabelPx('GPU 0')).toBeCloseTo(5 * 6.9 * 1.08);
    expect(laneLabelPx('queue')).toBeCloseTo(5 * 6.9 + 14);
    expect(labelColumnPx(10, SCREEN_TIMELINE.labelMin, SCREEN_TIMELINE.labelMax)).toBe(120);
    expect(labelColumnPx(200, SCREEN_TIMELINE.labelMin, SCREEN_TIMELINE.labelMax)).toBe(224);
    expect(labelColumnPx(1000, SCREEN_TIMELINE.labelMin, SCREEN_TIMELINE.labelMax)).toBe(280);
    expect(labelColumnPx(10, PAGE_TIMELINE.labelMin, PAGE_TIMELINE.labelMax)).toBe(110);
  });
});
