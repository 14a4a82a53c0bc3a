/**
 * User experiment files (`parascope.experiment/1`, docs/experiments.md) as a user runs them: the
 * two examples in resources/experiments/ recorded through the built CLI on real Dawn (lavapipe
 * here), their traces re-read and checked; and bad files failing in the parent with one line that
 * names the file, the line and the field (exit 2), or, for WGSL that does not compile, the op
 * (exit 1).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFlowsBind, readDoc, ROOT, runCli } from '../helpers/cli.js';
import { readTrace } from '../../src/host/trace-file.js';
import type { Trace } from '../../src/core/model.js';
import { ExperimentFileError, parseExperimentText } from '../../src/runner/user-experiment/loader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-user-exp-'));

const cli = runCli;

const CK = path.join(dir, 'custom-kernel.json');
const P2 = path.join(dir, 'pipeline-two-devices.json.gz');
let ckRun: ReturnType<typeof cli>;
let p2Run: ReturnType<typeof cli>;

beforeAll(() => {
  ckRun = cli(ROOT, 'record', 'resources/experiments/custom-kernel.yaml', '--repeat', '1', '--out', CK);
  p2Run = cli(ROOT, 'record', 'resources/experiments/pipeline-two-devices.yaml', '--repeat', '1', '--out', P2, '--json');
});

describe.each([
  ['custom-kernel.yaml', () => CK, () => ckRun, ['kernel alone', 'CPU alone', 'kernel and CPU']],
  ['pipeline-two-devices.yaml', () => P2, () => p2Run, ['device 1 alone', 'device 2 alone', 'both']],
])('record resources/experiments/%s', (base, file, run, phaseNames) => {
  let trace: Trace;
  beforeAll(async () => {
    expect(run().stderr).toBe('');
    expect(run().code).toBe(0);
    trace = (await readTrace(file())).trace;
  });

  it('is a valid Parascope trace of the file, with its phases in order inside the run', () => {
    const m = trace.meta!;
    expect(m.experiment).toMatchObject({ id: `file:${base}`, params: { file: base } });
    expect(m.experiment.question).toMatch(/\?$/);
    expect(trace.phases.map((p) => p.name)).toEqual(phaseNames);
    for (const p of trace.phases) {
      expect(p.start).toBeGreaterThanOrEqual(m.run.start);
      expect(p.end).toBeLessThanOrEqual(m.run.end);
    }
    for (let i = 1; i < trace.phases.length; i++) expect(trace.phases[i]!.start).toBeGreaterThanOrEqual(trace.phases[i - 1]!.end);
    expect(m.comparisons).toEqual([{ separate: phaseNames.slice(0, 2), together: phaseNames[2] }]);
  });

  it('carries verdicts with numbers: the comparison and the overlap of the together phase', () => {
    const v = trace.meta!.verdicts;
    expect(v.length).toBe(2);
    expect(v[0]!.claim).toBe(`'${phaseNames[2]}' takes less than the sum of '${phaseNames[0]}' and '${phaseNames[1]}'`);
    expect(v[1]!.claim).toMatch(new RegExp(`^In '${phaseNames[2]}' .* ran at the same time$`));
    for (const x of v) expect(x.evidence).toMatch(/\d+(\.\d+)? ms/);
  });

  it('keeps CPU lanes sequential and every op non-negative', () => {
    for (const lane of trace.lanes) {
      const ops = trace.ops.filter((o) => o.laneId === lane.id);
      for (let i = 1; i < ops.length; i++) {
        expect(ops[i]!.start, `${lane.name} op ${i}`).toBeGreaterThanOrEqual(ops[i - 1]!.start);
        if (lane.kind === 'cpu') expect(ops[i]!.start, `${lane.name} op ${i}`).toBeGreaterThanOrEqual(ops[i - 1]!.start + ops[i - 1]!.dur);
      }
      for (const o of ops) expect(o.dur).toBeGreaterThanOrEqual(0);
    }
  });

  it('binds every flow to an op on its own thread', () => {
    expectFlowsBind(readDoc(file()), trace.deps.length);
  });

  it('records the file’s dependencies and the read-back chain', () => {
    const data = trace.deps.filter((d) => d.kind === 'data').map((d) => [trace.ops[d.from]!, trace.ops[d.to]!] as const);
    // op → read-back copy (its `after`), copy → copy-out on the host.
    expect(data.some(([a, b]) => a.kind === 'compute' && b.kind === 'transfer' && b.args?.['readback'] === true)).toBe(true);
    expect(data.some(([a, b]) => a.kind === 'transfer' && b.kind === 'cpu' && b.name.endsWith(': read'))).toBe(true);
    expect(trace.deps.some((d) => d.kind === 'host')).toBe(true);
    expect(trace.deps.some((d) => d.kind === 'queue-order')).toBe(true);
  });

  if (base === 'custom-kernel.yaml') {
    it('runs the kernel 11 times (warm-up + 2 phases × 5) and the CPU op 10 times, overlapping in the together phase', () => {
      expect(trace.ops.filter((o) => o.kind === 'compute' && o.args?.['op'] === 'saxpy').length).toBe(11);
      expect(trace.ops.filter((o) => o.kind === 'transfer').length).toBe(11);
      const cpuOps = trace.ops.filter((o) => o.args?.['work'] === 'matmul');
      expect(cpuOps.length).toBe(10);
      const together = trace.phases[2]!;
      const inside = (o: { start: number; dur: number }) => o.start >= together.start && o.start + o.dur <= together.end;
      const kernels = trace.ops.filter((o) => o.kind === 'compute' && inside(o));
      const overlaps = cpuOps.filter(inside).filter((c) => kernels.some((k) => c.start < k.start + k.dur && k.start < c.start + c.dur));
      expect(overlaps.length).toBeGreaterThan(0);
      expect(trace.meta!.verdicts[1]!.holds).toBe(true);
    });
    it('has no correctness check (a custom kernel has no CPU reference) and says so', () => {
      expect(trace.meta!.checks).toEqual([]);
      expect(trace.meta!.notes.join('\n')).toMatch(/not checked for correctness: 'kernel alone': readback 'read out' of buffer 'out'/);
      expect(ckRun.stdout).toMatch(/file:custom-kernel\.yaml: A custom kernel next to CPU work/);
    });
  } else {
    it('opens two devices, checks every read-back of a product against the CPU, and all pass', () => {
      expect(trace.meta!.calibration.map((c) => c.device)).toEqual(['gpu1', 'gpu2']);
      const checks = trace.meta!.checks;
      expect(checks.length).toBe(8); // 2 read-backs in each device's phase, 4 in 'both'
      for (const c of checks) expect(c.passed, c.name).toBe(true);
      expect(checks.every((c) => c.samples > 0)).toBe(true);
      const result = JSON.parse(p2Run.stdout.trim().split('\n').pop()!);
      expect(result).toMatchObject({ type: 'result', file: P2, experiment: { id: 'file:pipeline-two-devices.yaml' } });
    });
  }
});

describe('bad experiment files: one line, the file, the line and the field', () => {
  const HEAD = ['schema: parascope.experiment/1', 'name: bad', 'question: does it fail?', 'devices:', '  - id: gpu'];
  const write = (name: string, lines: readonly string[]) => {
    writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
    return name;
  };
  const oneLine = (s: string) => {
    expect(s.trim().split('\n')).toHaveLength(1);
    expect(s).not.toMatch(/\n\s+at /);
  };
  const fails = (name: string, code: number, message: RegExp) => {
    const out = path.join(dir, `${name}.json`);
    const r = cli(dir, 'record', name, '--repeat', '1', '--out', out);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    oneLine(r.stderr);
    expect(existsSync(out)).toBe(false);
  };

  it('a wrong type at a known line: exit 2, FILE:LINE: path', () => {
    const f = write('wrong-type.yaml', [
      ...HEAD,
      'buffers:',
      '  - { id: v, size: 256 }',
      'ops:',
      '  - id: k',
      '    kind: wgsl',
      '    workgroups: [one, 1, 1]', // line 11
      '    code: "@compute @workgroup_size(1) fn main() {}"',
      'phases:',
      '  - { name: p, ops: [k] }',
    ]);
    fails(f, 2, /^parascope: wrong-type\.yaml:11: ops\[0\]\.workgroups\[0\]: expected a positive integer, received 'one'/);
  });

  it('a wrong type in JSON: the line too', () => {
    const f = 'wrong.json';
    writeFileSync(
      path.join(dir, f),
      JSON.stringify(
        {
          schema: 'parascope.experiment/1',
          name: 'j',
          question: 'q?',
          devices: [{ id: 'gpu' }],
          buffers: [{ id: 'a', matrix: 'big' }],
          ops: [{ id: 'x', kind: 'cpu', work: 'sleep', ms: 1 }],
          phases: [{ name: 'p', ops: ['x'] }],
        },
        null,
        2,
      ),
    );
    fails(f, 2, /^parascope: wrong\.json:13: buffers\[0\]\.matrix: expected a positive integer/);
  });

  it('an unknown buffer id', () => {
    const f = write('unknown-buffer.yaml', [
      ...HEAD,
      'buffers:',
      '  - { id: a, matrix: 16, init: random }',
      '  - { id: c, matrix: 16 }',
      'ops:',
      '  - { id: mm, kind: matmul, a: a, b: nope, out: c }', // line 10
      'phases:',
      '  - { name: p, ops: [mm] }',
    ]);
    fails(f, 2, /^parascope: unknown-buffer\.yaml:10: ops\[0\]\.b: unknown buffer 'nope' \(buffers: 'a', 'c'\)/);
  });

  it('a dependency cycle', () => {
    const f = write('cycle.yaml', [
      ...HEAD,
      'ops:',
      '  - { id: s1, kind: cpu, work: sleep, ms: 1, after: [s3] }',
      '  - { id: s2, kind: cpu, work: sleep, ms: 1, after: [s1] }', // line 8: closes the cycle
      '  - { id: s3, kind: cpu, work: sleep, ms: 1, after: [s2] }',
      'phases:',
      '  - { name: p, ops: [s1, s2, s3] }',
    ]);
    fails(f, 2, /^parascope: cycle\.yaml:8: ops\[1\]\.after: dependency cycle: s1 → s3 → s2 → s1$/m);
  });

  it('WGSL that does not compile: exit 1, one line naming the op and the WGSL line in the file', () => {
    const f = write('wgsl-error.yaml', [
      ...HEAD,
      'buffers:',
      '  - { id: v, size: 256 }',
      'ops:',
      '  - id: broken kernel',
      '    kind: wgsl',
      '    workgroups: [1]',
      '    bindings: [{ binding: 0, buffer: v, access: read_write }]',
      '    code: |',
      '      @group(0) @binding(0) var<storage, read_write> v: array<f32>;', // line 14: WGSL line 1
      '      @compute @workgroup_size(64)',
      '      fn main(@builtin(global_invocation_id) id: vec3u) {',
      '        v[id.x] = 1u;', // line 17
      '      }',
      'phases:',
      '  - { name: p, ops: [broken kernel] }',
    ]);
    fails(f, 1, /^parascope: op 'broken kernel': WGSL error at wgsl-error\.yaml:17:11: cannot assign 'u32' to 'f32'$/m);
  });

  it('--size does not apply to a file; a missing file is named', () => {
    const r = cli(ROOT, 'record', 'resources/experiments/custom-kernel.yaml', '--size', '8');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--size and --reps apply to built-in experiments/);
    const m = cli(dir, 'record', 'missing.yaml');
    expect(m.code).toBe(2);
    expect(m.stderr.trim()).toBe('parascope: missing.yaml: no such file');
  });
});

describe('the loader without a GPU', () => {
  const parse = (text: string) => parseExperimentText(text, { file: 'x.yaml', dir, base: 'x.yaml' });
  const error = (text: string): ExperimentFileError => {
    try {
      parse(text);
    } catch (e) {
      if (e instanceof ExperimentFileError) return e;
      throw e;
    }
    throw new Error('no error');
  };
  const base = (extra: string) => `schema: parascope.experiment/1\nname: n\nquestion: q?\ndevices: [{ id: g1 }, { id: g2 }]\n${extra}`;

  it('resolves both examples', () => {
    for (const f of ['custom-kernel.yaml', 'pipeline-two-devices.yaml']) {
      const text = readFileSync(path.join(ROOT, 'resources/experiments', f), 'utf8');
      const spec = parseExperimentText(text, { file: f, dir: path.join(ROOT, 'resources/experiments'), base: f });
      expect(spec.file).toBe(f);
      expect(spec.phases.length).toBe(3);
    }
  });
  it('a buffer used on a device it does not live on', () => {
    const e = error(
      base(
        'buffers:\n  - { id: a, device: g1, matrix: 8 }\n  - { id: c, device: g2, matrix: 8 }\nops:\n  - { id: m, kind: matmul, a: a, b: a, out: c }\nphases: [{ name: p, ops: [m] }]\n',
      ),
    );
    expect(e.message).toBe(
      "x.yaml:9: ops[0].out: buffer 'c' lives on device 'g2', but op 'm' runs on 'g1' (where its first buffer lives); WebGPU ops use buffers of their own device",
    );
  });
  it('a buffer without a device when there are two', () => {
    expect(
      error(base('buffers:\n  - { id: a, matrix: 8 }\nops: [{ id: s, kind: cpu, work: sleep, ms: 1 }]\nphases: [{ name: p, ops: [s] }]\n')).message,
    ).toMatch(/^x\.yaml:6: buffers\[0\]\.device: buffer 'a' needs a device: there are 2/);
  });
  it('an unknown field, an unknown kind, an unknown phase in compare, a YAML syntax error', () => {
    expect(error(base('ops: [{ id: s, kind: cpu, work: sleep, ms: 1, colour: red }]\nphases: [{ name: p, ops: [s] }]\n')).message).toMatch(
      /^x\.yaml:5: ops\[0\]\.colour: unknown field 'colour'/,
    );
    expect(error(base('ops: [{ id: s, kind: gpu }]\nphases: [{ name: p, ops: [s] }]\n')).message).toMatch(
      /^x\.yaml:5: ops\[0\]\.kind: expected one of 'matmul', 'copy', 'readback', 'wgsl', 'cpu', received 'gpu'/,
    );
    expect(
      error(base('ops: [{ id: s, kind: cpu, work: sleep, ms: 1 }]\nphases: [{ name: p, ops: [s] }]\ncompare: [{ separate: [p], together: q }]\n')).message,
    ).toMatch(/^x\.yaml:7: compare\[0\]\.together: unknown phase 'q'/);
    expect(error('schema: parascope.experiment/1\nname: [unclosed\n').message).toMatch(/^x\.yaml:\d+: not valid YAML\/JSON: /);
  });
});
