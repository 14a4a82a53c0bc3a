import { describe, expect, it } from 'vitest';
import { scenario, withMeta } from '@core/testing/scenario';
import { sampleNote } from './sample-note';

describe('sampleNote', () => {
  it('says where and when a recording was made, from its header', () => {
    const t = withMeta(scenario([['gpu', 'k', 'compute', 0, 10]]));
    expect(sampleNote(t, 'x.json.gz')).toBe('A sample that comes with Parascope: Scenario, recorded on A (vulkan) on 2026-11-27, not on this machine.');
  });

  it('still says it is a sample when the trace has no Parascope header', () => {
    expect(sampleNote(scenario([['gpu', 'k', 'compute', 0, 10]]), 'torch.json')).toBe('torch.json is a sample that comes with Parascope.');
  });
});
