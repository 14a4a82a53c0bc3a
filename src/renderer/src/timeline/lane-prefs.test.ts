import { describe, expect, it } from 'vitest';
import { lanePrefsOf, rowDensitySetting, saveLanePrefs, setRowDensitySetting, toggled, togglePinned } from './lane-prefs.js';

describe('lane preferences', () => {
  it('pins in order and unpins in place', () => {
    expect(togglePinned([], 3)).toEqual([3]);
    expect(togglePinned([3], 1)).toEqual([3, 1]);
    expect(togglePinned([3, 1, 4], 1)).toEqual([3, 4]);
    expect([...toggled(new Set([2]), 5)].sort()).toEqual([2, 5]);
    expect([...toggled(new Set([2, 5]), 2)]).toEqual([5]);
  });

  it('keeps each trace’s own, starts a new trace with none, and keeps the row height for all', () => {
    const a = {};
    const b = {};
    saveLanePrefs(a, { pinned: [2], taller: new Set([1]) });
    expect(lanePrefsOf(a).pinned).toEqual([2]);
    expect(lanePrefsOf(b)).toEqual({ pinned: [], taller: new Set() });
    setRowDensitySetting('compact');
    expect(rowDensitySetting()).toBe('compact');
    setRowDensitySetting('normal');
  });
});
