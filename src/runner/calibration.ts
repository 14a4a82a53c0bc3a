/**
 * Puts GPU timestamps on the host clock.
 *
 * Each sample submits an empty compute pass that writes a beginning-of-pass timestamp `g`,
 * bracketed by host readings: `t0` just before `queue.submit`, `t1` after `onSubmittedWorkDone`.
 * The pass cannot begin before it was submitted nor after the host saw it done, so the offset
 * `g − host` lies in [g − t1, g − t0]. With no drift between the clocks every sample's bracket holds
 * the true offset, so their intersection does; we take its midpoint and half-width. If the
 * brackets do not intersect (clock drift, or a clock that is not what it seems) we fall back to
 * the tightest single bracket and say so in `method`.
 */
import type { Calibration } from '../core/model.js';
import { hostNow } from './host-clock.js';
import type { Slot, TimestampPool } from './timestamp-pool.js';

export interface CalibrationSample {
  readonly t0: bigint;
  readonly t1: bigint;
  readonly slot: Slot;
}

export async function takeCalibrationSamples(device: GPUDevice, pool: TimestampPool, count: number): Promise<CalibrationSample[]> {
  const samples: CalibrationSample[] = [];
  for (let i = 0; i < count; i++) {
    const slot = pool.take(1);
    const enc = device.createCommandEncoder({ label: 'parascope-calibration' });
    enc.beginComputePass({ timestampWrites: { querySet: slot.querySet, beginningOfPassWriteIndex: slot.index } }).end();
    const cb = enc.finish();
    const t0 = hostNow();
    device.queue.submit([cb]);
    await device.queue.onSubmittedWorkDone();
    const t1 = hostNow();
    pool.submitted([{ slot, count: 1 }]); // after t1: a resolve submitted here must not sit inside the bracket
    samples.push({ t0, t1, slot });
  }
  return samples;
}

export interface Offset {
  /** GPU timestamp − host clock, ns. */
  readonly offset: bigint;
  readonly uncertaintyNs: number;
  readonly method: string;
  readonly samples: number;
}

/** Computes the offset once the samples' timestamps have been read back. */
export function solveOffset(samples: readonly CalibrationSample[]): Offset {
  return solveReadings(
    samples.map((s) => {
      const g = s.slot.batch.values?.[s.slot.index];
      if (g === undefined) throw new Error('calibration timestamp was not read back');
      return { t0: s.t0, t1: s.t1, g };
    }),
  );
}

/** A sample with its GPU timestamp `g` read back (the profiler sends these from the profiled process). */
export interface CalibrationReading {
  readonly t0: bigint;
  readonly t1: bigint;
  readonly g: bigint;
}

/** The offset from read-back samples: see the file's header. */
export function solveReadings(readings: readonly CalibrationReading[]): Offset {
  const brackets = readings.map((s) => ({ lo: s.g - s.t1, hi: s.g - s.t0 }));
  if (brackets.length === 0) throw new Error('no calibration samples');
  let lo = brackets[0]!.lo;
  let hi = brackets[0]!.hi;
  for (const b of brackets) {
    if (b.lo > lo) lo = b.lo;
    if (b.hi < hi) hi = b.hi;
  }
  const n = brackets.length;
  if (lo <= hi) {
    return {
      offset: (lo + hi) / 2n,
      uncertaintyNs: Number(hi - lo) / 2,
      method: `intersection of ${n} brackets [g − t1, g − t0]: g = beginning-of-pass timestamp of an empty submitted pass, t0 = host clock before submit, t1 = after onSubmittedWorkDone`,
      samples: n,
    };
  }
  const tight = brackets.reduce((a, b) => (b.hi - b.lo < a.hi - a.lo ? b : a));
  return {
    offset: (tight.lo + tight.hi) / 2n,
    uncertaintyNs: Number(tight.hi - tight.lo) / 2,
    method: `tightest of ${n} brackets [g − t1, g − t0] (their intersection was empty: the clocks drift or jitter beyond the bracket widths)`,
    samples: n,
  };
}

export function toCalibration(device: string, start: Offset, end?: Offset): Calibration {
  return {
    method: start.method,
    device,
    offsetNs: start.offset.toString(),
    uncertaintyNs: start.uncertaintyNs,
    samples: start.samples,
    ...(end ? { driftNs: Number(end.offset - start.offset) } : {}),
  };
}
