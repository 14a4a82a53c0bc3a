import { describe, expect, it } from 'vitest';
import { profileRuns, repeatProblem, runFailed } from './repeat.js';

describe('the series of --repeat K', () => {
  it('stops at the first run that failed: a non-zero exit, a signal, a timeout, a Ctrl-C', () => {
    const ok = { exitCode: 0, exitSignal: null, timedOut: false, interrupted: false };
    expect(runFailed(ok)).toBe(false);
    expect(runFailed({ ...ok, exitCode: 4 })).toBe(true);
    expect(runFailed({ ...ok, exitCode: null, exitSignal: 'SIGSEGV' })).toBe(true);
    expect(runFailed({ ...ok, exitCode: null, exitSignal: 'SIGKILL', timedOut: true })).toBe(true);
    // A program that handles Ctrl-C and exits 0 still ends the series: the user asked to stop.
    expect(runFailed({ ...ok, interrupted: true })).toBe(true);
  });

  it('takes K in 1..MAX_REPEAT only', async () => {
    expect(repeatProblem(1)).toBeUndefined();
    expect(repeatProblem(100)).toBeUndefined();
    for (const k of [0, 101, 1.5, -1, Number.NaN]) expect(repeatProblem(k)).toBe('--repeat must be an integer in 1..100 (runs of the program)');
    await expect(profileRuns({ command: ['node', 'x.mjs'], perPass: false, timeoutS: 0, repeat: 0 })).rejects.toThrow('--repeat must be an integer in 1..100');
  });

  it('a cancel before the first run runs nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const s = await profileRuns({ command: ['node', 'never-run.mjs'], perPass: false, timeoutS: 0, repeat: 3, signal: ac.signal });
    expect(s).toEqual({ runs: [], stopped: 'the series was cancelled before its first run', stoppedBy: 'cancel' });
  });
});
