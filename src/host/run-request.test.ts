import { describe, expect, it } from 'vitest';
import { parseFileRunParams, parseRunRequest } from './run-request.js';

describe('parseRunRequest', () => {
  it('accepts an experiment id and positive integer parameters', () => {
    expect(parseRunRequest('seed-parallel', { size: 32, reps: 2 })).toEqual({ experiment: 'seed-parallel', params: { size: 32, reps: 2 } });
    expect(parseRunRequest('seed-compute-copy', { size: 8, reps: 1, adapter: 'llvm', extra: 1 })).toEqual({
      experiment: 'seed-compute-copy',
      params: { size: 8, reps: 1, adapter: 'llvm' },
    });
  });

  it('refuses ids that could leave the recordings folder, and bad numbers', () => {
    for (const id of ['../x', 'a/b', '', 'A', '-x', 3, undefined]) expect(() => parseRunRequest(id, { size: 1, reps: 1 })).toThrow(/unknown experiment/);
    expect(() => parseRunRequest('x', null)).toThrow(/must be an object/);
    for (const size of [0, -1, 1.5, '32', Number.NaN, 2 ** 60])
      expect(() => parseRunRequest('x', { size, reps: 1 })).toThrow(/size must be a positive integer/);
    expect(() => parseRunRequest('x', { size: 1 })).toThrow(/reps must be a positive integer/);
    expect(() => parseRunRequest('x', { size: 1, reps: 1, adapter: 7 })).toThrow(/adapter/);
  });

  it('takes the rounds (--repeat K) in 1..100, absent meaning the experiment default', () => {
    expect(parseRunRequest('seed-parallel', { size: 32, reps: 2, repeat: 3 }).params).toEqual({ size: 32, reps: 2, repeat: 3 });
    for (const repeat of [0, 101, 2.5, '3', null])
      expect(() => parseRunRequest('seed-parallel', { size: 32, reps: 2, repeat })).toThrow(/^repeat must be an integer in 1\.\.100, got /);
  });
});

describe('parseFileRunParams', () => {
  it('takes only the adapter and the rounds: an experiment file gives its own sizes', () => {
    expect(parseFileRunParams({})).toEqual({});
    expect(parseFileRunParams({ adapter: 'llvm', size: 5 })).toEqual({ adapter: 'llvm' });
    expect(parseFileRunParams({ repeat: 4 })).toEqual({ repeat: 4 });
    expect(() => parseFileRunParams({ repeat: 0 })).toThrow(/repeat must be an integer in 1\.\.100/);
    expect(() => parseFileRunParams(undefined)).toThrow(/must be an object/);
    expect(() => parseFileRunParams({ adapter: ['x'] })).toThrow(/adapter must be a string/);
    expect(() => parseFileRunParams({ adapter: 'x'.repeat(201) })).toThrow(/adapter must be a string/);
  });
});
