/**
 * Exercise 1 (independent ops in parallel?) through the built CLI on lavapipe: the four
 * arrangements recorded at a small size, their file checked like the seed experiments'; and the
 * judge on hand-made traces whose answers are known by construction.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, expectFlowsBind, readDoc, runCli } from '../helpers/cli.js';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import { readTrace } from '../../src/host/trace-file.js';
import type { Op, Phase, Trace } from '../../src/core/model.js';
import { ns } from '../../src/core/time.js';
import { judgeIndependentOps } from '../../src/runner/experiments/ex1-independent-ops.js';
import { EX1_INDEPENDENT_OPS, EX1_INDEPENDENT_OPS_PHASES as X } from '../../src/runner/experiments/catalog.js';
import { scenario, withMeta } from '../../src/core/testing/scenario.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-ex1-'));

const cli = (...args: string[]) => runCli(dir, ...args);

const N = 64;
const K = 4;
const PHASES = [X.alone, X.submit, X.pass, X.devices];
const file = path.join(dir, 'ex1.json');

/** Compute ops whose midpoint lies in the phase (as the judge assigns them). */
function computeIn(trace: Trace, name: string): Op[] {
  const p = trace.phases.find((x) => x.name === name)!;
  return trace.ops.filter((o) => o.kind === 'compute' && o.start + o.dur / 2 >= p.start && o.start + o.dur / 2 <= p.end);
}

describe('record ex1-independent-ops', () => {
  let run: ReturnType<typeof cli>;
  let trace: Trace;
  let doc: ReturnType<typeof readDoc>;
  beforeAll(async () => {
    buildCli();
    run = cli('record', 'ex1-independent-ops', '--size', String(N), '--reps', String(K), '--out', file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    trace = (await readTrace(file)).trace;
    doc = readDoc(file);
  });

  it('nests the four arrangements in the run, in order', () => {
    const { phases, run: r } = doc.parascope;
    expect(phases.map((p) => p.name)).toEqual(PHASES);
    for (const p of phases) {
      expect(p.start).toBeGreaterThanOrEqual(r.start);
      expect(p.end).toBeLessThanOrEqual(r.end);
      expect(p.end).toBeGreaterThan(p.start);
    }
    for (let i = 1; i < phases.length; i++) expect(phases[i]!.start).toBeGreaterThanOrEqual(phases[i - 1]!.end);
    expect(trace.meta!.comparisons).toEqual([
      { separate: [X.alone], together: X.submit },
      { separate: [X.submit], together: X.pass },
      { separate: [X.submit], together: X.devices },
    ]);
  });

  it('has the op counts per kind that K and the warm-up imply', () => {
    const count = (k: string) => trace.ops.filter((o) => o.kind === k).length;
    const half2 = Math.floor(K / 2);
    const warm = Math.min(K, 5) + Math.min(half2, 5);
    expect(count('compute')).toBe(warm + K + K + 1 + K); // warm-up, one at a time, one submit, one pass, two devices
    expect(count('transfer')).toBe(5); // one read-back per arrangement, two for 'two devices'
    expect(count('sync')).toBe(2 + K + 1 + 1 + 2 + 5); // warm-up ×2, K waits, 1, 1, 2, and 5 map waits
  });

  it('puts K matmuls in each arrangement; the single pass says it holds K', () => {
    expect(computeIn(trace, X.alone).map((o) => o.name)).toEqual(Array(K).fill(`matmul ${X.alone}`));
    expect(computeIn(trace, X.alone).map((o) => o.args?.['i'])).toEqual([0, 1, 2, 3]);
    expect(computeIn(trace, X.submit)).toHaveLength(K);
    const [pass, ...rest] = computeIn(trace, X.pass);
    expect(rest).toEqual([]);
    expect(pass!.name).toBe(`${K} matmuls in one pass`);
    expect(pass!.args?.['matmuls']).toBe(K);
    const devices = computeIn(trace, X.devices);
    expect(devices).toHaveLength(K);
    const lanes = [...new Set(devices.map((o) => o.laneId))];
    expect(lanes).toHaveLength(2);
    expect(lanes.map((l) => devices.filter((o) => o.laneId === l).length).sort()).toEqual([Math.floor(K / 2), Math.ceil(K / 2)]);
    expect(trace.meta!.notes.join('\n')).toMatch(/invisible; only the pass's total is measured/);
  });

  it('passes its correctness checks and carries four verdicts with numbers', () => {
    const m = trace.meta!;
    expect(m.checks).toHaveLength(5);
    for (const c of m.checks) expect(c.passed, c.name).toBe(true);
    expect(m.checks.map((c) => c.name.split(':')[0])).toEqual([...PHASES, X.devices].map((p) => `'${p}'`));
    expect(m.verdicts.map((v) => v.claim)).toEqual([
      `In '${X.submit}' the ${K} matmuls' GPU intervals overlapped`,
      `'${X.pass}' is faster than '${X.submit}'`,
      `'${X.devices}' overlapped in time and was faster than '${X.submit}'`,
      `'${X.submit}' is faster than '${X.alone}'`,
    ]);
    for (const v of m.verdicts) expect(v.evidence).toMatch(/\d+(\.\d+)? ms/);
    expect(m.verdicts[0]!.evidence).toMatch(/parallelism \d+\.\d\d×/);
    expect(m.verdicts[1]!.evidence).toMatch(/no timestamps inside a pass/);
    expect(m.topology).toMatch(/2 devices/);
    expect(m.experiment.params).toMatchObject({ size: N, reps: K });
    // The judge is a pure function of the trace: judging the file again gives the same verdicts.
    expect(judgeIndependentOps(trace)).toEqual(m.verdicts);
  });

  it('binds every flow to an existing op on its own thread (checked on the raw events)', () => {
    expectFlowsBind(doc, trace.deps.length);
  });

  it('re-reads to the same model, and writes the same document again', () => {
    const raw = readDoc(file);
    const again = parascopeDocumentToTrace(raw);
    expect(again).toEqual(trace);
    expect(JSON.parse(JSON.stringify(toChromeTrace(again)))).toEqual(raw);
  });

  it('prints the four phases and verdicts', () => {
    for (const p of PHASES) expect(run.stdout).toMatch(new RegExp(`${p}\\s+\\d+\\.\\d{3}`));
    expect(run.stdout).toMatch(/(HOLDS|DOES NOT HOLD) +In 'one submit' the 4 matmuls' GPU intervals overlapped/);
  });

  it('is listed with its question', () => {
    const r = cli('list', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toContainEqual(
      expect.objectContaining({ id: 'ex1-independent-ops', question: EX1_INDEPENDENT_OPS.question, defaults: { size: 2048, reps: 8 } }),
    );
    expect(cli('list').stdout).toContain('question: Do independent ops run in parallel automatically?');
  });

  it('refuses K = 1 as bad usage, in one line, with no file', () => {
    const out = path.join(dir, 'k1.json');
    const r = cli('record', 'ex1-independent-ops', '--size', '16', '--reps', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(r.stderr).toMatch(/needs --reps of at least 2/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

// ---- the judge on hand-made traces -----------------------------------------------------------

const MS = 1e6;
type Row = readonly [lane: string, name: string, kind: 'compute', start: number, dur: number];
const mm = (lane: string, name: string, startMs: number, durMs: number): Row => [lane, name, 'compute', startMs * MS, durMs * MS];
const phase = (name: string, startMs: number, endMs: number): Phase => ({ name, start: ns(startMs * MS), end: ns(endMs * MS) });

/** A trace of the four phases; the single pass gets its args as the recorder writes them. */
function handMade(rows: readonly Row[], phases: readonly [number, number][], adapters = 1): Trace {
  const t = withMeta(
    scenario(rows),
    PHASES.map((p, i) => phase(p, phases[i]![0], phases[i]![1])),
  );
  const ops = t.ops.map((o) => (o.name.endsWith('in one pass') ? { ...o, args: { matmuls: 4 } } : o));
  const a = t.meta!.adapters[0]!;
  return { ...t, ops, meta: { ...t.meta!, adapters: Array.from({ length: adapters }, (_, i) => ({ ...a, name: `A${i}` })) } };
}

describe('judgeIndependentOps on hand-made traces', () => {
  it('overlapping passes, a faster pass, two adapters at once: every claim holds', () => {
    const t = handMade(
      [
        ...[1, 4, 7, 10].map((s) => mm('gpu1', `matmul ${X.alone}`, s, 1)),
        // 'one submit': each pass starts 0.2 ms after the previous one, all 2 ms long: Σ 8 ms over a 2.6 ms union.
        ...[12.5, 12.7, 12.9, 13.1].map((s) => mm('gpu1', `matmul ${X.submit}`, s, 2)),
        mm('gpu1', '4 matmuls in one pass', 16.5, 1),
        mm('gpu1', `matmul ${X.devices}`, 18.2, 0.8),
        mm('gpu1', `matmul ${X.devices}`, 19.0, 0.8),
        mm('gpu2', `matmul ${X.devices}`, 18.3, 0.8),
        mm('gpu2', `matmul ${X.devices}`, 19.1, 0.8),
      ],
      [
        [0, 12],
        [12, 16],
        [16, 18],
        [18, 20],
      ],
      2,
    );
    const [v1, v2, v3, v4] = judgeIndependentOps(t);
    expect(v1!.holds).toBe(true);
    expect(v1!.evidence).toContain('durations sum to 8.00 ms, their union (busy) is 2.60 ms, parallelism 3.08×');
    expect(v1!.evidence).toContain('3 of 3 later passes began before an earlier one ended');
    expect(v2!.holds).toBe(true);
    expect(v2!.evidence).toContain('one pass of 4 matmul dispatches 1.00 ms (0.250 ms per matmul) vs 4 passes busy 2.60 ms');
    expect(v2!.evidence).toContain('2.60×');
    expect(v3!.holds).toBe(true);
    expect(v3!.evidence).toContain('both at once 1.50 ms (94% of the shorter');
    expect(v3!.evidence).toContain('speedup 2.00×');
    expect(v3!.evidence).toContain('two adapters each ran their half at the same time');
    expect(v4!.holds).toBe(true);
    expect(v4!.evidence).toContain('speedup 3.00×');
  });

  it('back-to-back passes on one queue, no gain from one pass, two devices time-sliced on one adapter', () => {
    const t = handMade(
      [
        // 'one at a time': 2 ms matmuls with 3 ms of submit/wait round trip between them.
        ...[1, 6, 11, 16].map((s) => mm('gpu1', `matmul ${X.alone}`, s, 2)),
        // 'one submit': the same matmuls end to end: the intervals touch, never overlap.
        ...[21, 23, 25, 27].map((s) => mm('gpu1', `matmul ${X.submit}`, s, 2)),
        mm('gpu1', '4 matmuls in one pass', 31, 8),
        // 'two devices' on one adapter: both queues busy at once, each matmul twice as long.
        mm('gpu1', `matmul ${X.devices}`, 41, 4),
        mm('gpu1', `matmul ${X.devices}`, 45, 4),
        mm('gpu2', `matmul ${X.devices}`, 41.1, 4),
        mm('gpu2', `matmul ${X.devices}`, 45.1, 4),
      ],
      [
        [0, 20],
        [20, 29.5],
        [30, 39],
        [40, 50],
      ],
    );
    const [v1, v2, v3, v4] = judgeIndependentOps(t);
    expect(v1!.holds).toBe(false);
    expect(v1!.evidence).toContain('parallelism 1.00×');
    expect(v1!.evidence).toContain('0 of 3 later passes began before an earlier one ended');
    expect(v1!.evidence).toContain(
      'Why: passes on one queue run one after another: the GPU intervals touch but do not overlap (mean gap between consecutive passes 0.000 ms)',
    );
    expect(v2!.holds).toBe(false);
    expect(v2!.evidence).toContain('1.00×');
    expect(v2!.evidence).toContain('2.00 ms per matmul vs 2.00 ms as separate passes');
    expect(v3!.holds).toBe(false);
    expect(v3!.evidence).toContain('speedup 0.95×');
    expect(v3!.evidence).toContain('one adapter, which time-slices between them: each matmul took 2.00× as long');
    expect(v4!.holds).toBe(true);
    expect(v4!.evidence).toContain('speedup 2.11×');
    expect(v4!.evidence).toContain('round trip');
  });

  it('says why one submit lost when its matmuls took longer on the GPU', () => {
    const t = handMade(
      [
        ...[1, 3, 5, 7].map((s) => mm('gpu1', `matmul ${X.alone}`, s, 1)),
        ...[10, 12, 14, 16].map((s) => mm('gpu1', `matmul ${X.submit}`, s, 2)),
        mm('gpu1', '4 matmuls in one pass', 19, 4),
        mm('gpu1', `matmul ${X.devices}`, 24, 2),
        mm('gpu2', `matmul ${X.devices}`, 26, 2),
      ],
      [
        [0, 9],
        [9, 18.5],
        [18.5, 23.5],
        [23.5, 28.5],
      ],
    );
    const [, , v3, v4] = judgeIndependentOps(t);
    expect(v3!.holds).toBe(false);
    expect(v3!.evidence).toContain('overlapped for only 0.000 ms');
    expect(v4!.holds).toBe(false);
    expect(v4!.evidence).toContain(`the matmuls of '${X.submit}' took 2.00× the GPU time of those in '${X.alone}'`);
  });

  it('names a missing phase', () => {
    expect(() => judgeIndependentOps(withMeta(scenario([mm('gpu1', 'm', 0, 1)]), [phase(X.alone, 0, 1)]))).toThrow(/no phase 'one submit'/);
  });
});
