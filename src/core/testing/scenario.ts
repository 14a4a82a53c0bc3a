/**
 * Hand-made traces for unit tests: ops written as [lane, name, kind, startNs, durNs]. Lanes whose
 * name starts with "cpu" are threads of one host process (pid 100); every other lane is a GPU
 * queue in a process of its own.
 */
import { laneId, sortLanes, type Dep, type Lane, type Op, type OpKind, type Trace, type TraceMeta } from '../model.js';
import { ns } from '../time.js';

export const HOST = 100;

export function scenario(
  ops: readonly (readonly [lane: string, name: string, kind: OpKind, start: number, dur: number])[],
  deps: readonly (readonly [from: number, to: number])[] = [],
): Trace {
  const laneNames = [...new Set(ops.map((o) => o[0]))];
  let cpuTid = 0;
  let gpuPid = 0;
  const lanes: Lane[] = laneNames.map((name, i) => {
    const cpu = name.startsWith('cpu');
    const pid = cpu ? HOST : ++gpuPid;
    const tid = cpu ? ++cpuTid : 1;
    return { id: laneId(pid, tid), pid, tid, name, kind: cpu ? 'cpu' : 'gpu', sortIndex: i };
  });
  const byName = new Map(laneNames.map((n, i) => [n, lanes[i]!]));
  const model: Op[] = ops.map(([lane, name, kind, start, dur], id) => ({ id, laneId: byName.get(lane)!.id, name, kind, start: ns(start), dur: ns(dur) }));
  const d: Dep[] = deps.map(([from, to]) => ({ from, to, kind: 'data' }));
  const pids = [...new Set(lanes.map((l) => l.pid))];
  const processes = pids.map((pid) => ({ pid, name: pid === HOST ? 'Host' : `GPU ${pid}`, sortIndex: pid }));
  sortLanes(processes, lanes); // the order every importer gives
  return { processes, lanes, ops: model, deps: d, phases: [] };
}

/** The same trace with a Parascope header, so it can be written and re-read as a Parascope trace. */
export function withMeta(t: Trace, phases: Trace['phases'] = []): Trace {
  const end = Math.max(0, ...t.ops.map((o) => o.start + o.dur));
  const meta: TraceMeta = {
    schema: 'parascope.trace/1',
    tool: { name: 'parascope', version: '0.0.0-test' },
    host: { hostname: 'test', platform: 'test', cpus: '1 × test', node: 'v20' },
    originHostNs: '123456789012345678901',
    recordedAt: '2026-11-27T00:00:00.000Z',
    experiment: { id: 'scenario', title: 'Scenario', question: 'Q?', params: { size: 1, label: 'x' } },
    adapters: [{ name: 'A', vendor: 'v', architecture: 'a', device: 'd', description: 'desc', backend: 'vulkan', timestampQuery: true, isFallback: false }],
    topology: 'test',
    hostPid: HOST,
    run: { start: ns(0), end: ns(end) },
    calibration: [{ method: 'm', device: 'gpu1', offsetNs: '-42', uncertaintyNs: 12.5, samples: 16, driftNs: -3 }],
    checks: [{ name: 'c', passed: true, samples: 4, maxAbsError: 1e-6, maxRelError: 1e-7, tolerance: 't' }],
    verdicts: [{ claim: 'claim', holds: false, evidence: 'because' }],
    notes: ['note'],
  };
  return { ...t, meta, phases };
}
