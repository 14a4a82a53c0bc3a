/**
 * "Profile a program" through the host core both hosts run (src/host/host-core.ts: no transport),
 * on real Dawn (lavapipe here) with the built preload: the trace saved in the recordings folder
 * before 'done' and readable by path afterwards, its ops there; the program's output captured; a
 * cancel that kills the program and keeps what ran, marked incomplete; a program without GPU work,
 * a crash, and each bad request ending in one line; a refusing host running nothing; one run at a
 * time with the recordings.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostCore, type HostCoreOptions } from '../../src/host/host-core.js';
import type { HostRunEvent } from '../../src/host/recordings.js';
import { RecentFiles, SESSION_ONLY } from '../../src/host/recent-files.js';
import { readTrace } from '../../src/host/trace-file.js';
import { ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-profile-app-'));
const FIXTURES = path.join(ROOT, 'test/fixtures/profile');
const recordingsDir = path.join(dir, 'recordings');

function baseOptions(): HostCoreOptions {
  return {
    version: '0.0.0',
    resources: {
      samplesDir: path.join(dir, 'no-samples'),
      examplesDir: path.join(dir, 'no-examples'),
      defaultSample: path.join(dir, 'none.json'),
      recorderScript: path.join(ROOT, 'dist/runner-child.js'),
      programsDir: path.join(ROOT, 'resources/programs'),
      profilePreload: path.join(ROOT, 'dist/profile-preload.js'),
    },
    recordingsDir,
    nodePath: () => process.execPath,
    recent: new RecentFiles(SESSION_ONLY),
    printPdf: async () => undefined,
    cwd: FIXTURES,
  };
}

function core(extra: Partial<HostCoreOptions> = {}): HostCore {
  return new HostCore({ ...baseOptions(), profiling: { allowed: true }, ...extra });
}

let runs = 0;
/** Runs `request` to its end; `onEvent` sees each event first (and may cancel). */
function profile(c: HostCore, request: unknown, onEvent: (e: HostRunEvent, runId: string) => void = () => undefined): Promise<HostRunEvent[]> {
  const runId = `run-${++runs}`;
  return new Promise((resolve) => {
    const got: HostRunEvent[] = [];
    c.profileProgram(runId, request, (e) => {
      got.push(e);
      onEvent(e, runId);
      if (e.type !== 'progress') resolve(got);
    });
  });
}

const last = (events: HostRunEvent[]) => events[events.length - 1]!;

describe('profileProgram through the host core', () => {
  it('profiles gpu-work.mjs: progress, then the trace saved before done, its ops and the program’s output', async () => {
    const c = core();
    let savedAtDone = false;
    const events = await profile(c, { command: 'node run-gpu-work.mjs 4', timeoutS: 120 }, (e) => {
      if (e.type === 'done') savedAtDone = existsSync(e.file.path);
    });
    const end = last(events);
    if (end.type === 'error') throw new Error(end.message);
    expect(end.type).toBe('done');
    if (end.type !== 'done') return;
    expect(savedAtDone).toBe(true);
    expect(path.dirname(end.file.path)).toBe(recordingsDir);
    expect(end.file.name).toMatch(/^profile-\d{8}-\d{6}\.json\.gz$/);
    expect(end.notes?.[0]).toMatch(/^\d+ GPU op\(s\) on 1 device\(s\)/);
    // Its stdout and stderr (where Dawn warns about limits), as they came.
    expect(end.output).toContain('dispatched 4');
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) expect(p).toMatchObject({ phase: 'running', total: 0, gpuOps: expect.any(Number) });
    const { trace } = await readTrace(end.file.path);
    const gpuLanes = new Set(trace.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id));
    const gpuOps = trace.ops.filter((o) => gpuLanes.has(o.laneId));
    // gpuWork(4) dispatches 4 times, per dispatch.
    expect(gpuOps.map((o) => o.name)).toEqual(['touch', 'touch', 'touch', 'touch']);
    expect(trace.meta?.experiment.params).toMatchObject({ command: 'node run-gpu-work.mjs 4', exitCode: 0, complete: true });
    // Remembered: readable by path, and a recent file.
    expect((await c.openPath(end.file.path)).bytes.length).toBe(end.file.bytes.length);
    expect(c.recentFiles()).toContain(end.file.path);
  });

  it('runs: the program twice into one trace, each run a round, progress counting the runs', async () => {
    const c = core();
    const events = await profile(c, { command: 'node run-gpu-work.mjs 2', timeoutS: 120, repeat: 2 });
    const end = last(events);
    if (end.type === 'error') throw new Error(end.message);
    expect(end.type).toBe('done');
    if (end.type !== 'done') return;
    expect(end.notes?.[0]).toMatch(/GPU op\(s\) on 1 device\(s\).* over 2 runs$/);
    // Both runs' output, in order.
    expect(end.output?.filter((l) => l.includes('dispatched 2'))).toHaveLength(2);
    const rounds = events.flatMap((e) => (e.type === 'progress' && e.round !== undefined ? [`${e.round}/${e.rounds}`] : []));
    expect(rounds[0]).toBe('1/2');
    expect(rounds).toContain('2/2');
    const { trace } = await readTrace(end.file.path);
    expect(trace.phases.map((p) => [p.name, p.round])).toEqual([
      ['run', 1],
      ['run', 2],
    ]);
    const gpuLanes = new Set(trace.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id));
    expect(gpuLanes.size).toBe(1);
    expect(trace.ops.filter((o) => gpuLanes.has(o.laneId)).map((o) => o.name)).toEqual(['touch', 'touch', 'touch', 'touch']);
  });

  it('a cancel kills the program and keeps what ran, marked incomplete, and says so', async () => {
    const c = core();
    let cancelled = false;
    const events = await profile(c, { command: ['node', 'hang.mjs'] }, (e, runId) => {
      // Cancel once the program has printed (its GPU work is done and recorded).
      if (!cancelled && e.type === 'progress' && e.output?.includes('gpu work done')) {
        cancelled = true;
        c.cancelRun(runId);
      }
    });
    const end = last(events);
    if (end.type === 'error') throw new Error(end.message);
    expect(end.type).toBe('done');
    if (end.type !== 'done') return;
    expect(end.notes).toEqual(
      expect.arrayContaining(['cancelled: what ran is kept, marked incomplete', 'incomplete: the program was cancelled from the app and killed']),
    );
    const { trace } = await readTrace(end.file.path);
    expect(trace.meta?.experiment.params).toMatchObject({ complete: false, signal: 'SIGKILL' });
    expect(trace.ops.filter((o) => o.name === 'touch')).toHaveLength(3);
  });

  it('a cancel ends the process the program started too (its whole process group)', async () => {
    const c = core();
    let pid: number | undefined;
    const events = await profile(c, { command: 'node spawn-and-hang.mjs' }, (e, runId) => {
      const line = e.type === 'progress' ? e.output?.find((l) => l.startsWith('child ')) : undefined;
      if (pid === undefined && line !== undefined) {
        pid = Number(line.slice('child '.length));
        c.cancelRun(runId);
      }
    });
    expect(last(events).type).toBe('done');
    expect(pid).toBeGreaterThan(0);
    const alive = () => {
      try {
        process.kill(pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(alive, { timeout: 5000 }).toBe(false);
  });

  it('a program that creates no WebGPU device: the CLI’s line, with its output', async () => {
    const end = last(await profile(core(), { command: 'node no-gpu.mjs' }));
    expect(end).toEqual({
      type: 'error',
      message: 'no GPU work was seen: node no-gpu.mjs created no WebGPU device (exit code 3); no trace written',
      output: expect.arrayContaining(['no gpu here']),
    });
  });

  it('a crash after GPU work: the trace opens, and the notes say the exit code', async () => {
    const end = last(await profile(core(), { command: 'node crash.mjs' }));
    if (end.type === 'error') throw new Error(end.message);
    expect(end.type).toBe('done');
    if (end.type !== 'done') return;
    expect(end.notes).toContain('incomplete: the program exited with code 1');
    expect(end.output?.join('\n')).toMatch(/deliberate crash after GPU work/);
  });

  it('bad requests: one line each, nothing run', async () => {
    const c = core();
    const before = existsSync(recordingsDir) ? readdirSync(recordingsDir) : [];
    const cases: [unknown, string | RegExp][] = [
      [{ command: 'python3 app.py' }, /^profile runs Node\.js programs only \('node SCRIPT …'\), not 'python3'/],
      [{ command: 'node missing.mjs' }, `missing.mjs (in ${FIXTURES}): no such file`],
      [{ command: 'node gpu-work.mjs', cwd: path.join(dir, 'nowhere') }, `working directory ${path.join(dir, 'nowhere')}: no such directory`],
      [{ command: 'node gpu-work.mjs', cwd: path.join(FIXTURES, 'gpu-work.mjs') }, `working directory ${path.join(FIXTURES, 'gpu-work.mjs')}: not a directory`],
      [{ command: 'node gpu-work.mjs', cwd: 'relative' }, 'working directory relative: not an absolute path'],
      [{ command: '   ' }, 'the command line is empty: give a Node.js program, e.g. node app.mjs --size 512'],
      [{ command: "node 'gpu-work.mjs" }, "the command line has an unclosed ' quote (at character 6)"],
      [{ command: 'node gpu-work.mjs; rm -rf /' }, /^the command line is not run by a shell: ';'/],
      [{ command: 42 }, 'the command must be a command line or an array of strings'],
      [{ command: 'node gpu-work.mjs', timeoutS: -1 }, 'the timeout must be a number of seconds in 0..86400 (0: none), got -1'],
      [{ command: 'node gpu-work.mjs', perPass: 'yes' }, 'perPass must be true or false'],
      [{ command: 'node gpu-work.mjs', repeat: 0 }, 'runs must be an integer in 1..100 (runs of the program), got 0'],
      [{ command: 'node gpu-work.mjs', repeat: 2.5 }, 'runs must be an integer in 1..100 (runs of the program), got 2.5'],
      [{ command: 'node gpu-work.mjs', repeat: '3' }, 'runs must be a number, got "3"'],
      ['node gpu-work.mjs', 'the profile request must be an object'],
    ];
    for (const [request, line] of cases) {
      const events = await profile(c, request);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'error', message: line });
    }
    expect(existsSync(recordingsDir) ? readdirSync(recordingsDir) : []).toEqual(before);
  });

  it('a host that does not allow it refuses with its reason and runs nothing', async () => {
    const marker = path.join(dir, 'ran');
    mkdirSync(path.join(dir, 'prog'), { recursive: true });
    writeFileSync(path.join(dir, 'prog', 'touch.mjs'), `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x');`);
    const c = core({ profiling: { allowed: false, reason: 'not here: start it with --allow-profile' } });
    expect(await c.profiling()).toEqual({ allowed: false, reason: 'not here: start it with --allow-profile' });
    const events = await profile(c, { command: 'node touch.mjs', cwd: path.join(dir, 'prog') });
    expect(events).toEqual([{ type: 'error', message: 'not here: start it with --allow-profile' }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(marker)).toBe(false);
    // A host given no policy refuses too.
    expect(await new HostCore(baseOptions()).profiling()).toMatchObject({ allowed: false });
  });

  it('says where it runs and offers the example programs, their paths on this host', async () => {
    const info = await core().profiling();
    expect(info.allowed).toBe(true);
    if (!info.allowed) return;
    expect(info.cwd).toBe(FIXTURES);
    expect(info.examples.map((e) => e.name)).toEqual(['raw-hazards.mjs', 'tfjs-matmul.mjs', 'tfjs-independent.mjs', 'tfjs-mlp.mjs']);
    expect(info.examples[1]!.command).toBe(`node ${path.join(ROOT, 'resources/programs/tfjs-matmul.mjs')} 256 5`);
  });

  it('one run at a time, shared with the recordings', async () => {
    const c = core();
    let second: Promise<HostRunEvent[]> | undefined;
    let cancelled = false;
    const events = await profile(c, { command: 'node hang.mjs' }, (e, runId) => {
      if (e.type === 'progress' && second === undefined) {
        second = new Promise((resolve) => {
          const got: HostRunEvent[] = [];
          c.runExperiment('rec-1', 'seed-parallel', { size: 32, reps: 2 }, (r) => {
            got.push(r);
            if (r.type !== 'progress') resolve(got);
          });
        });
      }
      if (!cancelled && e.type === 'progress' && e.output?.includes('gpu work done')) {
        cancelled = true;
        c.cancelRun(runId);
      }
    });
    expect(last(events).type).toBe('done');
    expect(await second!).toEqual([{ type: 'error', message: expect.stringMatching(/^another recording is running/) }]);
  });
});
