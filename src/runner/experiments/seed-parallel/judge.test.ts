/** The chapter's §1 judge on a hand-made trace whose answers are known by construction: no GPU needed. */
import { describe, expect, it } from 'vitest';
import type { Phase } from '../../../core/model.js';
import { ns } from '../../../core/time.js';
import { scenario, withMeta } from '../../../core/testing/scenario.js';
import { readTrace } from '../../../host/trace-file.js';
import { SEED_PARALLEL_PHASES as P } from '../catalog.js';
import { judgeParallel } from './judge.js';

const MS = 1e6;
const mm = (lane: string, startMs: number, durMs: number) => [lane, 'matmul', 'compute', startMs * MS, durMs * MS] as const;
const phase = (name: string, startMs: number, endMs: number): Phase => ({ name, start: ns(startMs * MS), end: ns(endMs * MS) });

describe('judgeParallel on a hand-made trace', () => {
  it('counts a matmul that seems to start just before its phase (calibration error at the edge) in that phase', () => {
    const t = withMeta(
      scenario([
        mm('gpu1', 1, 4),
        mm('gpu1', 5, 4),
        mm('gpu2', 11, 4),
        mm('gpu2', 15, 4),
        mm('gpu1', 19.999, 4), // 1 µs before 'GPU1 & GPU2' by the host clock: its midpoint is well inside
        mm('gpu1', 24, 4),
        mm('gpu2', 20.5, 4),
        mm('gpu2', 24.5, 4),
      ]),
      [phase(P.gpu1, 0, 10), phase(P.gpu2, 10, 20), phase(P.both, 20, 30)],
    );
    const [sum, overlap] = judgeParallel(t);
    expect(sum!.holds).toBe(true);
    expect(sum!.evidence).toContain('speedup 2.00×');
    expect(overlap!.holds).toBe(true);
    // Queue 1 busy 3.999 + 4 = 7.999 ms (its first matmul clipped to the phase at 20 ms), queue 2 8 ms; both at once
    // [20.5, 23.999] + [24, 28] = 7.499 ms (printed 7.50): 7.499 / 7.999 = 93.749% of the shorter
    expect(overlap!.measure).toMatchObject({ name: 'overlap of the shorter', unit: 'percent', threshold: 10, holdsWhen: 'at-least' });
    expect(overlap!.measure!.value).toBeCloseTo((100 * 7.499) / 7.999, 9);
    expect(overlap!.evidence).toContain('queue 1 busy 8.00 ms, queue 2 busy 8.00 ms, both at once 7.50 ms (94% of the shorter)');
    expect(overlap!.evidence).toContain('Mean matmul 4.00 / 4.00 ms together vs 4.00 / 4.00 ms alone.');
  });
});

describe.each(['seed-parallel.json.gz', 'seed-parallel-n1024.json.gz'])('judgeParallel on the H200 sample %s (resources/samples)', (name) => {
  it("judged again by today's judge reaches the recording's verdicts (claims and holds), reading the one adapter from the header", async () => {
    const { trace } = await readTrace(new URL(`../../../../resources/samples/${name}`, import.meta.url).pathname);
    // Both devices were on the one H200: the same adapter.
    expect(trace.meta!.adapters).toHaveLength(1);
    expect(judgeParallel(trace).map((f) => [f.claim, f.holds])).toEqual(trace.meta!.verdicts.map((v) => [v.claim, v.holds]));
    expect(judgeParallel(trace)[0]!.evidence).toContain('both devices are on one GPU, which time-slices between them');
  });
});
