import { describe, expect, it } from 'vitest';
import { EXPERIMENT_IDS } from './catalog.js';
import { nearestName } from './nearest-name.js';

describe('nearestName', () => {
  it('names the experiment a typo most likely meant', () => {
    expect(nearestName('seed-paralel', EXPERIMENT_IDS)).toBe('seed-parallel');
    expect(nearestName('Seed-Parallel', EXPERIMENT_IDS)).toBe('seed-parallel');
    expect(nearestName('seed-compute-cpy', EXPERIMENT_IDS)).toBe('seed-compute-copy');
    expect(nearestName('ex2', EXPERIMENT_IDS)).toBe('ex2-small-ops');
  });

  it('guesses nothing when nothing is close, or two names are equally close', () => {
    expect(nearestName('nope', EXPERIMENT_IDS)).toBeUndefined();
    expect(nearestName('seed', EXPERIMENT_IDS)).toBeUndefined();
    expect(nearestName('ex', EXPERIMENT_IDS)).toBeUndefined();
    expect(nearestName('', EXPERIMENT_IDS)).toBeUndefined();
  });
});
