/**
 * The chapter's §2 judged from a finished trace: did the pipelined phase take less than computing
 * everything and then copying everything, and did the host copy results out while the GPU
 * computed? Pure: a function of the trace.
 */
import type { Op, Trace } from '../../../core/model.js';
import { SEED_COMPUTE_COPY_PHASES } from '../catalog.js';
import {
  busyIn,
  busyMs,
  fmtMs,
  overlapMeasure,
  overlapMs,
  overlapOf,
  pays,
  phaseNamed,
  phaseTime,
  softwareAdapter,
  speedupOf,
  totalVsSumFinding,
  type Finding,
} from '../judge-kit.js';

const { run: RUN, copy: COPY, both: BOTH } = SEED_COMPUTE_COPY_PHASES;

export function judgeComputeCopy(trace: Trace): Finding[] {
  const phase = (name: string) => phaseNamed(trace, name);
  const w = phase(BOTH);
  const ops = (pred: (o: Op) => boolean) => trace.ops.filter(pred);
  const compute = busyIn(
    ops((o) => o.kind === 'compute'),
    w,
  );
  const computeAlone = busyIn(
    ops((o) => o.kind === 'compute'),
    phase(RUN),
  );
  const gpuAll = busyIn(
    ops((o) => o.kind === 'compute' || o.kind === 'transfer'),
    w,
  );
  // The host's read-back work: copying out of mapped ranges. Map waits are the host idling.
  const copyOut = busyIn(
    ops((o) => o.args?.['readback'] === true && o.kind === 'cpu'),
    w,
  );
  const mapWait = busyIn(
    ops((o) => o.args?.['readback'] === true && o.kind === 'sync'),
    w,
  );
  const ov = overlapMs(compute, copyOut);
  const t = { separate: [phaseTime(phase(RUN)), phaseTime(phase(COPY))], together: phaseTime(w) };
  const T = t.together.wallMs;
  const speedup = speedupOf(t);
  const software = softwareAdapter(trace) !== undefined;
  let why: string;
  if (pays(speedup)) {
    why = `The host copied results out for ${fmtMs(busyMs(copyOut))} ms, ${fmtMs(ov)} ms of it while the GPU computed.`;
  } else {
    const reasons: string[] = [];
    if (busyMs(compute) > 1.1 * busyMs(computeAlone)) {
      reasons.push(
        `the matmuls took ${fmtMs(busyMs(compute))} ms together vs ${fmtMs(busyMs(computeAlone))} ms alone` +
          (software
            ? ' (this adapter is a software renderer on the host CPU: GPU work and host work share the same cores)'
            : ' (they competed with the host work for shared hardware)'),
      );
    }
    const idle = T - busyMs(gpuAll);
    if (idle > 0.1 * T) reasons.push(`the GPU queue was idle ${fmtMs(idle)} ms of the ${fmtMs(T)} ms phase, waiting for the host to submit more work`);
    if (t.separate[1]!.wallMs < 0.1 * t.separate[0]!.wallMs) reasons.push(`there was little to hide: '${COPY}' took only ${fmtMs(t.separate[1]!.wallMs)} ms`);
    if (reasons.length === 0) reasons.push(`the copy-out overlapped the GPU's compute for only ${fmtMs(ov)} ms`);
    if (software && !reasons.some((r) => r.includes('software')))
      reasons.push('the adapter is a software renderer on the host CPU, so the "GPU" and the host share the same cores');
    why = `Why: ${reasons.join('; ')}.`;
  }
  const both = overlapOf(compute, copyOut);
  return [
    totalVsSumFinding(t, why),
    {
      claim: `In '${BOTH}' the host copied results out while the GPU computed`,
      holds: both.overlapped,
      polarity: 'good',
      measure: overlapMeasure(both.pctOfShorter),
      evidence:
        `GPU compute busy ${fmtMs(busyMs(compute))} ms (compute + copies ${fmtMs(busyMs(gpuAll))} ms); host copy-out busy ${fmtMs(busyMs(copyOut))} ms, ` +
        `${fmtMs(ov)} ms of it during GPU compute; host waiting for mappings ${fmtMs(busyMs(mapWait))} ms.`,
    },
  ];
}
