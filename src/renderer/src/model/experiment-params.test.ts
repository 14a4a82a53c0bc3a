// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { defaultForm, parseForm, positiveInteger } from './experiment-params';

describe('experiment parameters', () => {
  it('starts from the experiment defaults', () => {
    const form = defaultForm({ id: 'x', title: 'X', question: 'q', method: 'm', defaults: { size: 1024, reps: 20, repeat: 5 } });
    expect(form).toEqual({ size: '1024', reps: '20', repeat: '5', adapter: '' });
    expect(parseForm(form)).toEqual({ params: { size: 1024, reps: 20, repeat: 5 } });
  });

  it('accepts positive integers only', () => {
    for (const bad of ['', '0', '-3', '1.5', '1e3', 'abc', '12 cats', '99999999']) expect(positiveInteger(bad, 'Size').error).toBeDefined();
    expect(positiveInteger(' 256 ', 'Size')).toEqual({ value: 256 });
  });

  it('names every invalid field, and passes an adapter name on when given', () => {
    expect(parseForm({ size: '0', reps: 'x', repeat: '1', adapter: '' }).errors).toEqual({
      size: 'Size must be at least 1',
      reps: 'Repetitions must be a positive integer',
    });
    expect(parseForm({ size: '64', reps: '3', repeat: '2', adapter: ' llvmpipe ' }).params).toEqual({ size: 64, reps: 3, repeat: 2, adapter: 'llvmpipe' });
  });

  it('takes rounds (--repeat K) in 1..100 only', () => {
    expect(parseForm({ size: '64', reps: '3', repeat: '0', adapter: '' }).errors).toEqual({ repeat: 'Rounds must be at least 1' });
    expect(parseForm({ size: '64', reps: '3', repeat: 'abc', adapter: '' }).errors).toEqual({ repeat: 'Rounds must be a positive integer' });
    expect(parseForm({ size: '64', reps: '3', repeat: '101', adapter: '' }).errors).toEqual({ repeat: 'Rounds must be at most 100' });
    expect(parseForm({ size: '64', reps: '3', repeat: '100', adapter: '' }).params).toEqual({ size: 64, reps: 3, repeat: 100 });
  });
});
