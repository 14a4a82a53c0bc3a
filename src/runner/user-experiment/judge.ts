/**
 * A user experiment judged from its finished trace with the built-ins' kit: each comparison's
 * "together takes less than the sum", whether the resources of a phase ran at the same time, or
 * how busy the GPU was. Pure: a function of the trace, the file and each device's lane.
 */
import type { Interval } from '../../core/analysis/intervals.js';
import type { Trace } from '../../core/model.js';
import {
  busyIn,
  busyMs,
  fmtMs,
  type Finding,
  overlapMeasure,
  overlapOf,
  overlapMs,
  pays,
  phaseNamed,
  phaseTime,
  ratio,
  softwareAdapter,
  speedupOf,
  totalVsSumFinding,
  wallMs,
} from '../experiments/judge-kit.js';
import { isGpuOp, type UserExperimentSpec } from './schema.js';

interface Resource {
  readonly name: string;
  readonly busy: Interval[];
}

/**
 * Per comparison: "together takes less than the sum of separate", with what ran at the same time
 * in the together phase as the why. Per phase whose ops use two or more resources (devices, the
 * host's CPU ops): whether they really ran at the same time. A file with neither gets one verdict
 * on how busy the GPU was in its first GPU phase.
 */
export function judgeUserExperiment(trace: Trace, spec: UserExperimentSpec, deviceLanes: ReadonlyMap<string, string>): Finding[] {
  const byId = new Map(spec.ops.map((o) => [o.id, o]));
  const window = (name: string) => phaseNamed(trace, name);
  const wall = (name: string) => wallMs(window(name));
  const resources = (phaseName: string): Resource[] => {
    const phase = spec.phases.find((p) => p.name === phaseName)!;
    const w = window(phaseName);
    const ops = phase.ops.map((id) => byId.get(id)!);
    const out: Resource[] = [];
    for (const d of spec.devices) {
      if (!ops.some((o) => isGpuOp(o) && o.device === d.id)) continue;
      const lane = deviceLanes.get(d.id)!;
      out.push({
        name: `device '${d.id}'`,
        busy: busyIn(
          trace.ops.filter((o) => o.laneId === lane && (o.kind === 'compute' || o.kind === 'transfer')),
          w,
        ),
      });
    }
    if (ops.some((o) => o.kind === 'cpu')) {
      out.push({
        name: 'the CPU ops',
        busy: busyIn(
          trace.ops.filter((o) => o.args?.['kind'] === 'cpu' && o.args?.['work'] !== undefined),
          w,
        ),
      });
    }
    return out;
  };
  const pairs = (rs: readonly Resource[]) => {
    const out: { a: Resource; b: Resource; ms: number }[] = [];
    for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) out.push({ a: rs[i]!, b: rs[j]!, ms: overlapMs(rs[i]!.busy, rs[j]!.busy) });
    return out;
  };
  const busyText = (rs: readonly Resource[]) => rs.map((r) => `${r.name} busy ${fmtMs(busyMs(r.busy))} ms`).join(', ');
  const pairText = (ps: ReturnType<typeof pairs>) => ps.map((p) => `${p.a.name} and ${p.b.name} overlapped ${fmtMs(p.ms)} ms`).join('; ');
  const software = softwareAdapter(trace) !== undefined;
  const sharedAdapter = /ONE adapter|share that GPU/.test(trace.meta?.topology ?? '');

  const verdicts: Finding[] = [];
  for (const c of spec.compare) {
    const rs = resources(c.together);
    const ps = pairs(rs);
    const t = { separate: c.separate.map((name) => phaseTime(window(name))), together: phaseTime(window(c.together)) };
    const reasons = [`in '${c.together}': ${busyText(rs)}${ps.length > 0 ? `; ${pairText(ps)}` : ''}`];
    if (!pays(speedupOf(t))) {
      const devices = rs.filter((r) => r.name.startsWith('device')).length;
      if (sharedAdapter && devices > 1) reasons.push('the devices share one adapter, so their queues time-share one GPU');
      if (software)
        reasons.push(
          `the adapter is a software renderer on the host CPU${rs.some((r) => !r.name.startsWith('device')) ? ', so GPU work and the CPU ops share the same cores' : ''}`,
        );
    }
    verdicts.push(totalVsSumFinding(t, `Why: ${reasons.join('; ')}.`));
  }
  for (const phase of spec.phases) {
    const rs = resources(phase.name);
    if (rs.length < 2) continue;
    const ps = pairs(rs);
    const share = (p: (typeof ps)[number]) => ratio(p.ms, Math.min(busyMs(p.a.busy), busyMs(p.b.busy)));
    const best = ps.reduce((x, p) => (share(p) > share(x) ? p : x), ps[0]!);
    const o = overlapOf(best.a.busy, best.b.busy);
    verdicts.push({
      claim: `In '${phase.name}' ${rs.length === 2 ? `${rs[0]!.name} and ${rs[1]!.name}` : `at least two of ${rs.map((r) => r.name).join(', ')}`} ran at the same time`,
      holds: o.overlapped,
      polarity: 'good',
      measure: overlapMeasure(o.bothMs > 0 ? o.pctOfShorter : 0, `overlap of ${best.a.name} and ${best.b.name}, of the shorter`),
      evidence: `${busyText(rs)} in the ${fmtMs(wall(phase.name))} ms phase; ${pairText(ps)}.`,
    });
  }
  if (verdicts.length === 0) {
    const phase = spec.phases.find((p) => resources(p.name).some((r) => r.name.startsWith('device')));
    if (phase) {
      const gpu = resources(phase.name).filter((r) => r.name.startsWith('device'));
      const phaseWall = wall(phase.name);
      const busy = Math.max(...gpu.map((r) => busyMs(r.busy)));
      verdicts.push({
        claim: `In '${phase.name}' the GPU was busy most of the time`,
        holds: busy > 0.5 * phaseWall,
        polarity: 'good',
        measure: { name: 'GPU busy', unit: 'percent', value: phaseWall > 0 ? (100 * busy) / phaseWall : 0, threshold: 50, holdsWhen: 'above' },
        evidence: `${busyText(gpu)} in the ${fmtMs(phaseWall)} ms phase; the rest is the host encoding, submitting and waiting.`,
      });
    }
  }
  return verdicts;
}
