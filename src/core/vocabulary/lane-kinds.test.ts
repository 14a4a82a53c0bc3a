import { describe, expect, it } from 'vitest';
import { laneKindColorOf, laneKindLabel, laneKindShort, laneTitle } from './lane-kinds.js';

describe('lane-kind vocabulary', () => {
  it('names a GPU queue and a CPU thread, long and short, and colours them as their work', () => {
    expect([laneKindLabel('gpu'), laneKindLabel('cpu')]).toEqual(['GPU queue', 'CPU thread']);
    expect([laneKindShort('gpu'), laneKindShort('cpu')]).toEqual(['GPU', 'CPU']);
    expect([laneKindColorOf('gpu'), laneKindColorOf('cpu')]).toEqual(['compute', 'cpu']);
  });

  it('titles a lane with its kind and, when asked, its id', () => {
    const lane = { name: 'queue 0', kind: 'gpu', id: '1:2' } as const;
    expect(laneTitle(lane, true)).toBe('queue 0 (GPU queue, 1:2)');
    expect(laneTitle(lane, false)).toBe('queue 0 (GPU queue)');
  });
});
