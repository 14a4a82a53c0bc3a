// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { computeStats } from '@core/analysis/stats';
import { TraceFormatError } from '@core/import/errors';
import { importTraceBytes } from '@core/import/index';
import { gunzip, isGzip, loadTrace, oneLineError } from './load-trace';
import { toChromeTrace } from '@core/export/chrome-trace';
import type { Phase } from '@core/model';
import { scenario, withMeta } from '@core/testing/scenario';
import { binaryBytes, fixtureBytes, gzip, toArrayBuffer } from '../testing/test-files';

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof Error)) throw new Error('expected a failure');
  return e;
}

describe('loadTrace', () => {
  it('opens a gzipped Chrome trace with the same model and numbers as the plain file', async () => {
    const plain = fixtureBytes('flows.json');
    const gz = await gzip(plain);
    expect(isGzip(gz)).toBe(true);

    const loaded = await loadTrace(toArrayBuffer(gz), 'flows.json.gz');
    const direct = importTraceBytes(plain, 'flows.json.gz');
    expect(loaded.source.format).toBe('chrome');
    expect(loaded.trace.ops.length).toBeGreaterThan(0);
    expect(loaded.trace).toEqual(direct.trace);
    expect(loaded.stats).toEqual(computeStats(direct.trace, direct.source));
  });

  it('opens plain bytes without trying to inflate them', async () => {
    const loaded = await loadTrace(fixtureBytes('array-form.json'), 'array-form.json');
    expect(loaded.trace.ops.length).toBeGreaterThan(0);
    expect(loaded.stats.schema).toBe('parascope.stats/1');
  });

  it('inflates gzip in chunks and refuses output past the limit', async () => {
    const gz = await gzip(new TextEncoder().encode('x'.repeat(200_000)));
    expect((await gunzip(gz, 'big.gz')).length).toBe(200_000);
    await expect(gunzip(gz, 'big.gz', 1000)).rejects.toThrow(/^big\.gz: inflates to more than Parascope opens/);
  });

  const broken: readonly (readonly [name: string, bytes: () => Uint8Array | Promise<Uint8Array>, message: RegExp])[] = [
    ['not-json.txt', () => fixtureBytes('not-json.txt'), /^not-json\.txt: \S/],
    ['wrong-shape.json', () => fixtureBytes('wrong-shape.json'), /^wrong-shape\.json: \S/],
    ['binary.bin', binaryBytes, /^binary\.bin: not a trace: binary data/],
    ['empty.json', () => new Uint8Array(0), /^empty\.json: the file is empty$/],
    ['cut.json.gz', async () => (await gzip(fixtureBytes('flows.json'))).slice(0, 30), /^cut\.json\.gz: gzip data is truncated or corrupt$/],
    ['nothing.json.gz', () => gzip(new Uint8Array(0)), /^nothing\.json\.gz: the gzip file holds nothing$/],
    ['text.json.gz', () => gzip(fixtureBytes('not-json.txt')), /^text\.json\.gz: \S/],
  ];
  for (const [name, bytes, message] of broken) {
    it(`fails on ${name} with one line that names the file`, async () => {
      const error = await failure(loadTrace(toArrayBuffer(await bytes()), name));
      expect(error).toBeInstanceOf(TraceFormatError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/[\r\n]/);
    });
  }
});

describe('oneLineError', () => {
  it('keeps a format error as it is, on one line', () => {
    expect(oneLineError(new TraceFormatError('a.json: bad\n  at line 2'), 'a.json')).toBe('a.json: bad at line 2');
  });

  it('names the file for any other error', () => {
    expect(oneLineError(new Error('boom'), 'a.json')).toBe('a.json: cannot open: boom');
    expect(oneLineError(new RangeError('Array buffer allocation failed'), 'a.json')).toBe('a.json: too large to open (Array buffer allocation failed)');
  });
});

describe('loadTrace judges a Parascope recording afresh (docs/metrics.md)', () => {
  it("with today's judge of its experiment, the stored verdicts beside where they differ", async () => {
    // seed-parallel's three phases: 10 ms each alone, 10 ms together, one matmul per queue filling each phase.
    const MS = 1e6;
    const p = (name: string, a: number, b: number): Phase => ({ name, start: a * MS, end: b * MS }) as Phase;
    const t = withMeta(
      scenario([
        ['gpu1', 'matmul', 'compute', 0, 10 * MS],
        ['gpu2', 'matmul', 'compute', 10 * MS, 10 * MS],
        ['gpu1', 'matmul', 'compute', 20 * MS, 10 * MS],
        ['gpu2', 'matmul', 'compute', 20 * MS, 10 * MS],
      ]),
      [p('GPU1 time', 0, 10), p('GPU2 time', 10, 20), p('GPU1 & GPU2', 20, 30)],
    );
    const recording = { ...t, meta: { ...t.meta!, experiment: { ...t.meta!.experiment, id: 'seed-parallel' } } };
    const bytes = new TextEncoder().encode(JSON.stringify(toChromeTrace(recording)));
    const loaded = await loadTrace(toArrayBuffer(bytes), 'sp.json');
    // (10 + 10) / 10 = 2.00: holds; both queues busy all 10 ms of the together phase: 100% of the shorter.
    expect(loaded.stats.verdicts.map((v) => [v.claim, v.state, v.severity])).toEqual([
      ["'GPU1 & GPU2' takes less than the sum of 'GPU1 time' and 'GPU2 time'", 'holds', 'ok'],
      ["In 'GPU1 & GPU2' both queues had GPU work in flight at the same time", 'holds', 'ok'],
    ]);
    expect(loaded.stats.judging?.by).toBe('today');
    expect(loaded.stats.recordedVerdicts).toEqual([{ claim: 'claim', holds: false, evidence: 'because' }]);
  });
});
