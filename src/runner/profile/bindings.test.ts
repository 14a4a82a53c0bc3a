import { describe, expect, it } from 'vitest';
import { BindingBook, accessFromWgsl, accessOfLayout, dispatchAccesses } from './bindings.js';

const wgsl = `
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> b: array<f32>;
@group(0) @binding(2) var<uniform> u: vec4<u32>;
@group(1) @binding(0) var<storage, read> unused: array<f32>;
fn helper(i: u32) -> f32 { return a[i]; }
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) { b[g.x] = helper(g.x) + f32(u.x); }
@compute @workgroup_size(64) fn other() { b[0] = unused[0]; }`;

/** [group, [[binding, mode]…]…], sorted (the reflection lists bindings in the order it meets them). */
const modes = (m: ReturnType<typeof accessFromWgsl>) =>
  [...(m ?? [])].sort((x, y) => x[0] - y[0]).map(([g, b]) => [g, [...b].sort((x, y) => x[0] - y[0]).map(([n, x]) => [n, x.mode])]);

describe('accessFromWgsl', () => {
  it('gives the access of each binding the entry point uses, through the functions it calls', () => {
    // main uses a (read, via helper), b (read_write), u (uniform); not `unused`.
    expect(modes(accessFromWgsl(wgsl, 'main'))).toEqual([
      [
        0,
        [
          [0, 'r'],
          [1, 'rw'],
          [2, 'r'],
        ],
      ],
    ]);
    expect(modes(accessFromWgsl(wgsl, 'other'))).toEqual([
      [0, [[1, 'rw']]],
      [1, [[0, 'r']]],
    ]);
  });

  it('is undefined for an unknown entry point, two candidates and no name, or WGSL that does not parse', () => {
    expect(accessFromWgsl(wgsl, 'nope')).toBeUndefined();
    expect(accessFromWgsl(wgsl, undefined)).toBeUndefined();
    expect(accessFromWgsl('@compute fn (', 'main')).toBeUndefined();
  });
});

describe('dispatchAccesses', () => {
  it('ranges from offsets, dynamic offsets and sizes; modes from the layout', () => {
    const book = new BindingBook();
    const layout = {} as GPUBindGroupLayout;
    book.layouts.set(
      layout,
      accessOfLayout({
        entries: [
          { binding: 0, visibility: 4, buffer: { type: 'read-only-storage' } },
          { binding: 1, visibility: 4, buffer: { type: 'storage', hasDynamicOffset: true } },
          { binding: 2, visibility: 4, buffer: {} },
        ],
      }),
    );
    const bufs = [{}, {}, {}] as GPUBuffer[];
    const group = {} as GPUBindGroup;
    book.bindGroups.set(
      group,
      book.bindGroup(
        {
          layout,
          entries: [
            { binding: 0, resource: { buffer: bufs[0]!, offset: 256 } },
            { binding: 1, resource: { buffer: bufs[1]!, size: 64 } },
            { binding: 2, resource: { buffer: bufs[2]!, offset: 0, size: 16 } },
          ],
        },
        (r) => {
          const i = bufs.indexOf(r as GPUBuffer);
          return { res: i, label: `b${i}`, size: 1024 };
        },
      ),
    );
    const { acc, names } = dispatchAccesses(book, undefined, new Map([[0, { group, offsets: [512] }]]), () => 1024);
    // 0: from offset 256 to the buffer's end (1024), read; 1: dynamic offset 512, size 64 → [512, 576), read-write;
    // 2: a uniform (the default buffer type), [0, 16), read.
    expect(acc).toEqual([
      [0, 256, 1024, 'r'],
      [1, 512, 576, 'rw'],
      [2, 0, 16, 'r'],
    ]);
    expect(names).toEqual({ 'g0.b0': 'b0 [256, 1024) read', 'g0.b1': 'b1 [512, 576) read-write', 'g0.b2': 'b2 [0, 16) read' });
  });
});
