/**
 * The chapter's §1 judged from a finished trace: did 'GPU1 & GPU2' take less than the two runs one
 * after the other, and did the two queues really have work in flight at the same time? Pure: a
 * function of the trace alone (whether both devices are on one adapter is read from its header).
 */
import type { Op, Phase, Trace } from '../../../core/model.js';
import { SEED_PARALLEL_PHASES } from '../catalog.js';
import {
  busyIn,
  busyMs,
  computeIn,
  fmtMs,
  type Finding,
  meanDurMs,
  OVERLAP_SHARE,
  overlapMeasure,
  overlapOf,
  pays,
  pct,
  phaseNamed,
  phaseTime,
  ratio,
  sharedAdapter,
  times,
  totalVsSumFinding,
  wallMs,
} from '../judge-kit.js';

const { gpu1: P1, gpu2: P2, both: P12 } = SEED_PARALLEL_PHASES;

export function judgeParallel(trace: Trace): Finding[] {
  const sameAdapter = sharedAdapter(trace);
  const [p1, p2, p12] = [phaseNamed(trace, P1), phaseNamed(trace, P2), phaseNamed(trace, P12)];
  const lanes = trace.lanes.filter((l) => l.kind === 'gpu');
  const computeOn = (laneId: string, p: Phase): Op[] => computeIn(trace, p).filter((o) => o.laneId === laneId);
  const alone = [computeOn(lanes[0]!.id, p1), computeOn(lanes[1]!.id, p2)];
  const together = [computeOn(lanes[0]!.id, p12), computeOn(lanes[1]!.id, p12)];
  const busyT = together.map((ops) => busyIn(ops, p12));
  const both = overlapOf(busyT[0]!, busyT[1]!);
  const [ov, minBusy] = [both.bothMs, both.shorterMs];
  const slow = together.map((ops, i) => ratio(meanDurMs(ops), meanDurMs(alone[i]!)));
  let why = '';
  const speedup = ratio(wallMs(p1) + wallMs(p2), wallMs(p12));
  if (!pays(speedup)) {
    if (ov < OVERLAP_SHARE * minBusy) {
      why = `Why: the two queues' GPU intervals overlapped for only ${fmtMs(ov)} ms of ${fmtMs(minBusy)} ms: the work ran one queue after the other.`;
    } else {
      why =
        `Why: the queues' intervals overlapped for ${fmtMs(ov)} ms, but each matmul took ${times(slow[0]!)} / ${times(slow[1]!)} as long as when its GPU ran alone: ` +
        (sameAdapter
          ? 'both devices are on one GPU, which time-slices between them, so running them together gains nothing.'
          : 'the two devices competed for a shared resource.');
    }
  } else if (sameAdapter) {
    why = `Both devices are on one GPU, yet together was faster: each matmul alone left the GPU partly idle (per-matmul time together ${times(slow[0]!)} / ${times(slow[1]!)} of alone).`;
  }
  return [
    totalVsSumFinding({ separate: [phaseTime(p1), phaseTime(p2)], together: phaseTime(p12) }, why),
    {
      claim: `In '${P12}' both queues had GPU work in flight at the same time`,
      holds: both.overlapped,
      polarity: 'good',
      measure: overlapMeasure(both.pctOfShorter),
      evidence:
        `GPU timestamps: queue 1 busy ${fmtMs(busyMs(busyT[0]!))} ms, queue 2 busy ${fmtMs(busyMs(busyT[1]!))} ms, both at once ${fmtMs(ov)} ms ` +
        `(${pct(ov, minBusy)} of the shorter). ` +
        `Mean matmul ${fmtMs(meanDurMs(together[0]!))} / ${fmtMs(meanDurMs(together[1]!))} ms together vs ${fmtMs(meanDurMs(alone[0]!))} / ${fmtMs(meanDurMs(alone[1]!))} ms alone.`,
    },
  ];
}
