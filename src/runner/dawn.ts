/**
 * Dawn (npm `webgpu`) in a plain Node.js process: adapter discovery and device creation.
 *
 * Facts this relies on (docs/platform-facts.md, re-checked on lavapipe):
 * - `requestAdapter()` returns one adapter; `create(['adapter=NAME'])` picks one by a
 *   case-sensitive substring of its name, and a name that matches none makes `requestAdapter`
 *   throw an error listing every adapter Dawn found. That list is the only enumeration dawn.node
 *   offers, so discovery reads it.
 * - Timestamps are quantized to 65,536 ns unless `timestamp_quantization` is disabled.
 * - An adapter is consumed by `requestDevice`: each device needs its own `requestAdapter`.
 */
import { create, globals } from 'webgpu';
import type { AdapterInfo } from '../core/model.js';
import { RecorderError } from './errors.js';

let globalsInstalled = false;
/** GPUBufferUsage, GPUMapMode, … are globals in browsers; dawn.node exports them instead. */
export function installWebGpuGlobals(): void {
  if (globalsInstalled) return;
  Object.assign(globalThis, globals);
  globalsInstalled = true;
}

/**
 * Timestamp quantization off (ns resolution). PARASCOPE_DAWN_FLAGS adds Dawn instance flags,
 * comma-separated groups separated by spaces, e.g. `enable-dawn-features=allow_unsafe_apis,disable_robustness`
 * (used by the benchmarks; not needed for recording).
 */
const BASE_FLAGS = ['disable-dawn-features=timestamp_quantization', ...(process.env['PARASCOPE_DAWN_FLAGS'] ?? '').split(/\s+/).filter(Boolean)];
/** Names no adapter has: asking for it makes Dawn list the adapters it sees. */
const NO_SUCH_ADAPTER = 'parascope-list-adapters-\u0001';

/**
 * One Dawn instance per adapter selection, kept for the life of the process: a device must not
 * outlive the instance it came from, and dropping instances to the GC crashed Dawn in tests.
 */
const instances = new Map<string, GPU>();
function gpu(entry?: AdapterEntry): GPU {
  installWebGpuGlobals();
  const flags = entry === undefined ? BASE_FLAGS : [...BASE_FLAGS, `adapter=${entry.name}`, ...(entry.backend ? [`backend=${entry.backend}`] : [])];
  const key = flags.join('\n');
  let g = instances.get(key);
  if (!g) instances.set(key, (g = create(flags)));
  return g;
}

export interface AdapterEntry {
  readonly backend: string;
  readonly name: string;
}

/** Every adapter Dawn can see, as (backend, name), parsed from Dawn's own listing. */
export async function listAdapterEntries(): Promise<AdapterEntry[]> {
  try {
    const a = await gpu({ name: NO_SUCH_ADAPTER, backend: '' }).requestAdapter();
    if (a) return [{ backend: '', name: a.info.description || a.info.device }];
    return [];
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const entries: AdapterEntry[] = [];
    for (const m of text.matchAll(/^\s*\*\s*backend:\s*'([^']*)',\s*name:\s*'(.*)'\s*$/gm)) {
      if (m[1] !== 'null') entries.push({ backend: m[1]!, name: m[2]! });
    }
    return entries;
  }
}

export interface OpenedAdapter {
  readonly adapter: GPUAdapter;
  readonly info: AdapterInfo;
}

function describeAdapter(entry: AdapterEntry, a: GPUAdapter): AdapterInfo {
  const i = a.info;
  return {
    name: entry.name,
    vendor: i.vendor,
    architecture: i.architecture,
    device: i.device,
    description: i.description,
    backend: entry.backend,
    timestampQuery: a.features.has('timestamp-query'),
    isFallback: (i as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
  };
}

export async function openAdapter(entry: AdapterEntry): Promise<OpenedAdapter> {
  const a = await gpu(entry).requestAdapter();
  if (!a) throw new RecorderError('no-adapter', `Dawn could not open adapter '${entry.name}'`);
  return { adapter: a, info: describeAdapter(entry, a) };
}

/** All adapters with their properties. Adapters Dawn lists but cannot open are left out. */
export async function discoverAdapters(): Promise<AdapterInfo[]> {
  const out: AdapterInfo[] = [];
  for (const e of await listAdapterEntries()) {
    try {
      out.push((await openAdapter(e)).info);
    } catch {
      // Listed but unusable (e.g. a driver that fails Dawn's requirements): not an adapter we can record on.
    }
  }
  return out;
}

/** Native APIs first: the same GPU also shows up through OpenGL ES / D3D11, with fewer features. */
const NATIVE_BACKENDS = ['vulkan', 'metal', 'd3d12'];

/**
 * Picks the adapters to record on, each physical GPU once: by case-insensitive substring of the
 * name (or an exact backend name), else all. The same GPU seen through a secondary backend
 * (OpenGL ES, D3D11) is dropped while a native one exists, and software adapters (lavapipe) are
 * dropped while a hardware one exists, unless the filter asks for them.
 */
export async function selectAdapters(filter?: string): Promise<AdapterEntry[]> {
  const all = await listAdapterEntries();
  const native = all.filter((e) => NATIVE_BACKENDS.includes(e.backend));
  let entries = native.length > 0 ? native : all;
  if (filter === undefined && entries.length > 1) {
    const hardware: AdapterEntry[] = [];
    for (const e of entries) {
      try {
        if (!(await openAdapter(e)).info.isFallback) hardware.push(e);
      } catch {
        // cannot be opened: not a candidate
      }
    }
    if (hardware.length > 0) entries = hardware;
  }
  if (filter !== undefined) entries = all;
  if (entries.length === 0) {
    throw new RecorderError(
      'no-adapter',
      'no GPU adapter found: Dawn sees no Vulkan/Metal/D3D12 device (on a CPU-only Linux machine install Mesa lavapipe, see README)',
    );
  }
  if (filter === undefined) return entries;
  const f = filter.toLowerCase();
  const matches = entries.filter((e) => e.name.toLowerCase().includes(f) || e.backend.toLowerCase() === f);
  const nativeMatches = matches.filter((e) => NATIVE_BACKENDS.includes(e.backend));
  const chosen = nativeMatches.length > 0 && !matches.some((e) => e.backend.toLowerCase() === f) ? nativeMatches : matches;
  if (chosen.length === 0) {
    throw new RecorderError('no-adapter', `no adapter matches '${filter}'; available: ${entries.map((e) => `'${e.name}' (${e.backend})`).join(', ')}`);
  }
  return chosen;
}

export interface OpenedDevice {
  readonly device: GPUDevice;
  readonly info: AdapterInfo;
  readonly label: string;
}

/**
 * Opens one device on the adapter with `timestamp-query` and the largest storage-buffer limits
 * the adapter allows (a 4000² f32 matrix is 64 MB, near the 128 MiB default binding limit).
 */
export async function openDevice(entry: AdapterEntry, label: string): Promise<OpenedDevice> {
  const { adapter, info } = await openAdapter(entry);
  if (!info.timestampQuery) {
    throw new RecorderError('no-timestamp-query', `adapter '${entry.name}' has no 'timestamp-query' feature: Parascope cannot time GPU work on it`);
  }
  const device = await adapter.requestDevice({
    label,
    requiredFeatures: ['timestamp-query'],
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  return { device, info, label };
}
