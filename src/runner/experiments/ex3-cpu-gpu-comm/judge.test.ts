/** Exercise 3's judge on hand-made traces whose answers are known by construction: no GPU needed. */
import { describe, expect, it } from 'vitest';
import type { OpKind, Phase, Trace } from '../../../core/model.js';
import { ns } from '../../../core/time.js';
import { scenario, withMeta } from '../../../core/testing/scenario.js';
import { EX3_CPU_GPU_COMM_PHASES as X } from '../catalog.js';
import { judgeCpuGpuComm, overlapNote } from './judge.js';
import { readTrace } from '../../../host/trace-file.js';

const PHASES = [X.gpu, X.cpu, X.comm, X.all];

const MS = 1e6;
type Row = readonly [lane: string, name: string, kind: OpKind, start: number, dur: number];
const gpu = (startMs: number, durMs: number): Row => ['gpu1', 'matmul', 'compute', startMs * MS, durMs * MS];
const cpu = (worker: number, startMs: number, durMs: number): Row => [`cpu worker ${worker}`, 'cpu matmul', 'cpu', startMs * MS, durMs * MS];
const read = (startMs: number, durMs: number): Row => ['cpu main', 'read y', 'cpu', startMs * MS, durMs * MS];
const phase = (name: string, startMs: number, endMs: number): Phase => ({ name, start: ns(startMs * MS), end: ns(endMs * MS) });

/** The four phases; read-backs get args.readback as the experiment writes them. */
function handMade(rows: readonly Row[], phases: readonly [number, number][], software = false): Trace {
  const t = withMeta(
    scenario(rows),
    PHASES.map((p, i) => phase(p, phases[i]![0], phases[i]![1])),
  );
  const ops = t.ops.map((o) => (o.name === 'read y' ? { ...o, args: { readback: true } } : o));
  const meta = t.meta!;
  return {
    ...t,
    ops,
    meta: { ...meta, host: { ...meta.host, cpus: '2 × EPYC' }, adapters: meta.adapters.map((a) => ({ ...a, isFallback: software })) },
  };
}

describe('judgeCpuGpuComm on hand-made traces', () => {
  it('all three at once on separate hardware: the claim and every pair hold', () => {
    const t = handMade(
      [
        cpu(1, -5, 2), // a warm-up product before the phases: counted nowhere
        gpu(1, 8),
        cpu(1, 11, 8),
        cpu(2, 11, 8),
        read(21, 4),
        read(25, 4),
        gpu(31, 8),
        cpu(1, 31, 8),
        cpu(2, 31, 8),
        read(32, 4),
        read(36, 2),
      ],
      [
        [0, 10],
        [10, 20],
        [20, 30],
        [30, 40],
      ],
    );
    const [claim, gc, gm, cm] = judgeCpuGpuComm(t);
    expect(claim!.holds).toBe(true);
    expect(claim!.evidence).toContain(`'${X.gpu}' 10.00 ms + '${X.cpu}' 10.00 ms + '${X.comm}' 10.00 ms = 30.00 ms; '${X.all}' 10.00 ms; speedup 3.00×`);
    expect(claim!.evidence).toContain('the separate phases were busy computing or copying out for 24.00 ms of their 30.00 ms');
    expect(claim!.evidence).not.toContain('software');
    expect(gc!.holds).toBe(true);
    expect(gc!.evidence).toBe(
      'GPU compute busy 8.00 ms (8.00 ms in its own phase), CPU compute (workers) busy 8.00 ms over 2 worker(s) (8.00 ms in its own phase); both at once 8.00 ms = 100% of the shorter.',
    );
    expect(gm!.holds).toBe(true);
    expect(gm!.evidence).toContain('host copy-out busy 6.00 ms (8.00 ms in its own phase); both at once 6.00 ms = 100% of the shorter');
    expect(cm!.holds).toBe(true);
    expect(overlapNote(t)).toBe(
      "overlap in 'All together': GPU compute ∩ CPU compute 8.00 ms (100% of the shorter); GPU compute ∩ communication 6.00 ms (100% of the shorter); CPU compute ∩ communication 6.00 ms (100% of the shorter)",
    );
  });

  it("a software GPU on the workers' cores: overlapped, each twice as slow, no gain — and it says why", () => {
    const t = handMade(
      [gpu(1, 8), cpu(1, 11, 8), cpu(2, 11, 8), read(20.5, 1), gpu(23, 16), cpu(1, 23, 16), cpu(2, 23, 16), read(39.5, 1)],
      [
        [0, 10],
        [10, 20],
        [20, 22],
        [22, 44],
      ],
      true,
    );
    const [claim, gc, gm, cm] = judgeCpuGpuComm(t);
    expect(claim!.holds).toBe(false);
    expect(claim!.evidence).toContain("= 22.00 ms; 'All together' 22.00 ms; speedup 1.00×");
    expect(claim!.evidence).toContain(
      "Why: the adapter 'A' is a software renderer (isFallback): its \"GPU\" matmuls run on the host's CPU cores, the same 2 logical CPUs as the 2 CPU worker(s) and the main thread, so there is no second processor to overlap with; " +
        'together each resource was slower (GPU compute busy 16.00 ms vs 8.00 ms alone; each CPU product 16.00 ms vs 8.00 ms alone (2.00×)): they competed for the same hardware.',
    );
    expect(gc!.holds).toBe(true);
    expect(gc!.evidence).toContain('both at once 16.00 ms = 100% of the shorter');
    expect(gm!.holds).toBe(false);
    expect(gm!.evidence).toContain('host copy-out busy 1.00 ms (1.00 ms in its own phase); both at once 0.000 ms = 0% of the shorter');
    expect(cm!.holds).toBe(false);
  });

  it('one resource dominates and nothing overlaps: little to hide, and it says so', () => {
    const t = handMade(
      [gpu(1, 1), cpu(1, 4.5, 1), read(7, 38), gpu(47, 1), cpu(1, 48, 1), read(50, 38)],
      [
        [0, 4],
        [4, 6],
        [6, 46],
        [46, 92],
      ],
    );
    const [claim, ...pairs] = judgeCpuGpuComm(t);
    expect(claim!.holds).toBe(false);
    expect(claim!.evidence).toContain('speedup 1.00×');
    expect(claim!.evidence).toContain(
      "Why: there was little to hide: 'Communication' is 87% of the sum; the resources barely overlapped (GPU compute ∩ CPU compute 0.000 ms, GPU compute ∩ communication 0.000 ms, CPU compute ∩ communication 0.000 ms).",
    );
    expect(claim!.evidence).not.toContain('software');
    expect(pairs.map((p) => p.holds)).toEqual([false, false, false]);
    expect(pairs[0]!.evidence).toContain('over 1 worker(s)');
  });

  it('names a missing phase', () => {
    expect(() => judgeCpuGpuComm(withMeta(scenario([gpu(0, 1)]), [phase(X.gpu, 0, 1)]))).toThrow(/no phase 'CPU compute'/);
  });
});

describe('judgeCpuGpuComm on the H200 recording (docs/gpu-runs)', () => {
  it("judged again by today's judge reaches the recording's verdicts (claims and holds; the evidence now opens with the measure)", async () => {
    const { trace } = await readTrace(new URL('../../../../docs/gpu-runs/2026-11-27-h200/exercises/ex3-cpu-gpu-comm.json.gz', import.meta.url).pathname);
    expect(judgeCpuGpuComm(trace).map((f) => [f.claim, f.holds])).toEqual(trace.meta!.verdicts.map((v) => [v.claim, v.holds]));
  });
});
