/**
 * Exercise 5 judged from a finished trace: was the dependency-driven schedule faster, did both
 * schedules compute the same, correct weights, and what bounds the critical path. Pure: a function
 * of the trace (its phases, checks and dependency edges).
 */
import { clipTrace } from '../../../core/analysis/window.js';
import { computeStats } from '../../../core/analysis/stats.js';
import type { Op, Phase, Trace } from '../../../core/model.js';
import { MLP_REL_TOLERANCE } from '../../workloads/mlp-tolerance.js';
import { EX5_DEPENDENCY_GRAPH_PHASES } from '../catalog.js';
import {
  fmtMs,
  type Finding,
  intervals,
  laneOverlap,
  meanDurMs,
  opsIn,
  overlapMs,
  PAYS,
  pays,
  pct,
  phaseNamed,
  ratio,
  softwareAdapter,
  speedupMeasure,
  sumMs,
  times,
  wallMs,
} from '../judge-kit.js';

const { serialized: SER, driven: DRV } = EX5_DEPENDENCY_GRAPH_PHASES;

/** What an op does in the step, in `args.role`: the judge's categories of the critical path. */
export type Ex5Role = 'compute' | 'readback' | 'exchange' | 'upload' | 'issue' | 'wait';

/** The role the recorder gave an op, or one inferred from its kind and lane for ops without one (submits). */
function roleOf(o: Op, gpuLanes: ReadonlySet<string>): Ex5Role {
  const r = o.args?.['role'];
  if (r === 'compute' || r === 'readback' || r === 'exchange' || r === 'upload' || r === 'issue' || r === 'wait') return r;
  if (o.kind === 'compute') return 'compute';
  if (o.kind === 'transfer') return gpuLanes.has(o.laneId) ? 'readback' : 'upload';
  if (o.kind === 'sync') return 'wait';
  return 'issue';
}

const ROLE_WORDS: Readonly<Record<Ex5Role, string>> = {
  compute: 'GPU compute',
  readback: "the gradients' read-back (copy, map, copy-out)",
  exchange: "the host's gradient sum and weight update",
  upload: 'the weight uploads',
  issue: 'encoding and submitting',
  wait: 'host waits for the GPU',
};

/** Exercise 5's three verdicts, read from the finished trace's timestamps, phases, checks and dependency edges. */
export function judgeDependencyGraph(trace: Trace): Finding[] {
  const [ser, drv] = [phaseNamed(trace, SER), phaseNamed(trace, DRV)];
  return [speedupVerdict(trace, ser, drv), correctnessVerdict(trace), criticalPathVerdict(trace, drv)];
}

function speedupVerdict(trace: Trace, ser: Phase, drv: Phase): Finding {
  const gpuLanes = trace.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id);
  const gpuSet = new Set(gpuLanes);
  const role = (r: Ex5Role) => (o: Op) => roleOf(o, gpuSet) === r;
  const [ws, wd] = [wallMs(ser), wallMs(drv)];
  const speedup = ratio(ws, wd);
  const holds = pays(speedup);
  const [cS, cD] = [opsIn(trace, ser, role('compute')), opsIn(trace, drv, role('compute'))];
  const slow = ratio(meanDurMs(cD), meanDurMs(cS));
  const perLane = gpuLanes.map((l) => intervals(cD.filter((o) => o.laneId === l)));
  const o2 = laneOverlap(cD, gpuLanes);
  const [both, shorter] = [o2?.bothMs ?? 0, o2?.shorterMs ?? 0];
  // A device's read-back copy or the host's copy-out while the OTHER device computes.
  const readD = opsIn(trace, drv, role('readback'));
  let hidden = 0;
  for (const [i, lane] of gpuLanes.entries()) {
    const other = perLane[1 - i];
    if (other) hidden += overlapMs(intervals(readD.filter((o) => o.laneId === lane)), other);
  }
  const waitOps = (p: Phase) => opsIn(trace, p, (o) => o.kind === 'sync' && !gpuSet.has(o.laneId));
  const [waitS, waitD] = [waitOps(ser), waitOps(drv)];
  const hostWork = (p: Phase) => sumMs(opsIn(trace, p, (o) => role('exchange')(o) || role('upload')(o) || (role('readback')(o) && o.kind === 'cpu')));
  const [hostS, hostD] = [hostWork(ser), hostWork(drv)];
  const adapters = trace.meta?.adapters ?? [];
  const sameAdapter = gpuLanes.length >= 2 && adapters.length < gpuLanes.length;
  const software = softwareAdapter(trace) !== undefined;
  // In the order of the rest of the evidence ('serialized' first), as the walls and waits are.
  const perOp = `mean GPU op ${fmtMs(meanDurMs(cS))} vs ${fmtMs(meanDurMs(cD))} ms`;
  let why: string;
  if (holds) {
    // Only the gains that happened are named: an overlap of 0 ms is not a reason.
    const gains = [`cut the host's waiting from ${fmtMs(sumMs(waitS))} ms in ${waitS.length} waits to ${fmtMs(sumMs(waitD))} ms in ${waitD.length}`];
    if (both > 0) gains.push(`let both devices compute at once for ${fmtMs(both)} ms`);
    if (hidden > 0) gains.push(`hid ${fmtMs(hidden)} ms of read-back behind the other device's compute`);
    why =
      `Why: issuing each op as soon as its inputs were ready ${gains.length > 1 ? `${gains.slice(0, -1).join(', ')} and ${gains[gains.length - 1]}` : gains[0]}` +
      (slow > PAYS ? `, although each GPU op took ${times(slow)} as long (${perOp})` : '') +
      '.';
  } else if (sameAdapter && both > 0.1 * shorter && slow > PAYS) {
    why = `Why: both devices are on one adapter, which time-slices between them: run at once, each GPU op took ${times(slow)} as long (${perOp}), which ate what the overlap gained.`;
  } else if (hostD > 0.5 * wd) {
    why =
      `Why: the host's share of the step — copy-outs, gradient sums, updates and uploads, ${fmtMs(hostD)} ms of the ${fmtMs(wd)} ms — runs on one thread in both schedules ` +
      `(${fmtMs(hostS)} ms in '${SER}'): it bounds the step, and the schedule cannot overlap it with itself.`;
  } else if (sumMs(waitS) - sumMs(waitD) < 0.1 * ws) {
    why = `Why: the waits the serialized schedule paid (${fmtMs(sumMs(waitS))} ms in ${waitS.length} waits) were small next to the step, so removing them gained little.`;
  } else {
    why = `Why: the devices overlapped for only ${fmtMs(both)} ms of the shorter queue's ${fmtMs(shorter)} ms compute (${perOp}).`;
  }
  if (software) why += ' The adapter is a software renderer: both "GPUs" and the host share the host\'s CPU cores.';
  return {
    claim: `'${DRV}' is faster than '${SER}'`,
    holds,
    polarity: 'good',
    measure: speedupMeasure(speedup),
    evidence:
      `Walls: '${SER}' ${fmtMs(ws)} ms, '${DRV}' ${fmtMs(wd)} ms: speedup ${times(speedup)}. ` +
      `In '${DRV}' the two GPUs computed at the same time for ${fmtMs(both)} ms (${pct(both, shorter)} of the shorter queue's ${fmtMs(shorter)} ms), read-back overlapped the other device's compute for ${fmtMs(hidden)} ms; ` +
      `host waits ${fmtMs(sumMs(waitS))} ms (${waitS.length}) vs ${fmtMs(sumMs(waitD))} ms (${waitD.length}); host exchange work ${fmtMs(hostS)} vs ${fmtMs(hostD)} ms; ${perOp} (${times(slow)}). ${why}`,
  };
}

function correctnessVerdict(trace: Trace): Finding {
  const checks = trace.meta?.checks ?? [];
  const of = (p: string) => checks.filter((c) => c.name.startsWith(`'${p}'`));
  const parts = [SER, DRV].map((p) => {
    const cs = of(p);
    const passed = cs.filter((c) => c.passed).length;
    const weights = cs.filter((c) => c.name.includes('float64'));
    const rel = Math.max(0, ...weights.map((c) => c.maxRelError));
    const abs = Math.max(0, ...weights.map((c) => c.maxAbsError));
    const failed = cs.filter((c) => !c.passed).map((c) => c.name);
    return {
      ok: cs.length > 0 && passed === cs.length,
      text:
        `'${p}': ${passed} of ${cs.length} checks passed, the weights' largest error ${rel.toExponential(2)} of the largest update (max abs ${abs.toExponential(2)})` +
        (failed.length > 0 ? `; failed: ${failed.join('; ')}` : ''),
    };
  });
  const holds = parts.every((x) => x.ok);
  return {
    claim: `Both schedules computed the same, correct weights`,
    holds,
    // Must hold: a schedule that computes wrong weights is a problem, not an answer.
    polarity: 'required',
    evidence:
      `${parts.map((x) => x.text).join('; ')}. Held to ${MLP_REL_TOLERANCE} of the largest update against the same steps in float64 on the CPU, and the devices' weights to exact equality with the host's. ` +
      (holds
        ? 'Issuing ops as soon as their inputs were ready broke no data dependency.'
        : 'A schedule that fails here ran an op before its inputs were ready, or lost a gradient.'),
  };
}

/**
 * The trace without the host's sync ops (every sync op on a CPU lane: the waits for submitted work
 * and the read-back's buffer maps alike), ops renumbered and edges remapped.
 * A wait is not work: its length is the GPU work it waits for, and with it in place the host's
 * lane — encode, submit, wait, copy-out, … back to back — is always the longest path. Without it
 * the path goes through the GPU ops the wait stood for (submit → GPU ops → read-back → copy-out).
 */
export function withoutHostWaits(trace: Trace): Trace {
  const cpuLanes = new Set(trace.lanes.filter((l) => l.kind === 'cpu').map((l) => l.id));
  const newId = new Int32Array(trace.ops.length).fill(-1);
  const ops: Op[] = [];
  for (const o of trace.ops) {
    if (o.kind === 'sync' && cpuLanes.has(o.laneId)) continue;
    newId[o.id] = ops.length;
    ops.push({ ...o, id: ops.length });
  }
  const deps = trace.deps.flatMap((d) => {
    const [from, to] = [newId[d.from] ?? -1, newId[d.to] ?? -1];
    return from >= 0 && to >= 0 ? [{ ...d, from, to }] : [];
  });
  return { ...trace, ops, deps };
}

function criticalPathVerdict(trace: Trace, drv: Phase): Finding {
  const clipped = withoutHostWaits(clipTrace(trace, { start: drv.start, end: drv.end }));
  const stats = computeStats(clipped, { file: DRV, format: 'parascope', events: clipped.ops.length, warnings: 0, warningSamples: [] });
  const gpuSet = new Set(clipped.lanes.filter((l) => l.kind === 'gpu').map((l) => l.id));
  const byRole = new Map<Ex5Role, number>();
  const lanes = new Set<string>();
  for (const s of stats.criticalPath.path) {
    const op = clipped.ops[s.id];
    if (!op) continue;
    lanes.add(op.laneId);
    const r = roleOf(op, gpuSet);
    // Revision 2: a step adds its contribution (the time after the step before it ended), not its
    // duration, so the roles and the gaps between steps add up to the path's length.
    byRole.set(r, (byRole.get(r) ?? 0) + s.contributionMs);
  }
  const len = stats.criticalPath.lengthMs;
  const wd = wallMs(drv);
  const share = (r: Ex5Role) => byRole.get(r) ?? 0;
  const ranked = [...byRole.entries()].sort((a, b) => b[1] - a[1]);
  const [topRole, topMs] = ranked[0] ?? ['compute', 0];
  const exchangeMs = share('readback') + share('exchange') + share('upload');
  const laneNames = clipped.lanes.filter((l) => lanes.has(l.id)).map((l) => l.name);
  const holds = share('compute') >= exchangeMs;
  const breakdown = ranked.map(([r, ms]) => `${ROLE_WORDS[r]} ${fmtMs(ms)} ms (${pct(ms, len)})`).join(', ');
  return {
    claim: `The critical path of '${DRV}' is bounded by GPU compute rather than by the gradient exchange over the host`,
    holds,
    polarity: 'good',
    evidence:
      `Critical path (longest path through the data dependencies and each lane's order, within the phase, the host's sync ops left out — its waits for submitted work and its buffer maps alike: each stands for the GPU work it waits for) ${fmtMs(len)} ms of the phase's ${fmtMs(wd)} ms wall (${pct(len, wd)}), ` +
      `${stats.criticalPath.ops} ops on ${lanes.size} lane(s) (${laneNames.join(', ')}): ${breakdown}. ` +
      `What bounds the step: ${ROLE_WORDS[topRole]} ${topRole === 'exchange' || topRole === 'upload' ? 'are' : 'is'} ${pct(topMs, len)} of the critical path; ` +
      `the exchange over the host (read-back, sum + update, upload) is ${pct(exchangeMs, len)} against GPU compute's ${pct(share('compute'), len)}.`,
  };
}
