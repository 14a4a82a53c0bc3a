/**
 * `parascope profile -- node SCRIPT` as a user runs it (the built CLI, real Dawn on lavapipe, the
 * programs unchanged): a raw WebGPU program with a known hazard graph gets exactly those edges,
 * ESM and CommonJS alike; the TensorFlow.js examples give named ops, flows, host lanes and the
 * same output as without Parascope; bad programs lose nothing and end as they would alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectFlowsBind, interruptCli, readDoc, runCli } from '../helpers/cli.js';
import { readTrace } from '../../src/host/trace-file.js';
import type { Trace } from '../../src/core/model.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-profile-'));
const program = (name: string) => path.join(ROOT, 'resources/programs', name);
const fixture = (name: string) => path.join(ROOT, 'test/fixtures/profile', name);
const out = (name: string) => path.join(dir, name);

/** The program alone, with plain node: its stdout and exit code. */
function plain(script: string, ...args: string[]): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout };
}

/** Dependencies as "kind from → to" by op name, sorted. */
function edges(trace: Trace, kind: string): string[] {
  return trace.deps
    .filter((d) => d.kind === kind)
    .map((d) => `${trace.ops[d.from]!.name} → ${trace.ops[d.to]!.name}`)
    .sort();
}

/** Parascope's own lines, without Dawn's device-creation warnings. */
const parascopeLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('parascope: '));

describe('a raw WebGPU program with a known hazard graph', () => {
  // raw-hazards.cjs's header draws the graph. Per dispatch, its data edges are exactly:
  const perDispatch = [
    'add_cd → copy E → staging', // RAW on E
    'copy E → staging → mapAsync staging', // RAW on staging (the map reads it)
    'double → add_cd', // RAW on C
    'double → writeBuffer A', // WAR on A: the second write must wait for double's read
    'inc → add_cd', // RAW on D
    'writeBuffer A → double', // RAW on A
    'writeBuffer A → writeBuffer A', // WAW on A
    'writeBuffer B → inc', // RAW on B
  ];

  it.each(['raw-hazards.cjs', 'raw-hazards.mjs'])('%s: exactly those edges, per dispatch; its output unchanged', async (name) => {
    const file = out(`${name}.json`);
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', program(name));
    expect(r.code).toBe(0);
    // E[i] = 3i + 4 for i < 256: Σ = 3·256·255/2 + 4·256 = 98944; and the same as a plain run.
    expect(r.stdout).toBe('98944\n');
    expect(r.stdout).toBe(plain(program(name)).stdout);
    const said = parascopeLines(r.stderr);
    expect(said[0]).toBe(`parascope: wrote ${file} (4 GPU op(s) on 1 device(s), 5 host op(s), 8 data and 1 host dependencies)`);
    // The answers of the one run (profile --repeat K spreads them over K runs).
    expect(said[1]).toMatch(
      /^parascope: one run, no interval: wall \S+ m?s; GPU busy \S+ [mµ]?s; host waits \S+ [mµn]?s; data bound \S+ [mµ]?s; potential speedup \S+×; independent ops serialized \d+$/,
    );
    expect(said).toHaveLength(2);
    const { trace } = await readTrace(file);
    expect(edges(trace, 'data')).toEqual(perDispatch);
    // The map waited for the copy, the last GPU op that used the staging buffer.
    expect(edges(trace, 'host')).toEqual(['copy E → staging → mapAsync staging']);
    const gpu = trace.ops.filter((o) => trace.lanes.find((l) => l.id === o.laneId)!.kind === 'gpu');
    expect(gpu.map((o) => `${o.name} ${o.kind}`)).toEqual(['double compute', 'inc compute', 'add_cd compute', 'copy E → staging transfer']);
    expect(gpu[0]!.args).toMatchObject({ workgroups: '4×1×1', pass: 'three kernels', 'g0.b0': 'A [0, 1024) read', 'g0.b1': 'C [0, 1024) read-write' });
    // layout 'auto': the access modes come from the WGSL.
    expect(gpu[2]!.args).toMatchObject({ 'g0.b0': 'C [0, 1024) read', 'g0.b1': 'D [0, 1024) read', 'g0.b2': 'E [0, 1024) read-write' });
    const host = trace.ops.filter((o) => o.laneId === trace.lanes.find((l) => l.name === 'main thread')!.id).map((o) => o.name);
    expect(host).toEqual(['writeBuffer A', 'writeBuffer B', 'queue.submit', 'writeBuffer A', 'mapAsync staging']);
    // Ordered on the GPU as submitted, each after the one before; inside the host-timed run.
    for (let i = 1; i < gpu.length; i++) expect(gpu[i]!.start).toBeGreaterThanOrEqual(gpu[i - 1]!.start + gpu[i - 1]!.dur);
    const m = trace.meta!;
    expect(m.experiment.id).toBe('profile');
    expect(m.experiment.params).toMatchObject({ command: `node ${program(name)}`, mode: 'per-dispatch', exitCode: 0, complete: true });
    expect(m.calibration).toHaveLength(1);
    expect(m.adapters[0]!.timestampQuery).toBe(true);
    expectFlowsBind(readDoc(file), trace.deps.length);
  });

  it('in a worker thread: the same edges, host ops on the worker’s lane', async () => {
    const file = out('in-worker.json');
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', fixture('in-worker.mjs'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('98944\nworker exit 0\n');
    const { trace } = await readTrace(file);
    expect(edges(trace, 'data')).toEqual(perDispatch);
    expect(trace.lanes.map((l) => l.name)).toEqual(['hazards queue', 'worker thread 1']);
  });

  it('--per-pass: the program’s one pass is one op; edges inside it vanish, the rest stay', async () => {
    const file = out('per-pass.json');
    const r = runCli(dir, 'profile', '--per-pass', '--out', file, '--', 'node', program('raw-hazards.cjs'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('98944\n');
    const { trace } = await readTrace(file);
    expect(trace.ops.filter((o) => o.kind === 'compute').map((o) => [o.name, o.args?.['dispatches']])).toEqual([['three kernels', 3]]);
    expect(edges(trace, 'data')).toEqual([
      'copy E → staging → mapAsync staging',
      'three kernels → copy E → staging',
      'three kernels → writeBuffer A',
      'writeBuffer A → three kernels',
      'writeBuffer A → writeBuffer A',
      'writeBuffer B → three kernels',
    ]);
    expect(trace.meta!.experiment.params['mode']).toBe('per-pass');
  });
});

describe('TensorFlow.js programs', () => {
  it('§1 matmuls: named ops, flows, host lanes, the same result as unprofiled', async () => {
    const file = out('tfjs-matmul.json.gz');
    const r = runCli(dir, 'profile', '--json', '--out', file, '--', 'node', program('tfjs-matmul.mjs'), '64', '4');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const result = JSON.parse(lines.pop()!);
    expect(lines.join('\n')).toBe(plain(program('tfjs-matmul.mjs'), '64', '4').stdout.trimEnd());
    expect(result).toMatchObject({ type: 'result', file, exitCode: 0, complete: true, devices: 1 });
    const { trace } = await readTrace(file);
    const names = trace.ops.map((o) => o.name);
    // TF.js picks its matmul program by shape (MatMulSmallOutputSizeProgram at 64², MatMulPackedProgram larger).
    expect(names.filter((n) => /^MatMul\w*Program$/.test(n))).toHaveLength(4);
    expect(names).toContain('queue.submit');
    expect(names.some((n) => n.startsWith('mapAsync'))).toBe(true);
    expect(names.some((n) => n.startsWith('copy '))).toBe(true);
    expect(trace.lanes.map((l) => `${l.kind} ${l.name}`)).toEqual(['gpu device 0 queue', 'cpu main thread']);
    // Each matmul reads the two uploaded matrices: a data edge from each upload into every matmul.
    const mm = trace.ops.filter((o) => /^MatMul\w*Program$/.test(o.name));
    for (const o of mm) expect(trace.deps.filter((d) => d.kind === 'data' && d.to === o.id).length).toBeGreaterThanOrEqual(2);
    expect(edges(trace, 'host').length).toBeGreaterThanOrEqual(1);
    expectFlowsBind(readDoc(file), trace.deps.length);
  });

  it('exercise 1: the two matmul chains have no data path between them', async () => {
    const file = out('tfjs-independent.json');
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', program('tfjs-independent.mjs'), '64', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(plain(program('tfjs-independent.mjs'), '64', '3').stdout);
    const { trace } = await readTrace(file);
    const mm = trace.ops.filter((o) => /^MatMul\w*Program$/.test(o.name)).map((o) => o.id);
    expect(mm).toHaveLength(6);
    const data = trace.deps.filter((d) => d.kind === 'data');
    const reach = (from: number): Set<number> => {
      const seen = new Set<number>([from]);
      const stack = [from];
      while (stack.length > 0) {
        const v = stack.pop()!;
        for (const d of data) {
          if (d.from !== v || seen.has(d.to)) continue;
          seen.add(d.to);
          stack.push(d.to);
        }
      }
      return seen;
    };
    // Issued x, y, x, y, x, y: x's chain is mm[0] → mm[2] → mm[4], y's mm[1] → mm[3] → mm[5].
    const x = [mm[0]!, mm[2]!, mm[4]!];
    const y = [mm[1]!, mm[3]!, mm[5]!];
    for (const chain of [x, y]) for (let i = 1; i < 3; i++) expect(data.some((d) => d.from === chain[i - 1] && d.to === chain[i])).toBe(true);
    for (const a of x) for (const b of y) expect(reach(a).has(b) || reach(b).has(a), `${a} and ${b}`).toBe(false);
  });

  it('an MLP training step: the losses as unprofiled, forward/backward/update ops named', async () => {
    const file = out('tfjs-mlp.json');
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', program('tfjs-mlp.mjs'), '32', '16', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(plain(program('tfjs-mlp.mjs'), '32', '16', '2').stdout);
    expect(r.stdout).toMatch(/^step 1 loss \S+\nstep 2 loss \S+\n$/);
    const { trace } = await readTrace(file);
    const names = new Set(trace.ops.map((o) => o.name));
    // forward: matmuls, adds, relu; backward: transposed matmuls, reductions; update: binary ops.
    for (const n of ['MatMulSmallOutputSizeProgram', 'BinaryOpProgram', 'UnaryOpProgram', 'ReduceProgram']) expect(names).toContain(n);
    expect(trace.deps.filter((d) => d.kind === 'data').length).toBeGreaterThan(10);
  });
});

describe('programs that use more of WebGPU', () => {
  it('a render pass and a texture copy: timed, ordered, its pixels unchanged', async () => {
    const file = out('render.json');
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', fixture('render.cjs'));
    expect(r.code).toBe(0);
    // The fragment shader's colour (1, 0.5, 0.25, 1) as rgba8unorm.
    expect(r.stdout).toBe('255,128,64,255\n');
    expect(r.stdout).toBe(plain(fixture('render.cjs')).stdout);
    const { trace } = await readTrace(file);
    expect(edges(trace, 'data')).toEqual(['copy target → pixels → mapAsync pixels', 'draw → copy target → pixels']);
  });

  it('TF.js timing itself (its own timestamp writes kept): still works, its resolveQuerySet recorded', async () => {
    const file = out('tfjs-time.json');
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', fixture('tfjs-time.mjs'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('kernelMs is a positive number: true\n');
    const { trace } = await readTrace(file);
    const names = trace.ops.map((o) => o.name);
    expect(names).toContain('MatMulPackedProgram');
    expect(names.some((n) => n.startsWith('resolveQuerySet'))).toBe(true);
  });
});

describe('bad programs', () => {
  it('no WebGPU device: its exit code and one line, no file', () => {
    const file = out('none.json');
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', fixture('no-gpu.mjs'));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('no gpu here\n');
    expect(r.stderr).toBe(`parascope: no GPU work was seen: node ${fixture('no-gpu.mjs')} created no WebGPU device (exit code 3); no trace written\n`);
    expect(existsSync(file)).toBe(false);
  });

  it('a crash: its exit code; what ran and was waited for is kept, marked incomplete', async () => {
    const file = out('crash.json');
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', fixture('crash.mjs'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deliberate crash after GPU work');
    const { trace } = await readTrace(file);
    // The first submit's 3 dispatches were awaited (onSubmittedWorkDone): timed. The second's were not read back.
    expect(trace.ops.filter((o) => o.name === 'touch')).toHaveLength(3);
    expect(trace.meta!.experiment.params).toMatchObject({ complete: false, exitCode: 1 });
    expect(trace.meta!.notes).toContain('incomplete: the program exited with code 1');
    expect(trace.meta!.notes).toContain(
      'incomplete: 3 GPU op(s) were submitted but their timestamps were never read back (the program ended first): they are left out',
    );
  });

  it('process.exit right after its results: exit code kept, nothing it waited for lost', async () => {
    const file = out('exit-early.json');
    const r = runCli(dir, 'profile', '--out', file, '--', 'node', fixture('exit-early.mjs'));
    expect(r.code).toBe(5);
    const { trace } = await readTrace(file);
    expect(trace.ops.filter((o) => o.name === 'touch')).toHaveLength(2);
    expect(edges(trace, 'host')).toEqual(['touch → onSubmittedWorkDone']);
  });

  it('--timeout: killed, the trace of what ran written and marked incomplete', async () => {
    const file = out('timeout.json');
    const r = runCli(dir, 'profile', '--timeout', '3', '--out', file, '--', 'node', fixture('hang.mjs'));
    expect(r.code).toBe(137);
    expect(r.stdout).toBe('gpu work done\n');
    expect(parascopeLines(r.stderr)[0]).toBe('parascope: incomplete: the program ran past --timeout 3 s and was killed');
    const { trace } = await readTrace(file);
    expect(trace.ops.filter((o) => o.name === 'touch')).toHaveLength(3);
    expect(trace.meta!.experiment.params).toMatchObject({ complete: false, signal: 'SIGKILL' });
  });

  it('Ctrl-C: the program is interrupted as it would be alone; the trace is kept', async () => {
    const file = out('interrupted.json');
    const { code, stderr } = await interruptCli(['profile', '--out', file, '--', 'node', fixture('hang.mjs')], dir, 'gpu work done');
    // Node's default SIGINT ends the program: 128 + 2.
    expect(code).toBe(130);
    expect(stderr).toContain('parascope: incomplete: the program was interrupted (Ctrl-C) and ended by SIGINT');
    const { trace } = await readTrace(file);
    expect(trace.ops.filter((o) => o.name === 'touch')).toHaveLength(3);
  });

  it('not a Node.js program, or no script: one line, exit 2', () => {
    const r = runCli(dir, 'profile', '--', 'python3', 'app.py');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "parascope: profile runs Node.js programs only ('node SCRIPT …'), not 'python3': profiling other runtimes (browsers, Deno, Python's wgpu) is future work (docs/profiling.md)\n",
    );
    const missing = runCli(dir, 'profile', '--', 'node', 'missing.mjs');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('parascope: missing.mjs: no such file\n');
  });
});
