import { describe, expect, it } from 'vitest';
import { ns } from '../time.js';
import { phaseColorSlots, phaseLabel } from './phase-names.js';

const phase = (name: string, round?: number) => ({ name, start: ns(0), end: ns(1), ...(round !== undefined ? { round } : {}) });

describe('phase names on a timeline', () => {
  it('gives the runs of one name one colour, names in order of first appearance', () => {
    expect(phaseColorSlots([phase('A', 1), phase('B', 1), phase('T', 1), phase('A', 2), phase('B', 2), phase('T', 2)])).toEqual([0, 1, 2, 0, 1, 2]);
    expect(phaseColorSlots([phase('x'), phase('y')])).toEqual([0, 1]);
  });

  it('says the round of a repeated phase', () => {
    expect(phaseLabel(phase('GPU1 time', 2))).toBe('GPU1 time · round 2');
    expect(phaseLabel(phase('GPU1 time'))).toBe('GPU1 time');
  });
});
