import { describe, expect, it } from 'vitest';
import { LaneIndex } from './flow-binding.js';
import { scenario } from '../testing/scenario.js';

describe('LaneIndex (Trace Event Format flow binding)', () => {
  const t = scenario([
    ['gpu', 'a', 'compute', 0, 10],
    ['gpu', 'b', 'compute', 10, 10],
    ['gpu', 'parent', 'compute', 100, 100],
    ['gpu', 'child', 'compute', 120, 10],
    ['gpu', 'later', 'compute', 300, 5],
  ]);
  const idx = new LaneIndex(t.ops);
  const lane = t.lanes[0]!.id;
  it('binds to the slice that starts at the timestamp rather than the one ending there', () => {
    expect(idx.enclosing(lane, 10)?.name).toBe('b');
  });
  it('binds to the deepest enclosing slice', () => {
    expect(idx.enclosing(lane, 125)?.name).toBe('child');
    expect(idx.enclosing(lane, 150)?.name).toBe('parent');
  });
  it('finds nothing in a gap or on another lane', () => {
    expect(idx.enclosing(lane, 250)).toBeUndefined();
    expect(idx.enclosing('9:9', 5)).toBeUndefined();
  });
  it('binds an f without bp to the next slice starting at or after it', () => {
    expect(idx.nextStarting(lane, 250)?.name).toBe('later');
    expect(idx.nextStarting(lane, 301)).toBeUndefined();
  });
  it('sorts a lane listed out of order (later first, a child before its parent) the same way', () => {
    // Written out of order: 'later' [300, 305), 'child' [120, 130), 'b' [10, 20), 'parent' [100, 200), 'a' [0, 10).
    const shuffled = scenario([
      ['gpu', 'later', 'compute', 300, 5],
      ['gpu', 'child', 'compute', 120, 10],
      ['gpu', 'b', 'compute', 10, 10],
      ['gpu', 'parent', 'compute', 100, 100],
      ['gpu', 'a', 'compute', 0, 10],
      ['gpu', 'twin', 'compute', 100, 50], // starts with 'parent', shorter: sorted after it
    ]);
    const s = new LaneIndex(shuffled.ops);
    const l = shuffled.lanes[0]!.id;
    expect(s.enclosing(l, 10)?.name).toBe('b');
    expect(s.enclosing(l, 125)?.name).toBe('child');
    expect(s.enclosing(l, 140)?.name).toBe('twin'); // the deepest: the later of the two starting at 100 in sorted order
    expect(s.enclosing(l, 170)?.name).toBe('parent');
    expect(s.nextStarting(l, 21)?.name).toBe('parent'); // of the two starting at 100, the longer comes first
    expect(s.nextStarting(l, 250)?.name).toBe('later');
  });
});
