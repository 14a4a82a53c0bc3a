/**
 * The chapter's §2 judged from a finished trace: did the pipelined phase take less than computing
 * everything and then copying everything, and did the host copy results out while the GPU
 * computed? Pure: a function of the trace.
 */
import type { Op, Trace, Verdict } from '../../../core/model.js';
import { SEED_COMPUTE_COPY_PHASES } from '../catalog.js';
import { busyIn, busyMs, fmtMs, overlapMs, overlapOf, pays, phaseNamed, phaseTime, ratio, softwareAdapter, totalVsSumVerdict } from '../judge-kit.js';

const { run: RUN, copy: COPY, both: BOTH } = SEED_COMPUTE_COPY_PHASES;

export function judgeComputeCopy(trace: Trace): Verdict[] {
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
  const speedup = ratio(t.separate[0]!.wallMs + t.separate[1]!.wallMs, T);
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
  return [
    totalVsSumVerdict(t, why),
    {
      claim: `In '${BOTH}' the host copied results out while the GPU computed`,
      holds: overlapOf(compute, copyOut).overlapped,
      evidence:
        `GPU compute busy ${fmtMs(busyMs(compute))} ms (compute + copies ${fmtMs(busyMs(gpuAll))} ms); host copy-out busy ${fmtMs(busyMs(copyOut))} ms, ` +
        `${fmtMs(ov)} ms of it during GPU compute (holds at 10% of the shorter or more); host waiting for mappings ${fmtMs(busyMs(mapWait))} ms.`,
    },
  ];
}
