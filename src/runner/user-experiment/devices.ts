/**
 * The devices of a user experiment file, opened through the same device opening and topology
 * wording as the built-ins (../devices.ts), in the file's own words ('assigned').
 */
import { selectAdapters, type AdapterEntry, type OpenedDevice } from '../dawn.js';
import { openDevices, spreadOver } from '../devices.js';
import type { UserExperimentSpec } from './schema.js';

/**
 * One device per entry. An entry with `adapter` gets the first adapter matching it; the others
 * get one physical adapter each while there are enough (as the built-ins do), else the first.
 */
export async function openSpecDevices(spec: UserExperimentSpec, filter: string | undefined): Promise<{ opened: Map<string, OpenedDevice>; topology: string }> {
  const free = spec.devices.filter((d) => d.adapter === undefined);
  const spread: AdapterEntry[] = free.length > 0 ? spreadOver(await selectAdapters(filter), free.length) : [];
  const requests = [];
  let k = 0;
  for (const d of spec.devices) requests.push({ label: d.id, entry: d.adapter !== undefined ? (await selectAdapters(d.adapter))[0]! : spread[k++]! });
  const { devices, topology } = await openDevices(requests, 'assigned');
  return { opened: new Map(devices.map((o, i) => [spec.devices[i]!.id, o])), topology };
}
