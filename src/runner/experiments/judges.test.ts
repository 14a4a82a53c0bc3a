/** Judged afresh (docs/metrics.md): every committed recording opens and is judged by today's judge; what cannot be judged again says so. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeStats } from '../../core/analysis/stats.js';
import { verdictState, type Trace } from '../../core/model.js';
import { scenario, withMeta } from '../../core/testing/scenario.js';
import { readTrace } from '../../host/trace-file.js';
import { judgeAfresh, sameVerdicts, withTodaysVerdicts } from './judges.js';

const root = new URL('../../../', import.meta.url).pathname;
const h200 = 'docs/gpu-runs/2026-11-27-h200';
const committed = [
  ...readdirSync(`${root}resources/samples`).map((f) => `resources/samples/${f}`),
  ...['ex1', 'exercises'].flatMap((d) => readdirSync(`${root}${h200}/${d}`).map((f) => `${h200}/${d}/${f}`)),
].filter((f) => f.endsWith('.json.gz'));

describe('every committed recording (resources/samples, the H200 runs) judged by today’s judge', () => {
  it('finds them all', () => {
    expect(committed.length).toBe(11); // 3 samples, ex1 at 3 sizes, the 5 exercises
  });

  it.each(committed)('%s: today’s verdicts, the stored ones beside them, the same states but where the judge changed', async (file) => {
    const { trace, source } = await readTrace(`${root}${file}`);
    const j = judgeAfresh(trace)!;
    expect(j.judging.by).toBe('today');
    const stored = trace.meta!.verdicts;
    expect(j.verdicts.length).toBe(stored.length);
    for (const v of j.verdicts) {
      expect(v.state).toBeDefined();
      expect(v.severity).toBeDefined();
      expect(v.runs).toBe(1); // recorded before --repeat: one run each
      expect(v.holds).toBe(v.state === 'holds');
      if (v.severity === 'ok') expect(v.state).toBe('holds');
    }
    // Recorded before revision 2, their evidence lacks the judgement line: they are kept beside today's.
    expect(j.judging.recordedVerdicts).toEqual(stored);
    expect(j.judging.note).toContain('recorded with an older judge');
    // Today's judge reaches the same states, except where the judge changed since: ex4's host-bound claim
    // (now a range, issue 11), and ex2, recorded by a judge that found no paying size ("pays below some
    // size", does not hold) where today's finds N=32 to 512 (the test beside ex2's judge shows why).
    const changed = j.verdicts.flatMap((v, i) => (v.claim !== stored[i]!.claim || verdictState(v) !== verdictState(stored[i]!) ? [v.claim] : []));
    const expected: Record<string, string[]> = {
      'ex4-efficiency.json.gz': ["'gpu1 queue' idled 10% or more of 'workload' waiting for the host: batch submits"],
      'ex2-small-ops.json.gz': [
        'Concurrent submission pays below N=1024: from N=32 to N=512 (not at the smaller N=16)',
        'Two devices on one adapter pay below N=256: from N=32 to N=128 (not at the smaller N=16)',
        "Small ops are dominated by the host's submit/wait round trip, which concurrent submission hides",
      ],
    };
    expect(changed).toEqual(expected[file.split('/').at(-1)!] ?? []);
    // The stats carry both, and the report's JSON says how the verdicts were judged.
    const stats = computeStats(withTodaysVerdicts(trace), source);
    expect(stats.verdicts).toEqual(j.verdicts);
    expect(stats.recordedVerdicts).toEqual(stored);
    expect(stats.judging).toEqual({ by: 'today', note: j.judging.note });
  });

  it('the H200 ex2 and ex4 recordings name their problems as warnings, never as green', async () => {
    const ex2 = judgeAfresh((await readTrace(`${root}${h200}/exercises/ex2-small-ops.json.gz`)).trace)!;
    expect(ex2.verdicts[2]).toMatchObject({
      claim: "Small ops are dominated by the host's submit/wait round trip, which concurrent submission hides",
      state: 'holds',
      severity: 'warning',
    });
    const ex4 = judgeAfresh((await readTrace(`${root}${h200}/exercises/ex4-efficiency.json.gz`)).trace)!;
    // Host-bound between 0.2% and 53%: inconclusive, so information, not a warning and not good news.
    expect(ex4.verdicts[3]).toMatchObject({ state: 'inconclusive', severity: 'info' });
  });
});

describe('what today’s judge cannot judge again keeps its stored verdicts and says so', () => {
  const base = withMeta(scenario([['gpu1', 'm', 'compute', 0, 1e6]]));
  const as = (id: string): Trace => ({ ...base, meta: { ...base.meta!, experiment: { ...base.meta!.experiment, id } } });

  it('a file experiment (its trace does not carry the file)', () => {
    const j = judgeAfresh(as('file:exp.yaml'))!;
    expect(j.verdicts).toBe(base.meta!.verdicts);
    expect(j.judging).toEqual({
      by: 'recording',
      note: "judged when it was recorded: a file experiment's recording does not carry the file its judge reads (which ops each phase ran), so today's judge cannot judge it again",
    });
  });

  it('an experiment Parascope no longer has, and a recording the judge cannot read', () => {
    expect(judgeAfresh(as('ex9-gone'))!.judging.note).toBe("judged when it was recorded: Parascope today has no experiment 'ex9-gone' to judge it with");
    // A seed-parallel header over a trace without its phases (a cancelled or foreign-made file).
    expect(judgeAfresh(as('seed-parallel'))!.judging).toEqual({
      by: 'recording',
      note: "judged when it was recorded: today's judge of 'seed-parallel' cannot read this recording (the trace has no phase 'GPU1 time')",
    });
  });

  it('a foreign trace has no verdicts to judge', () => {
    const foreign = scenario([['gpu1', 'm', 'compute', 0, 1]]);
    expect(judgeAfresh(foreign)).toBeUndefined();
    expect(withTodaysVerdicts(foreign)).toBe(foreign);
  });

  it('a recording judged by today’s judge carries no recorded verdicts: they say the same', async () => {
    const { trace } = await readTrace(`${root}resources/samples/seed-parallel.json.gz`);
    const today = withTodaysVerdicts(trace);
    const again = judgeAfresh({ ...today, meta: { ...today.meta!, judging: undefined as never } })!;
    expect(sameVerdicts(again.verdicts, today.meta!.verdicts)).toBe(true);
    expect(again.judging).toEqual({ by: 'today', note: "judged by today's judge of 'seed-parallel'" });
  });
});
