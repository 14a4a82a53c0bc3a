/**
 * Opening the devices of a recording, and saying how they lie on the machine's adapters — the
 * trace header's `topology`. One place for the built-in experiments (experiments/skeleton.ts) and
 * user experiment files (user-experiment/devices.ts): which adapter each device gets, and the words
 * a reader sees ("2 devices on ONE adapter …"), which say whether two queues share one GPU.
 */
import { openDevice, type AdapterEntry, type OpenedDevice } from './dawn.js';
import { RecorderError } from './errors.js';
import { isSoftwareAdapter } from './experiments/software-warning.js';
import { installPolitePoll } from './polite-poll.js';

/** One device to open: its label and the adapter it goes on. */
export interface DeviceRequest {
  readonly label: string;
  readonly entry: AdapterEntry;
}

/**
 * How `count` devices spread over the adapters: one per adapter while there are enough, otherwise
 * all on the first one.
 */
export function spreadOver(entries: readonly AdapterEntry[], count: number): AdapterEntry[] {
  const first = entries[0];
  if (!first) throw new RecorderError('no-adapter', 'no adapter to record on');
  return entries.length >= count ? entries.slice(0, count) : Array.from({ length: count }, () => first);
}

/**
 * The wording of the topology. 'spread': the built-ins' devices, spread by `spreadOver` (sharing an
 * adapter only when the machine has no second one). 'assigned': an experiment file's devices, each
 * named and possibly placed on an adapter of its own choosing.
 */
export type TopologyWording = 'spread' | 'assigned';

/** The topology in words, from the opened devices. */
export function topologyOf(devices: readonly OpenedDevice[], wording: TopologyWording): string {
  const first = devices[0];
  if (!first) throw new RecorderError('no-adapter', 'no device to record on');
  const n = devices.length;
  const adapters = new Set(devices.map((d) => d.info.name)).size;
  const where = devices.map((d) => `'${d.label}' on '${d.info.name}'`).join(', ');
  if (n === 1) return wording === 'assigned' ? `one device '${first.label}' on adapter '${first.info.name}'` : `one device on adapter '${first.info.name}'`;
  if (adapters === n) return `${n} devices on ${n} adapters: ${where}`;
  return wording === 'spread'
    ? `${n} devices on ONE adapter '${first.info.name}' (the machine has no second adapter): both queues share the same GPU, which time-slices between them`
    : `${n} devices on ${adapters === 1 ? 'ONE adapter' : `${adapters} adapters`}: ${where}; devices on one adapter share that GPU, which time-slices between them`;
}

/**
 * Opens the devices in order; returns them with the topology in words. On a software adapter the
 * wait for GPU work stops spinning a core the adapter needs (polite-poll.ts; the trace says so).
 */
export async function openDevices(requests: readonly DeviceRequest[], wording: TopologyWording): Promise<{ devices: OpenedDevice[]; topology: string }> {
  const devices: OpenedDevice[] = [];
  for (const r of requests) devices.push(await openDevice(r.entry, r.label));
  if (devices.some((d) => isSoftwareAdapter(d.info))) installPolitePoll();
  return { devices, topology: topologyOf(devices, wording) };
}
