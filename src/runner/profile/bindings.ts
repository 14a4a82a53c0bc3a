/**
 * Read and write sets of dispatches, from what the program declared: a bind group layout says per
 * binding whether it is a uniform (read), read-only storage (read) or storage (read and write);
 * a pipeline with `layout: 'auto'` has no such declaration, so the access modes come from its WGSL
 * (wgsl_reflect: the resources its entry point uses, with their `var<storage, read|read_write>`).
 * Pure bookkeeping over weak maps keyed by the program's own objects; nothing here calls Dawn.
 */
import { WgslReflect, ResourceType } from 'wgsl_reflect/wgsl_reflect.module.js';
import type { Access } from './records.js';

export type Mode = Access[3];
/** binding number → access mode (and whether it takes a dynamic offset). */
export type GroupAccess = ReadonlyMap<number, { readonly mode: Mode; readonly dynamic: boolean }>;

export interface PipelineInfo {
  readonly label: string;
  readonly entryPoint: string;
  /** group index → its bindings' access; undefined when the WGSL could not be read. */
  readonly groups: ReadonlyMap<number, GroupAccess> | undefined;
}

interface BoundEntry {
  readonly binding: number;
  /** Resource id (buffers and textures), or undefined (samplers). */
  readonly res: number | undefined;
  readonly offset: number;
  /** Bytes, or undefined: to the end of the buffer. */
  readonly size: number | undefined;
  readonly label: string;
}

interface BindGroupInfo {
  readonly label: string;
  readonly access: GroupAccess | undefined;
  readonly entries: readonly BoundEntry[];
}

/** Layout entry → mode: buffers by type (default 'uniform'), storage textures by access (default write-only). */
function layoutEntryMode(e: GPUBindGroupLayoutEntry): Mode | undefined {
  if (e.buffer) return e.buffer.type === 'storage' ? 'rw' : 'r';
  if (e.storageTexture) return e.storageTexture.access === 'read-only' ? 'r' : e.storageTexture.access === 'read-write' ? 'rw' : 'w';
  if (e.texture || e.externalTexture) return 'r';
  return undefined;
}

export function accessOfLayout(desc: GPUBindGroupLayoutDescriptor): GroupAccess {
  const m = new Map<number, { mode: Mode; dynamic: boolean }>();
  for (const e of desc.entries) {
    const mode = layoutEntryMode(e);
    if (mode) m.set(e.binding, { mode, dynamic: e.buffer?.hasDynamicOffset ?? false });
  }
  return m;
}

/**
 * The access of each binding an entry point uses, from its WGSL. `read_write` storage (buffers
 * and textures) reads and writes; `read` storage, uniforms and sampled textures only read; a
 * `write` storage texture only writes. Undefined when the WGSL does not parse.
 */
export function accessFromWgsl(code: string, entryPoint: string | undefined): Map<number, GroupAccess> | undefined {
  let reflect: WgslReflect;
  try {
    reflect = new WgslReflect(code);
  } catch {
    return undefined;
  }
  const fns = reflect.entry.compute;
  const fn = entryPoint === undefined ? (fns.length === 1 ? fns[0] : undefined) : fns.find((f) => f.name === entryPoint);
  if (!fn) return undefined;
  const groups = new Map<number, Map<number, { mode: Mode; dynamic: boolean }>>();
  for (const v of fn.resources) {
    let mode: Mode | undefined;
    switch (v.resourceType) {
      case ResourceType.Uniform:
      case ResourceType.Texture:
        mode = 'r';
        break;
      case ResourceType.Storage:
      case ResourceType.StorageTexture:
        mode = v.access === 'read_write' ? 'rw' : v.access === 'write' ? 'w' : 'r';
        break;
      default:
        mode = undefined; // samplers, immediates: no memory the queue orders
    }
    if (mode === undefined) continue;
    let g = groups.get(v.group);
    if (!g) groups.set(v.group, (g = new Map()));
    g.set(v.binding, { mode, dynamic: false });
  }
  return groups;
}

/** Everything the profiler learned about the program's binding objects. */
export class BindingBook {
  readonly layouts = new WeakMap<GPUBindGroupLayout, GroupAccess>();
  readonly pipelineLayouts = new WeakMap<GPUPipelineLayout, readonly (GPUBindGroupLayout | null | undefined)[]>();
  readonly shaders = new WeakMap<GPUShaderModule, string>();
  readonly pipelines = new WeakMap<GPUComputePipeline, PipelineInfo>();
  readonly bindGroups = new WeakMap<GPUBindGroup, BindGroupInfo>();

  pipeline(desc: GPUComputePipelineDescriptor): PipelineInfo {
    const entryPoint = desc.compute.entryPoint;
    let groups: Map<number, GroupAccess> | undefined;
    if (desc.layout === 'auto') {
      const code = this.shaders.get(desc.compute.module);
      groups = code === undefined ? undefined : accessFromWgsl(code, entryPoint);
    } else {
      groups = new Map();
      (this.pipelineLayouts.get(desc.layout) ?? []).forEach((l, i) => {
        const a = l ? this.layouts.get(l) : undefined;
        if (a) groups!.set(i, a);
      });
    }
    return { label: desc.label ?? '', entryPoint: entryPoint ?? '', groups };
  }

  /** `resolve`: a bind group entry's resource → (resource id, label, size in bytes). */
  bindGroup(desc: GPUBindGroupDescriptor, resolve: (r: unknown) => { res: number; label: string; size: number } | undefined): BindGroupInfo {
    const entries: BoundEntry[] = [];
    for (const e of desc.entries) {
      const r = e.resource as unknown;
      const binding = r !== null && typeof r === 'object' && 'buffer' in r ? (r as GPUBufferBinding) : undefined;
      const target = resolve(binding ? binding.buffer : r);
      entries.push({
        binding: e.binding,
        res: target?.res,
        offset: binding?.offset ?? 0,
        size: binding?.size ?? (target && binding ? undefined : target?.size),
        label: target?.label ?? '',
      });
    }
    return { label: desc.label ?? '', access: this.layouts.get(desc.layout), entries };
  }
}

/** One bound group as a pass sets it: the group and its dynamic offsets. */
export interface BoundGroup {
  readonly group: GPUBindGroup;
  readonly offsets: readonly number[];
}

/**
 * The accesses of one dispatch: for each bound group, each entry with a resource, its range
 * (offset + dynamic offset, to its size or the buffer's end) and its mode — from the bind group's
 * layout, else from the pipeline's WGSL, else read and write (unknown: assume the worst).
 * `names` gets one line per binding for the op's args.
 */
export function dispatchAccesses(
  book: BindingBook,
  pipeline: PipelineInfo | undefined,
  groups: ReadonlyMap<number, BoundGroup>,
  sizeOf: (res: number) => number,
): { acc: Access[]; names: Record<string, string> } {
  const acc: Access[] = [];
  const names: Record<string, string> = {};
  for (const [gi, bound] of [...groups].sort((a, b) => a[0] - b[0])) {
    const info = book.bindGroups.get(bound.group);
    if (!info) continue;
    const access = info.access ?? pipeline?.groups?.get(gi);
    let d = 0;
    for (const e of [...info.entries].sort((a, b) => a.binding - b.binding)) {
      const a = access?.get(e.binding);
      const dyn = a?.dynamic ? (bound.offsets[d++] ?? 0) : 0;
      if (e.res === undefined) continue;
      const lo = e.offset + dyn;
      const hi = e.size === undefined ? sizeOf(e.res) : lo + e.size;
      const mode: Mode = a?.mode ?? (access ? 'r' : 'rw');
      acc.push([e.res, lo, hi, mode]);
      names[`g${gi}.b${e.binding}`] = `${e.label || `buffer ${e.res}`} [${lo}, ${hi}) ${mode === 'r' ? 'read' : mode === 'w' ? 'write' : 'read-write'}`;
    }
  }
  return { acc, names };
}
