// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatMs } from '@core/export/report-format';
import { sameRange, selectionLabel } from './time-range';

describe('selectionLabel', () => {
  it('states the window in the reports’ units, whichever way it was dragged', () => {
    const label = `Selection: ${formatMs(12.3)} – ${formatMs(45.6)} (${formatMs(33.3)})`;
    expect(selectionLabel({ start: 12.3e6, end: 45.6e6 })).toBe(label);
    expect(selectionLabel({ start: 45.6e6, end: 12.3e6 })).toBe(label);
  });

  it('compares windows by value', () => {
    expect(sameRange({ start: 1, end: 2 }, { start: 1, end: 2 })).toBe(true);
    expect(sameRange({ start: 1, end: 2 }, undefined)).toBe(false);
    expect(sameRange(undefined, undefined)).toBe(true);
  });
});
