// A raw WebGPU program with a known hazard graph (the profiler's test, docs/profiling.md).
// Run it alone: `node resources/programs/raw-hazards.cjs`; or profiled:
// `parascope profile -- node resources/programs/raw-hazards.cjs`. It prints one number: the sum of E.
//
//   writeBuffer A ─▶ double (A → C) ─┐
//   writeBuffer B ─▶ inc    (B → D) ─┴▶ add (C, D → E; layout 'auto') ─▶ copy E → staging ─▶ mapAsync staging
//   writeBuffer A again (after double read A: WAR double → it, WAW first write → it)
// The three kernels are dispatched in ONE compute pass; the profiler splits it per dispatch.
'use strict';

const N = 256;

async function main(webgpu) {
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter();
  const device = await adapter.requestDevice({ label: 'hazards' });
  const bytes = N * 4;
  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const buf = (label) => device.createBuffer({ label, size: bytes, usage: storage });
  const A = buf('A');
  const B = buf('B');
  const C = buf('C');
  const D = buf('D');
  const E = buf('E');
  const staging = device.createBuffer({ label: 'staging', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });

  const layout = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
    ],
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const unary = (label, expr) =>
    device.createComputePipeline({
      label,
      layout: pipelineLayout,
      compute: {
        module: device.createShaderModule({
          code: `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) { if (g.x < ${N}u) { y[g.x] = ${expr}; } }`,
        }),
        entryPoint: 'main',
      },
    });
  const double = unary('double', '2.0 * x[g.x]');
  const inc = unary('inc', 'x[g.x] + 1.0');
  // No label and layout 'auto': the profiler names it by its entry point and reads access modes from the WGSL.
  const add = device.createComputePipeline({
    layout: 'auto',
    compute: {
      module: device.createShaderModule({
        code: `@group(0) @binding(0) var<storage, read> c: array<f32>;
@group(0) @binding(1) var<storage, read> d: array<f32>;
@group(0) @binding(2) var<storage, read_write> e: array<f32>;
@compute @workgroup_size(64) fn add_cd(@builtin(global_invocation_id) g: vec3<u32>) { if (g.x < ${N}u) { e[g.x] = c[g.x] + d[g.x]; } }`,
      }),
      entryPoint: 'add_cd',
    },
  });
  const group = (x, y) =>
    device.createBindGroup({
      layout,
      entries: [
        { binding: 0, resource: { buffer: x } },
        { binding: 1, resource: { buffer: y } },
      ],
    });
  const addGroup = device.createBindGroup({
    layout: add.getBindGroupLayout(0),
    entries: [C, D, E].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });

  const values = Float32Array.from({ length: N }, (_, i) => i + 1);
  device.queue.writeBuffer(A, 0, values);
  device.queue.writeBuffer(B, 0, values);
  const enc = device.createCommandEncoder({ label: 'hazards' });
  const pass = enc.beginComputePass({ label: 'three kernels' });
  const wg = Math.ceil(N / 64);
  pass.setPipeline(double);
  pass.setBindGroup(0, group(A, C));
  pass.dispatchWorkgroups(wg);
  pass.setPipeline(inc);
  pass.setBindGroup(0, group(B, D));
  pass.dispatchWorkgroups(wg);
  pass.setPipeline(add);
  pass.setBindGroup(0, addGroup);
  pass.dispatchWorkgroups(wg);
  pass.end();
  enc.copyBufferToBuffer(E, 0, staging, 0, bytes);
  device.queue.submit([enc.finish()]);
  device.queue.writeBuffer(A, 0, new Float32Array(N));
  await staging.mapAsync(GPUMapMode.READ);
  const e = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  // E[i] = 2(i+1) + (i+2) = 3i + 4: the sum over i < N is 3·N(N−1)/2 + 4N.
  process.stdout.write(`${e.reduce((s, v) => s + v, 0)}\n`);
  // Done with the GPU: Dawn can abort in its teardown at exit while a device is alive (docs/platform-facts.md).
  device.destroy();
}

module.exports = { main };
if (require.main === module) {
  main(require('webgpu')).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : err}\n`);
    process.exit(1);
  });
}
