/**
 * Exercise 2 (small ops in parallel on one device?) through the built CLI on lavapipe: the sweep
 * recorded at small sizes, its file checked like the other experiments'; and the judge on
 * hand-made traces whose answers are known by construction.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFlowsBind, readDoc, runCli } from '../helpers/cli.js';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import { readTrace } from '../../src/host/trace-file.js';
import { computeStats } from '../../src/core/analysis/stats.js';
import type { Op, Trace } from '../../src/core/model.js';
import { judgeSmallOps, smallOpsTable } from '../../src/runner/experiments/ex2-small-ops/judge.js';
import { judgeRounds } from '../../src/runner/experiments/judge-rounds.js';
import { EX2_SMALL_OPS, EX2_SMALL_OPS_PHASES as S } from '../../src/runner/experiments/catalog.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-ex2-'));

const cli = (...args: string[]) => runCli(dir, ...args);

const LARGEST = 64;
const K = 4;
const SIZES = [16, 32, 64];
const ARRANGEMENTS = [S.serialized, S.concurrent, S.devices] as const;
const PHASES = SIZES.flatMap((n) => ARRANGEMENTS.map((a) => `N=${n} ${a}`));
const file = path.join(dir, 'ex2.json');

/** Compute ops whose midpoint lies in the phase (as the judge assigns them). */
function computeIn(trace: Trace, name: string): Op[] {
  const p = trace.phases.find((x) => x.name === name)!;
  return trace.ops.filter((o) => o.kind === 'compute' && o.start + o.dur / 2 >= p.start && o.start + o.dur / 2 <= p.end);
}

describe('record ex2-small-ops', () => {
  let run: ReturnType<typeof cli>;
  let trace: Trace;
  let doc: ReturnType<typeof readDoc>;
  beforeAll(async () => {
    run = cli('record', 'ex2-small-ops', '--size', String(LARGEST), '--reps', String(K), '--repeat', '1', '--out', file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    trace = (await readTrace(file)).trace;
    doc = readDoc(file);
  });

  it('nests the three arrangements of every size in the run, in order', () => {
    const { phases, run: r } = doc.parascope;
    expect(phases.map((p) => p.name)).toEqual(PHASES);
    for (const p of phases) {
      expect(p.start).toBeGreaterThanOrEqual(r.start);
      expect(p.end).toBeLessThanOrEqual(r.end);
      expect(p.end).toBeGreaterThan(p.start);
    }
    for (let i = 1; i < phases.length; i++) expect(phases[i]!.start).toBeGreaterThanOrEqual(phases[i - 1]!.end);
    // The chart the exercise asks for: speedup against N, declared over the phases.
    expect(trace.meta!.comparisons).toBeUndefined();
    expect(trace.meta!.sweeps).toEqual([
      {
        title: "Speedup over 'serialized' submission against the matrix size",
        parameter: 'N (matrix side)',
        baseline: S.serialized,
        arrangements: [S.concurrent, S.devices],
        points: SIZES.map((n) => ({
          value: n,
          phases: { [S.serialized]: `N=${n} ${S.serialized}`, [S.concurrent]: `N=${n} ${S.concurrent}`, [S.devices]: `N=${n} ${S.devices}` },
        })),
        threshold: 1.05,
      },
    ]);
  });

  it('has stats whose sweep is each arrangement’s speedup per N, read from the phase walls', () => {
    const stats = computeStats(trace, { file, format: 'parascope', events: 0, warnings: 0, warningSamples: [] });
    const wall = new Map(stats.phases.map((p) => [p.name, p.wallMs]));
    const [sweep] = stats.sweeps;
    expect(sweep!.series.map((x) => x.arrangement)).toEqual([S.concurrent, S.devices]);
    for (const x of sweep!.series) {
      expect(x.points.map((p) => p.value)).toEqual(SIZES);
      for (const p of x.points) {
        expect(p.baselineMs).toBeCloseTo(wall.get(`N=${p.value} ${S.serialized}`)!, 9);
        expect(p.wallMs).toBeCloseTo(wall.get(`N=${p.value} ${x.arrangement}`)!, 9);
        expect(p.speedup).toBeCloseTo(p.baselineMs / p.wallMs, 9);
      }
    }
  });

  it('has the op counts per kind that the sweep, K and the warm-up imply', () => {
    const count = (k: string) => trace.ops.filter((o) => o.kind === k).length;
    const half2 = Math.floor(K / 2);
    const [w1, w2] = [Math.min(K, 5), Math.min(half2, 5)];
    const sizes = SIZES.length;
    // Per size: warm-up (w1 one at a time, then w1 + w2 as batches), then K in each arrangement.
    expect(count('compute')).toBe(sizes * (2 * w1 + w2 + 3 * K));
    expect(count('transfer')).toBe(sizes * 4); // one read-back per arrangement, two for 'two devices'
    // Per size: w1 + 2 warm-up waits, K waits, 1, 2, and 4 map waits.
    expect(count('sync')).toBe(sizes * (w1 + 2 + K + 1 + 2 + 4));
    // Per size: 6 input writes; encode + submit for w1 + 2 warm-up batches, K + 1 + 2 batches; submit + copy-out per read-back.
    expect(count('cpu')).toBe(sizes * (6 + 2 * (w1 + 2) + 2 * (K + 1 + 2) + 2 * 4));
  });

  it('puts K matmuls of its own size in each phase; two devices split them over two queues of one adapter', () => {
    for (const n of SIZES) {
      const ser = computeIn(trace, `N=${n} ${S.serialized}`);
      expect(ser.map((o) => o.name)).toEqual(Array(K).fill(`matmul N=${n} ${S.serialized}`));
      expect(ser.map((o) => o.args?.['i'])).toEqual([0, 1, 2, 3]);
      for (const a of ARRANGEMENTS) {
        const ops = computeIn(trace, `N=${n} ${a}`);
        expect(ops).toHaveLength(K);
        for (const o of ops) expect(o.args?.['n']).toBe(n);
      }
      const devices = computeIn(trace, `N=${n} ${S.devices}`);
      const lanes = [...new Set(devices.map((o) => o.laneId))];
      expect(lanes).toHaveLength(2);
      expect(lanes.map((l) => devices.filter((o) => o.laneId === l).length).sort()).toEqual([Math.floor(K / 2), Math.ceil(K / 2)]);
      expect(new Set([...ser, ...computeIn(trace, `N=${n} ${S.concurrent}`)].map((o) => o.laneId)).size).toBe(1);
    }
    expect(trace.meta!.adapters).toHaveLength(1);
    expect(trace.meta!.topology).toMatch(/2 devices on ONE adapter/);
  });

  it('passes its correctness checks at every size and carries three verdicts with numbers', () => {
    const m = trace.meta!;
    expect(m.checks).toHaveLength(4 * SIZES.length);
    for (const c of m.checks) expect(c.passed, c.name).toBe(true);
    expect(m.checks.map((c) => c.name.split(' = ')[0])).toEqual(
      SIZES.flatMap((n) => [
        `'N=${n} serialized': y[3] on gpu1`,
        `'N=${n} concurrent': y[3] on gpu1`,
        `'N=${n} two devices': y[1] on gpu1`,
        `'N=${n} two devices': y[1] on gpu2`,
      ]),
    );
    expect(m.verdicts).toHaveLength(3);
    const [v1, v2, v3] = m.verdicts;
    expect(v1!.claim).toMatch(
      /^Concurrent submission pays (below some size|below N=(32|64): (at|from) N=.*|at every N measured from N=(16|32) up to N=64.*|at N=64, the largest N measured.*)$/,
    );
    expect(v1!.claim.includes('N=')).toBe(v1!.holds);
    expect(v2!.claim).toMatch(
      /^Two devices on one adapter pay (below some size|below N=(32|64): (at|from) N=.*|at every N measured from N=(16|32) up to N=64.*|at N=64, the largest N measured.*)$/,
    );
    expect(v2!.claim.includes('N=')).toBe(v2!.holds);
    expect(v3!.claim).toBe("Small ops are dominated by the host's submit/wait round trip, which concurrent submission hides");
    // The speedups per size, compactly, in the first two; the GPU idle per op per size in the third.
    for (const v of [v1!, v2!]) expect(v.evidence).toMatch(/N=16 \d+\.\d\d×, N=32 \d+\.\d\d×, N=64 \d+\.\d\d×/);
    expect(v3!.evidence).toMatch(/N=16 \d+\.\d+ vs \d+\.\d+ ms \(\d+%\), N=32 .* N=64 \d+\.\d+ vs \d+\.\d+ ms \(\d+%\)/);
    for (const v of m.verdicts) expect(v.evidence).toMatch(/\d+(\.\d+)? ms/);
    expect(v2!.evidence).toMatch(/software renderer/);
    expect(m.experiment.params).toMatchObject({ size: LARGEST, reps: K });
    // The judge is a pure function of the trace: judging the file again gives the same verdicts.
    expect(judgeRounds(trace, judgeSmallOps)).toEqual(m.verdicts);
  });

  it('puts the per-size table into the notes', () => {
    const notes = trace.meta!.notes;
    const table = smallOpsTable(trace);
    expect(notes.slice(-table.length)).toEqual(table);
    expect(table).toHaveLength(1 + SIZES.length);
    SIZES.forEach((n, i) => {
      expect(table[i + 1]).toMatch(
        new RegExp(
          `^N=${n}: serialized \\d+\\.\\d+ ms, concurrent \\d+\\.\\d+ ms \\(\\d+\\.\\d\\d×\\), two devices \\d+\\.\\d+ ms \\(\\d+\\.\\d\\d×\\); GPU idle per op \\d+\\.\\d+ / \\d+\\.\\d+ / \\d+\\.\\d+ ms$`,
        ),
      );
    });
    expect(notes.join('\n')).toMatch(/K = 4 N×N matmuls per batch at each N of 16, 32, 64; matmul kernel t64k16 for N = 16, 32, 64/);
  });

  it('binds every flow to an existing op on its own thread (checked on the raw events)', () => {
    expectFlowsBind(doc, trace.deps.length);
  });

  it('re-reads to the same model, writes the same document again, and judges the re-read trace the same', () => {
    const raw = readDoc(file);
    const again = parascopeDocumentToTrace(raw);
    expect(again).toEqual(trace);
    expect(JSON.parse(JSON.stringify(toChromeTrace(again)))).toEqual(raw);
    expect(judgeRounds(again, judgeSmallOps)).toEqual(trace.meta!.verdicts);
    expect(smallOpsTable(again)).toEqual(smallOpsTable(trace));
  });

  it('prints the nine phases and the verdicts', () => {
    for (const p of PHASES) expect(run.stdout).toMatch(new RegExp(`${p}\\s+\\d+\\.\\d{3}`));
    expect(run.stdout).toMatch(/(HOLDS|DOES NOT HOLD|INCONCLUSIVE) · (ok|warning|info) +Concurrent submission pays (below|at every N)/);
    // The sweep's table: a row per N with both arrangements' speedups.
    expect(run.stdout).toContain(
      "Speedup over 'serialized' submission against the matrix size (speedup = serialized wall ÷ the arrangement's; pays above 1.05×):",
    );
    const t = '\\d+(\\.\\d+)? (s|ms|µs|ns)';
    for (const n of SIZES) expect(run.stdout).toMatch(new RegExp(`^${n} +${t} +${t} +\\d+\\.\\d\\d× +${t} +\\d+\\.\\d\\d×$`, 'm'));
  });

  it('is listed with its question', () => {
    const r = cli('list', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toContainEqual(
      expect.objectContaining({ id: 'ex2-small-ops', question: EX2_SMALL_OPS.question, defaults: { size: 2048, reps: 16, repeat: 5 } }),
    );
    const text = cli('list').stdout;
    expect(text).toContain('ex2-small-ops');
    expect(text).toContain(`question: ${EX2_SMALL_OPS.question}`);
  });

  it('refuses K = 1 as bad usage, in one line, with no file', () => {
    const out = path.join(dir, 'k1.json');
    const r = cli('record', 'ex2-small-ops', '--size', '16', '--reps', '1', '--repeat', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(r.stderr).toMatch(/needs --reps of at least 2/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
