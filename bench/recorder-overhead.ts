/**
 * Recorder overhead: the same R matmuls (one compute pass each, one command buffer, one submit)
 * timed by the host clock from submit to onSubmittedWorkDone, with and without the recorder's
 * timestamp writes. Trials alternate so drift and clock ramps hit both alike; the figure is the
 * ratio of medians. Target (issue 2): ≤ 1.02 at N = 1024 on a GPU.
 *
 * Modes: `none` (plain passes), `begin+end` (what the recorder does), `end-only` and
 * `begin-only` (to see which write costs).
 *
 *   node dist/bench/recorder-overhead.js [--size 1024] [--reps 200] [--trials 9] [--adapter NAME]
 */
import { TimestampPool } from '../src/runner/timestamp-pool.js';
import { createMatmul } from '../src/runner/workloads/matmul.js';
import { uniformMatrix } from '../src/runner/workloads/random.js';
import { arg, benchDevice, median, nowNs } from './common.js';

type Mode = 'none' | 'begin+end' | 'end-only' | 'begin-only';
const MODES: Mode[] = ['none', 'begin+end', 'end-only', 'begin-only'];

const n = arg('size', 1024);
const reps = arg('reps', 200);
const trials = arg('trials', 9);
const dev = await benchDevice();
const device = dev.device;
const k = createMatmul(device, n);
const mk = (data?: Float32Array) => {
  const b = device.createBuffer({ size: n * n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  if (data) device.queue.writeBuffer(b, 0, data);
  return b;
};
const x = mk(uniformMatrix(n, 1));
const groups = Array.from({ length: reps }, () => k.bind(x, x, mk()));
const pool = new TimestampPool(device);

async function once(mode: Mode): Promise<number> {
  const enc = device.createCommandEncoder();
  const slots = [];
  for (const g of groups) {
    let tw: GPUComputePassTimestampWrites | undefined;
    if (mode !== 'none') {
      const s = pool.take(2);
      slots.push({ slot: s, count: 2 });
      tw = {
        querySet: s.querySet,
        ...(mode !== 'end-only' ? { beginningOfPassWriteIndex: s.index } : {}),
        ...(mode !== 'begin-only' ? { endOfPassWriteIndex: s.index + 1 } : {}),
      };
    }
    const pass = enc.beginComputePass(tw ? { timestampWrites: tw } : {});
    k.dispatch(pass, g);
    pass.end();
  }
  const cb = enc.finish();
  const t0 = nowNs();
  device.queue.submit([cb]);
  await device.queue.onSubmittedWorkDone();
  const t1 = nowNs();
  pool.submitted(slots);
  await pool.drain();
  return Number(t1 - t0) / 1e6;
}

for (const m of MODES) await once(m); // warm-up
const times: Record<Mode, number[]> = { none: [], 'begin+end': [], 'end-only': [], 'begin-only': [] };
for (let t = 0; t < trials; t++) for (const m of t % 2 ? [...MODES].reverse() : MODES) times[m].push(await once(m));
const base = median(times.none);
for (const m of MODES) {
  console.log(
    JSON.stringify({
      bench: 'recorder-overhead',
      adapter: dev.info.description,
      n,
      reps,
      trials,
      mode: m,
      kernel: k.variant.name,
      medianMs: +median(times[m]).toFixed(3),
      ratio: +(median(times[m]) / base).toFixed(4),
    }),
  );
}
pool.destroy();
device.destroy();
process.exit(0);
