/**
 * The recorder on a real Dawn device (lavapipe in CI): timestamp slots recycle over thousands of
 * ops, every timestamp is read back, GPU times land on the host clock with ns resolution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, type GpuQueue } from '../../src/runner/recorder.js';
import { openDevice, selectAdapters } from '../../src/runner/dawn.js';
import { createMatmul } from '../../src/runner/workloads/matmul.js';
import { createMatrix, submitMatmuls, waitQueue } from '../../src/runner/experiments/gpu-steps.js';
import type { Trace } from '../../src/core/model.js';

const OPS = 2000;
let trace: Trace;
let setsCreated = 0;
let hostBefore = 0;
let hostAfter = 0;

beforeAll(async () => {
  const rec = new Recorder({ querySetCapacity: 64 }); // 32 ops per set: recycling is exercised
  const [entry] = await selectAdapters();
  const q: GpuQueue = rec.addQueue(await openDevice(entry!, 'gpu1'), 'GPU1');
  const cpu = rec.cpuLane('main');
  const n = 8;
  const x = createMatrix(rec, q, cpu, 'x', n, new Float32Array(n * n).fill(1));
  const y = createMatrix(rec, q, cpu, 'y', n);
  const k = createMatmul(q.device, n);
  const group = k.bind(x, x, y);
  await rec.calibrate('start');
  rec.beginRun();
  hostBefore = rec.now();
  // 20 command buffers of 100 passes each, waiting after every 5th: slots are freed and reused.
  for (let b = 0; b < OPS / 100; b++) {
    const ops = submitMatmuls(rec, q, cpu, k, Array(100).fill(group), `batch ${b}`);
    if (b % 5 === 4) await waitQueue(rec, q, cpu, ops, `batch ${b}`);
  }
  await waitQueue(rec, q, cpu, [], 'end');
  hostAfter = rec.now();
  rec.endRun();
  await rec.calibrate('end');
  trace = await rec.finish({ experiment: { id: 't', title: 't', question: 'q', params: {} }, topology: 't', checks: [], verdicts: [], notes: [] });
  setsCreated = q.pool.setsCreated;
  rec.destroy();
});

afterAll(() => undefined);

describe('recorder on a real device', () => {
  const gpuOps = () => trace.ops.filter((o) => o.kind === 'compute');

  it('times every one of thousands of ops, recycling a few query sets', () => {
    expect(gpuOps()).toHaveLength(OPS);
    // 2000 ops need 63 sets of 32 without recycling; waiting every 500 ops keeps ≤ ~17 alive.
    expect(setsCreated).toBeLessThan(25);
    expect(setsCreated).toBeGreaterThan(1);
  });

  it('keeps GPU ops in submission order with non-negative durations (monotonic lane)', () => {
    const ops = gpuOps();
    for (let i = 1; i < ops.length; i++) expect(ops[i]!.start).toBeGreaterThanOrEqual(ops[i - 1]!.start);
    for (const o of ops) expect(o.dur).toBeGreaterThanOrEqual(0);
  });

  it('has ns resolution, not 65,536 ns quanta', () => {
    const raw = gpuOps().map((o) => o.dur);
    expect(raw.filter((d) => d % 65536 !== 0).length).toBeGreaterThan(raw.length / 2);
  });

  it('puts GPU ops on the host clock inside the host-timed window', () => {
    const cal = trace.meta!.calibration[0]!;
    const slack = cal.uncertaintyNs + Math.abs(cal.driftNs ?? 0) + 1000;
    for (const o of gpuOps()) {
      expect(o.start).toBeGreaterThan(hostBefore - slack);
      expect(o.start + o.dur).toBeLessThan(hostAfter + slack);
    }
  });

  it('links consecutive ops of the queue by queue-order edges', () => {
    expect(trace.deps.filter((d) => d.kind === 'queue-order')).toHaveLength(OPS - 1);
  });
});

describe('recorder failures', () => {
  it('turns a GPU validation error into one RecorderError instead of a hang or a crash', async () => {
    const rec = new Recorder();
    const [entry] = await selectAdapters();
    const q = rec.addQueue(await openDevice(entry!, 'gpu1'), 'GPU1');
    const cpu = rec.cpuLane('main');
    const a = q.device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC });
    const b = q.device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
    // Dawn reports the error at encode or submit time; the recorder raises it at its next step.
    const run = async () => {
      const enc = rec.encoder(q, 'bad copy');
      enc.copy('copy 6 bytes', a, 0, b, 0, 6); // size must be a multiple of 4
      rec.submit(cpu, [enc.finish()]);
      await rec.cpuAsync(cpu, 'wait', 'sync', () => q.device.queue.onSubmittedWorkDone());
    };
    await expect(run()).rejects.toMatchObject({
      name: 'RecorderError',
      code: 'gpu-error',
      message: expect.stringMatching(/^GPU error on 'gpu1': .*multiple of 4/),
    });
    rec.destroy();
  });
});
