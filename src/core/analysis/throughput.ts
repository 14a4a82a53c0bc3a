/**
 * Achieved throughput per op name, from the work an op declares in its args and its measured
 * duration (Nsight Compute's "achieved FLOP/s" and "memory throughput"):
 * - `flops`: floating-point operations (an N×N by N×N matmul declares 2N³) → FLOP/s;
 * - `bytesMoved`: bytes read plus bytes written → B/s.
 * Per op name, kind and unit: rate = Σ work / Σ duration; best = the fastest single op.
 * Ops with `peak: true` in their args are the trace's own microbenchmarks (ex4-efficiency measures
 * the adapter's FMA throughput and copy bandwidth): the fastest such op per unit is the peak, and
 * every row gets its share of it. An op of zero duration has no rate and is left out.
 * Only these explicit declarations count: a `bytes` arg (a buffer's size) says nothing about how
 * many bytes a pass actually touched. Only ops on GPU lanes count: a host op's duration is not the
 * time the work took (PyTorch's profiler with `with_flops` puts `flops` on `aten::mm`, whose CPU
 * duration is the kernel's launch).
 */
import type { Op, OpKind, Trace } from '../model.js';

export type WorkUnit = 'FLOP/s' | 'B/s';

export interface ThroughputRowNs {
  readonly name: string;
  readonly kind: OpKind;
  readonly unit: WorkUnit;
  readonly count: number;
  /** Σ declared work (FLOP or bytes). */
  readonly work: number;
  /** Σ duration of those ops. */
  readonly busyNs: number;
  /** work / busy, per second. */
  readonly perSec: number;
  /** The fastest single op, per second. */
  readonly bestPerSec: number;
  /** Whether these ops are the trace's peak microbenchmarks. */
  readonly peak: boolean;
  /** perSec as a share of the trace's peak for the unit, in %; absent when the trace measured none. */
  readonly pctOfPeak?: number;
}

/** The args that declare an op's work, and the rate each gives. */
export const WORK_ARGS: readonly { readonly arg: string; readonly unit: WorkUnit }[] = [
  { arg: 'flops', unit: 'FLOP/s' },
  { arg: 'bytesMoved', unit: 'B/s' },
];

interface Acc {
  name: string;
  kind: OpKind;
  unit: WorkUnit;
  count: number;
  work: number;
  busyNs: number;
  best: number;
  peak: boolean;
}

export function throughput(trace: Trace): ThroughputRowNs[] {
  const rows = new Map<string, Acc>();
  const add = (o: Op, unit: WorkUnit, work: number): void => {
    const peak = o.args?.['peak'] === true;
    const key = `${o.kind}\u0000${unit}\u0000${peak ? 1 : 0}\u0000${o.name}`;
    let a = rows.get(key);
    if (a === undefined) {
      a = { name: o.name, kind: o.kind, unit, count: 0, work: 0, busyNs: 0, best: 0, peak };
      rows.set(key, a);
    }
    a.count += 1;
    a.work += work;
    a.busyNs += o.dur;
    a.best = Math.max(a.best, work / (o.dur / 1e9));
  };
  const gpuLanes = new Set(trace.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id));
  for (const o of trace.ops) {
    const args = o.args;
    if (args === undefined || !(o.dur > 0) || !gpuLanes.has(o.laneId)) continue;
    for (const s of WORK_ARGS) {
      const w = args[s.arg];
      if (typeof w === 'number' && Number.isFinite(w) && w > 0) add(o, s.unit, w);
    }
  }
  const peakOf = new Map<WorkUnit, number>();
  for (const a of rows.values()) if (a.peak) peakOf.set(a.unit, Math.max(peakOf.get(a.unit) ?? 0, a.best));
  return [...rows.values()]
    .sort((x, y) => y.busyNs - x.busyNs || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .map((a) => {
      const perSec = a.work / (a.busyNs / 1e9);
      const peak = peakOf.get(a.unit);
      return {
        name: a.name,
        kind: a.kind,
        unit: a.unit,
        count: a.count,
        work: a.work,
        busyNs: a.busyNs,
        perSec,
        bestPerSec: a.best,
        peak: a.peak,
        ...(peak !== undefined && peak > 0 ? { pctOfPeak: (100 * perSec) / peak } : {}),
      };
    });
}
