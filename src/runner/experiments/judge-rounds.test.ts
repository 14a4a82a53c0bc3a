/** Verdict states from rounds (docs/metrics.md "Verdict states"), on hand-made traces whose answers are known by construction. */
import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi95 } from '../../core/analysis/bootstrap.js';
import type { Phase, Trace } from '../../core/model.js';
import { ns } from '../../core/time.js';
import { scenario, withMeta } from '../../core/testing/scenario.js';
import { SEED_PARALLEL_PHASES as P } from './catalog.js';
import { phaseNamed, phaseTime, speedupMeasure, speedupOf, totalVsSumFinding } from './judge-kit.js';
import { combine, judgeRounds, roundView, settle, severityOf, stateOf, type Finding } from './judge-rounds.js';
import { judgeParallel } from './seed-parallel/judge.js';

const MS = 1e6;
const phase = (name: string, startMs: number, endMs: number, round?: number): Phase => ({
  name,
  start: ns(startMs * MS),
  end: ns(endMs * MS),
  ...(round !== undefined ? { round } : {}),
});

/**
 * Five rounds of seed-parallel's three phases, one after another: 'GPU1 time' and 'GPU2 time' 11 ms
 * each, 'GPU1 & GPU2' `together[r]` ms; one matmul per queue and phase, filling it (the two
 * together overlap fully). Per round the speedup is (11 + 11) / together.
 */
function rounds(together: readonly number[]): Trace {
  const phases: Phase[] = [];
  const ops: [string, string, 'compute', number, number][] = [];
  let t = 0;
  together.forEach((w, i) => {
    const r = i + 1;
    phases.push(phase(P.gpu1, t, t + 11, r));
    ops.push(['gpu1', 'matmul', 'compute', t * MS, 11 * MS]);
    phases.push(phase(P.gpu2, t + 11, t + 22, r));
    ops.push(['gpu2', 'matmul', 'compute', (t + 11) * MS, 11 * MS]);
    phases.push(phase(P.both, t + 22, t + 22 + w, r));
    ops.push(['gpu1', 'matmul', 'compute', (t + 22) * MS, w * MS]);
    ops.push(['gpu2', 'matmul', 'compute', (t + 22) * MS, w * MS]);
    t += 22 + w;
  });
  return withMeta(scenario(ops), phases);
}

describe('the rule', () => {
  it('holds when the interval lies above the threshold, does not at or below it, is inconclusive when it contains it', () => {
    expect(stateOf('above', 1.05, 1.29, 1.37)).toBe('holds');
    expect(stateOf('above', 1.05, 0.9, 1.05)).toBe('does-not-hold'); // at the threshold is not above it
    expect(stateOf('above', 1.05, 1.0, 1.1)).toBe('inconclusive');
    expect(stateOf('at-least', 10, 10, 12)).toBe('holds');
    expect(stateOf('at-least', 10, 2, 9.9)).toBe('does-not-hold');
    expect(stateOf('at-least', 10, 1.6, 53)).toBe('inconclusive');
    // mirrored for claims of the "below" kind
    expect(stateOf('below', 5, 1, 4)).toBe('holds');
    expect(stateOf('below', 5, 5, 6)).toBe('does-not-hold');
    expect(stateOf('below', 5, 4, 6)).toBe('inconclusive');
    expect(stateOf('at-most', 5, 4, 5)).toBe('holds');
  });

  it('never gives a claim that names a problem a green badge', () => {
    expect(severityOf('good', 'holds')).toBe('ok');
    expect(severityOf('good', 'inconclusive')).toBe('info');
    expect(severityOf('problem', 'holds')).toBe('warning');
    expect(severityOf('problem', 'inconclusive')).toBe('info');
    expect(severityOf('problem', 'does-not-hold')).toBe('info');
    expect(severityOf('required', 'holds')).toBe('ok');
    expect(severityOf('required', 'does-not-hold')).toBe('warning');
    expect(severityOf('neutral', 'holds')).toBe('info');
  });
});

describe('one run', () => {
  it('is judged on its one value and says so', () => {
    const f: Finding = { claim: 'c', holds: true, polarity: 'good', measure: speedupMeasure(1.33), evidence: 'E.' };
    expect(settle(f)).toEqual({
      claim: 'c',
      holds: true,
      state: 'holds',
      severity: 'ok',
      runs: 1,
      measure: { name: 'speedup', unit: 'ratio', value: 1.33, values: [1.33], threshold: 1.05, holdsWhen: 'above' },
      evidence: 'speedup 1.33×, holds above 1.05× (one run, no interval). E.',
    });
    expect(settle({ ...f, holds: false, measure: speedupMeasure(0.92) }).evidence).toBe(
      'speedup 0.92×, does not hold (holds above 1.05×; one run, no interval). E.',
    );
    expect(settle({ claim: 'b', holds: false, polarity: 'good', evidence: 'E.' })).toEqual({
      claim: 'b',
      holds: false,
      state: 'does-not-hold',
      severity: 'info',
      runs: 1,
      evidence: 'E.',
    });
  });

  it('judges a trace without rounds once', () => {
    const t = rounds([11]);
    const plain = { ...t, phases: t.phases.map(({ round: _r, ...p }) => p) };
    const [sum] = judgeRounds(plain, judgeParallel);
    // (11 + 11) / 11 = 2.00
    expect(sum).toMatchObject({ state: 'holds', severity: 'ok', runs: 1, measure: { value: 2, values: [2] } });
    expect(sum!.measure!.interval).toBeUndefined();
  });
});

describe('rounds', () => {
  it('judges each round on its own phases (and those without a round), the ops as they are', () => {
    const t = rounds([11, 20]);
    const withSetUp = { ...t, phases: [phase('set-up', 0, 1), ...t.phases] };
    const v = roundView(withSetUp, 2);
    expect(v.phases.map((p) => `${p.name}${p.round ?? ''}`)).toEqual(['set-up', `${P.gpu1}2`, `${P.gpu2}2`, `${P.both}2`]);
    expect(v.ops).toBe(withSetUp.ops);
  });

  it('decides a speedup by the interval of its per-round values: the same interval as the comparison ci95', () => {
    // Per round (11 + 11) / together = 22/22, 22/20, 22/22, 22/20, 22/22 = 1.00, 1.10, 1.00, 1.10, 1.00.
    // Median 1.00. Resampled medians are 1.00 or 1.10 only (1.10 when ≥ 3 of 5 draws are, p = 0.4: about 32%),
    // so the 2.5th and 97.5th percentiles are 1.00 and 1.10: the interval contains 1.05, inconclusive.
    const t = rounds([22, 20, 22, 20, 22]);
    const [sum, overlap] = judgeRounds(t, judgeParallel);
    expect(sum!.claim).toBe("'GPU1 & GPU2' takes less than the sum of 'GPU1 time' and 'GPU2 time'");
    expect(sum!.state).toBe('inconclusive');
    expect(sum!.holds).toBe(false);
    expect(sum!.severity).toBe('info');
    expect(sum!.runs).toBe(5);
    expect(sum!.measure!.values).toEqual([1, 1.1, 1, 1.1, 1]);
    expect(sum!.measure!.value).toBe(1);
    expect(sum!.measure!.interval).toEqual([1, 1.1]);
    // The comparison's ci95: bootstrapMedianCi95 of the per-round Σ separate ns / together ns, in round order.
    const perRound = [1, 2, 3, 4, 5].map((r) => {
      const v = roundView(t, r);
      return speedupOf({ separate: [phaseTime(phaseNamed(v, P.gpu1)), phaseTime(phaseNamed(v, P.gpu2))], together: phaseTime(phaseNamed(v, P.both)) });
    });
    const ci = bootstrapMedianCi95(perRound);
    expect(sum!.measure!.interval).toEqual(ci);
    expect(sum!.evidence).toMatch(
      /^speedup 1\.00× \[1\.00, 1\.10\], inconclusive: the interval contains 1\.05× \(holds above 1\.05×; 5 runs\); per run 1\.00, 1\.10, 1\.00, 1\.10, 1\.00\. Round 1 \(nearest the median\): 'GPU1 time' 11\.00 ms/,
    );
    // Both queues busy all of the together phase in every round: 100% of the shorter each time.
    expect(overlap).toMatchObject({ state: 'holds', severity: 'ok', runs: 5, measure: { value: 100, interval: [100, 100] } });
    expect(overlap!.evidence).toMatch(/^overlap of the shorter 100% \[100, 100\], holds at 10% or more \(5 runs\); /);
  });

  it('holds when every round is clearly above, prints "speedup 2.00× [2.00, 2.00], holds above 1.05×"', () => {
    // 22 / 11 = 2 in each of the 3 rounds: every resampled median is 2.
    const [sum] = judgeRounds(rounds([11, 11, 11]), judgeParallel);
    expect(sum).toMatchObject({ state: 'holds', holds: true, severity: 'ok', runs: 3, measure: { value: 2, interval: [2, 2] } });
    expect(sum!.evidence.startsWith('speedup 2.00× [2.00, 2.00], holds above 1.05× (3 runs); per run 2.00, 2.00, 2.00. Round 1 (nearest the median):')).toBe(
      true,
    );
  });

  it('does not hold when every round is at or below', () => {
    // 22 / 22 = 1 and 22 / 23 = 0.957: the interval lies within [0.957, 1], at or below 1.05.
    const [sum] = judgeRounds(rounds([22, 23, 22]), judgeParallel);
    expect(sum!.state).toBe('does-not-hold');
    expect(sum!.measure!.interval![1]).toBeLessThanOrEqual(1);
  });

  it('combines a claim without a threshold by its per-round states: "held in 3 of 5 runs"', () => {
    const f = (holds: boolean): Finding => ({ claim: 'x', holds, polarity: 'good', evidence: holds ? 'yes' : 'no' });
    const v = combine('x', [1, 2, 3, 4, 5], [f(true), f(false), f(true), undefined, f(true)]);
    expect(v).toEqual({
      claim: 'x',
      holds: false,
      state: 'inconclusive',
      severity: 'info',
      runs: 5,
      heldIn: 3,
      evidence: 'Held in 3 of 5 runs, did not hold in 2. Round 1: yes',
    });
    expect(combine('x', [1, 2], [f(true), f(true)])).toMatchObject({ state: 'holds', severity: 'ok', heldIn: 2, evidence: 'Held in all 2 runs. Round 1: yes' });
    expect(combine('x', [1, 2], [f(false), undefined])).toMatchObject({
      state: 'does-not-hold',
      heldIn: 0,
      evidence: 'Held in none of the 2 runs. Round 1: no',
    });
    // A problem that held in every round is a warning; one found in only some rounds is inconclusive, not green.
    const p = (holds: boolean): Finding => ({ claim: 'p', holds, polarity: 'problem', evidence: 'e' });
    expect(combine('p', [1, 2], [p(true), p(true)]).severity).toBe('warning');
    expect(combine('p', [1, 2], [p(true), undefined])).toMatchObject({ state: 'inconclusive', severity: 'info' });
  });

  it('keeps the order claims first appear in, a claim made only in a later round last', () => {
    const judge = (t: Trace): Finding[] => {
      const r = t.phases.find((p) => p.round !== undefined)!.round!;
      const ab: Finding = { claim: 'a', holds: true, polarity: 'good', evidence: '' };
      return r === 2 ? [ab, { claim: 'late', holds: true, polarity: 'problem', evidence: 'l' }] : [ab];
    };
    const v = judgeRounds(rounds([11, 11]), judge);
    expect(v.map((x) => [x.claim, x.state])).toEqual([
      ['a', 'holds'],
      ['late', 'inconclusive'],
    ]);
  });

  it('a measured claim whose rule differs between rounds is combined by states', () => {
    const t = rounds([11, 11]);
    const f = (threshold: number): Finding => ({ claim: 'm', holds: true, polarity: 'good', measure: { ...speedupMeasure(2), threshold }, evidence: '' });
    expect(combine('m', [1, 2], [f(1.05), f(1.5)])).toMatchObject({ state: 'holds', heldIn: 2 });
    expect(totalVsSumFinding({ separate: [phaseTime(t.phases[0]!)], together: phaseTime(t.phases[2]!) }, '').measure!.value).toBe(1); // 11 / 11
  });
});
