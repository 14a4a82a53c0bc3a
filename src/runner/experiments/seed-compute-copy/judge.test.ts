/** The chapter's §2 judge on the committed H200 sample, judged again by today's judge: no GPU needed. */
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../../host/trace-file.js';
import { judgeComputeCopy } from './judge.js';

describe('judgeComputeCopy on the H200 sample (resources/samples)', () => {
  it("judged again by today's judge reaches the recording's verdicts (claims and holds; the evidence now opens with the measure)", async () => {
    const { trace } = await readTrace(new URL('../../../../resources/samples/seed-compute-copy.json.gz', import.meta.url).pathname);
    expect(judgeComputeCopy(trace).map((f) => [f.claim, f.holds])).toEqual(trace.meta!.verdicts.map((v) => [v.claim, v.holds]));
  });
});
