/**
 * Exercise 1 (independent ops in parallel?) through the built CLI on lavapipe: the four
 * arrangements recorded at a small size, their file checked like the seed experiments'. (The judge
 * on hand-made traces is tested beside it, src/runner/experiments/ex1-independent-ops/judge.test.ts.)
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFlowsBind, readDoc, runCli } from '../helpers/cli.js';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import { toChromeTrace } from '../../src/core/export/chrome-trace.js';
import { readTrace } from '../../src/host/trace-file.js';
import type { Op, Trace } from '../../src/core/model.js';
import { judgeIndependentOps } from '../../src/runner/experiments/ex1-independent-ops/judge.js';
import { judgeRounds } from '../../src/runner/experiments/judge-rounds.js';
import { EX1_INDEPENDENT_OPS, EX1_INDEPENDENT_OPS_PHASES as X } from '../../src/runner/experiments/catalog.js';

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
    run = cli('record', 'ex1-independent-ops', '--size', String(N), '--reps', String(K), '--repeat', '1', '--out', file);
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
    expect(judgeRounds(trace, judgeIndependentOps)).toEqual(m.verdicts);
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
    expect(run.stdout).toMatch(/(HOLDS|DOES NOT HOLD|INCONCLUSIVE) · (ok|warning|info) +In 'one submit' the 4 matmuls' GPU intervals overlapped/);
  });

  it('is listed with its question', () => {
    const r = cli('list', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toContainEqual(
      expect.objectContaining({ id: 'ex1-independent-ops', question: EX1_INDEPENDENT_OPS.question, defaults: { size: 2048, reps: 8, repeat: 5 } }),
    );
    expect(cli('list').stdout).toContain('question: Do independent ops run in parallel automatically?');
  });

  it('refuses K = 1 as bad usage, in one line, with no file', () => {
    const out = path.join(dir, 'k1.json');
    const r = cli('record', 'ex1-independent-ops', '--size', '16', '--reps', '1', '--repeat', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(r.stderr).toMatch(/needs --reps of at least 2/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
