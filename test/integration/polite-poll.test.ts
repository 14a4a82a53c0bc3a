/**
 * The recorder's wait on a software adapter, on real Dawn and lavapipe: Dawn's Node binding polls
 * with the global setImmediate while the GPU works, which spins the JavaScript thread at a whole
 * core (measured: 0.47 s of CPU in a 0.75 s wait) that lavapipe needs. Once the recorder has opened
 * its devices on a software adapter, the thread sleeps between polls (src/runner/polite-poll.ts).
 * This test fails if the binding stops reading the global (the thread would spin again).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { selectAdapters } from '../../src/runner/dawn.js';
import { openDevices } from '../../src/runner/devices.js';
import { isSoftwareAdapter } from '../../src/runner/experiments/software-warning.js';
import { politePollInstalled } from '../../src/runner/polite-poll.js';

/** CPU time of this process's main thread, in ms (user + system, from /proc, in clock ticks of 10 ms). */
function mainThreadCpuMs(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  var s = 0.0;
  for (var i = 0u; i < 20000u; i++) { s += sin(f32(i + g.x)); }
  out[g.x] = s;
}`;

describe('the wait for GPU work on a software adapter', () => {
  it('leaves the JavaScript thread mostly asleep instead of spinning a core', async () => {
    const [entry] = await selectAdapters();
    const { devices } = await openDevices([{ label: 'gpu1', entry: entry! }], 'spread');
    const { device, info } = devices[0]!;
    expect(isSoftwareAdapter(info)).toBe(true); // CI and this machine: lavapipe
    expect(politePollInstalled()).toBe(true);
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: 'main' } });
    const groups = 256;
    const buffer = device.createBuffer({ size: 4 * 64 * groups, usage: GPUBufferUsage.STORAGE });
    const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] });
    const waits: { wallMs: number; cpuMs: number }[] = [];
    for (let k = 0; k < 3; k++) {
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(groups);
      pass.end();
      device.queue.submit([enc.finish()]);
      const [t0, c0] = [performance.now(), mainThreadCpuMs()];
      await device.queue.onSubmittedWorkDone();
      waits.push({ wallMs: performance.now() - t0, cpuMs: mainThreadCpuMs() - c0 });
    }
    const wall = waits.reduce((s, w) => s + w.wallMs, 0);
    const cpu = waits.reduce((s, w) => s + w.cpuMs, 0);
    // Long enough for the 10 ms ticks to mean something; a spinning thread uses 60–100 % of it.
    expect(wall).toBeGreaterThan(200);
    expect(cpu / wall, `main thread ${cpu} ms of CPU in ${wall.toFixed(0)} ms of waiting`).toBeLessThan(0.3);
    device.destroy();
  });
});
