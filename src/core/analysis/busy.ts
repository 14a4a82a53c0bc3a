/**
 * Trace-wide busy time: per kind, the span, the sum of the parts, parallelism and how much of the
 * transfer time is hidden under compute (HTA's "communication computation overlap").
 *
 * Kinds are kept apart by `Op.kind` alone, so sync ops (waits, sync kernels) land in their own
 * bucket and never inflate compute busy or the compute ∩ transfer overlap — the bug HTA had to fix.
 */
import type { Trace } from '../model.js';
import { intersect, totalLength } from './intervals.js';
import { laneBusy } from './lanes.js';
import { indexTrace, spanNs, type TraceIndex } from './trace-index.js';
import { KIND_COMPUTE, KIND_COUNT, KIND_CPU, KIND_OTHER, KIND_SYNC, KIND_TRANSFER } from '../vocabulary/op-kinds.js';
import { unionByGroup } from './union-sweep.js';

export interface KindBusyNs {
  readonly ops: number;
  readonly busyNs: number;
}

export interface BusyResult {
  readonly spanNs: number;
  readonly sumOfPartsNs: number;
  /** sumOfParts / span; 0 when the span is 0. */
  readonly parallelism: number;
  readonly compute: KindBusyNs;
  readonly transfer: KindBusyNs;
  readonly cpu: KindBusyNs;
  readonly sync: KindBusyNs;
  readonly other: KindBusyNs;
  readonly overlap: {
    /** |busy(compute) ∩ busy(transfer)|, ns. */
    readonly computeTransferNs: number;
    /** 100 × overlap / busy(transfer); 0 when there is no transfer time. */
    readonly pctOfTransfer: number;
  };
}

/** `laneBusyNs`: busy(lane) per lane, when the caller has it already (computeStats does). */
export function busyStats(trace: Trace, index: TraceIndex = indexTrace(trace), laneBusyNs: Float64Array = laneBusy(index).busyNs): BusyResult {
  const counts = new Uint32Array(KIND_COUNT);
  for (let i = 0; i < index.n; i++) counts[index.kindOf[i]!]!++;
  const kinds = unionByGroup(index, index.kindOf, KIND_COUNT, [KIND_COMPUTE, KIND_TRANSFER]);
  const kind = (k: number): KindBusyNs => ({ ops: counts[k]!, busyNs: kinds.lengths[k]! });

  const span = spanNs(index);
  let sumOfParts = 0;
  for (const b of laneBusyNs) sumOfParts += b;

  const computeTransfer = totalLength(intersect(kinds.intervals.get(KIND_COMPUTE) ?? [], kinds.intervals.get(KIND_TRANSFER) ?? []));
  const transferBusy = kinds.lengths[KIND_TRANSFER]!;
  return {
    spanNs: span,
    sumOfPartsNs: sumOfParts,
    parallelism: span > 0 ? sumOfParts / span : 0,
    compute: kind(KIND_COMPUTE),
    transfer: kind(KIND_TRANSFER),
    cpu: kind(KIND_CPU),
    sync: kind(KIND_SYNC),
    other: kind(KIND_OTHER),
    overlap: {
      computeTransferNs: computeTransfer,
      pctOfTransfer: transferBusy > 0 ? (100 * computeTransfer) / transferBusy : 0,
    },
  };
}
