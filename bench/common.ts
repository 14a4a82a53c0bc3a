/** Shared by the benchmarks: argument parsing, one device, a median. */
import { selectAdapters, openDevice, type OpenedDevice } from '../src/runner/dawn.js';

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

export function strArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

export async function benchDevice(label = 'bench'): Promise<OpenedDevice> {
  const [entry] = await selectAdapters(strArg('adapter'));
  return openDevice(entry!, label);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const nowNs = (): bigint => process.hrtime.bigint();
