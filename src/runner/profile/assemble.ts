/**
 * Turns what a profiled program's preload recorded (records.ts) into a Parascope trace, in the
 * parent: one CPU lane per thread of the program, one GPU process and queue lane per device it
 * created, GPU times put on the host clock by each device's calibration (as `record` does), and
 * the dependencies:
 * - `data`: resource hazards (hazards.ts) over the ops in the order they reached the queue;
 * - `host`: a wait (mapAsync, onSubmittedWorkDone) → the GPU op it waited for;
 * - `queue-order`: each GPU op after the one submitted before it on its queue (as `record`).
 * What could not be recorded (timestamps never read back, a crash, a kill) is said in the notes
 * and in `params.complete`, never filled in.
 */
import { hostInfo } from '../host-info.js';
import os from 'node:os';
import type { AdapterInfo, ArgValue, Calibration, Dep, Lane, Op, Trace, TraceMeta, TraceProcess } from '../../core/model.js';
import { laneId, sortLanes } from '../../core/model.js';
import { ns, toRelNs } from '../../core/time.js';
import { solveReadings, toCalibration, type Offset } from '../calibration.js';
import { VERSION } from '../../version.js';
import { hazardEdges, type HazardOp } from './hazards.js';
import type { ProfileRecord } from './records.js';
import type { ProfileRun } from './launch.js';

export const PROFILE_EXPERIMENT_ID = 'profile';
const HOST_PID = 1;

export interface ProfileSummary {
  readonly devices: number;
  readonly gpuOps: number;
  readonly hostOps: number;
  readonly dataDeps: number;
  readonly hostDeps: number;
  /** Why the trace is incomplete; empty when it is complete. */
  readonly incomplete: readonly string[];
}

type OpRec = Extract<ProfileRecord, { t: 'op' }>;

/** How the program ended, in words; undefined for a clean exit 0. */
export function endReason(run: Pick<ProfileRun, 'exitCode' | 'exitSignal' | 'timedOut' | 'interrupted' | 'cancelled'>, timeoutS: number): string | undefined {
  if (run.cancelled) return 'the program was cancelled from the app and killed';
  if (run.timedOut) return `the program ran past --timeout ${timeoutS} s and was killed`;
  if (run.interrupted) return `the program was interrupted (Ctrl-C)${run.exitSignal ? ` and ended by ${run.exitSignal}` : ''}`;
  if (run.exitSignal) return `the program was killed by ${run.exitSignal}`;
  if (run.exitCode !== 0) return `the program exited with code ${run.exitCode}`;
  return undefined;
}

export function assembleProfile(
  run: ProfileRun,
  command: readonly string[],
  opts: { perPass: boolean; timeoutS: number },
): { trace: Trace; summary: ProfileSummary } {
  const origin = run.startNs;
  const rel = (abs: bigint) => toRelNs(abs, origin);
  const processes: TraceProcess[] = [{ pid: HOST_PID, name: `Host (${os.hostname()}): ${command.join(' ')}`, sortIndex: 1000 }];
  const lanes: Lane[] = [];
  const notes: string[] = [];
  const incomplete: string[] = [];

  const threads = new Set<number>();
  const devices = new Map<string, Extract<ProfileRecord, { t: 'device' }>>();
  const calib = new Map<string, { start?: Offset; end?: Offset }>();
  const opRecs = new Map<string, OpRec>();
  const times = new Map<string, [bigint, bigint]>();
  const seq: string[] = [];
  const ended = new Set<number>();
  for (const r of run.records) {
    threads.add(r.th);
    switch (r.t) {
      case 'start':
      case 'res':
        break;
      case 'device':
        devices.set(`${r.th}:${r.dev}`, r);
        break;
      case 'calib': {
        const c = calib.get(`${r.th}:${r.dev}`) ?? {};
        if (r.samples.length > 0) c[r.which] = solveReadings(r.samples.map(([t0, t1, g]) => ({ t0: BigInt(t0), t1: BigInt(t1), g: BigInt(g) })));
        calib.set(`${r.th}:${r.dev}`, c);
        break;
      }
      case 'op':
        opRecs.set(`${r.th}:${r.id}`, r);
        break;
      case 'seq':
        for (const id of r.ops) seq.push(`${r.th}:${id}`);
        break;
      case 'ts':
        for (const [id, b, e] of r.times) times.set(`${r.th}:${id}`, [BigInt(b), BigInt(e)]);
        break;
      case 'note':
        notes.push(r.text);
        break;
      case 'end':
        ended.add(r.th);
        break;
      default: {
        const never: never = r;
        throw new Error(`unknown record ${JSON.stringify(never)}`);
      }
    }
  }

  // Lanes: each thread of the program that made host calls, then each device's queue.
  const hostLane = new Map<number, string>();
  const callers = new Set([...opRecs.values()].filter((r) => r.dev === undefined).map((r) => r.th));
  for (const th of [...threads].filter((t) => callers.has(t)).sort((a, b) => a - b)) {
    const tid = lanes.length + 1;
    const lane: Lane = { id: laneId(HOST_PID, tid), pid: HOST_PID, tid, name: th === 0 ? 'main thread' : `worker thread ${th}`, kind: 'cpu', sortIndex: tid };
    lanes.push(lane);
    hostLane.set(th, lane.id);
  }
  const gpuLane = new Map<string, string>();
  const calibration: Calibration[] = [];
  const adapters: AdapterInfo[] = [];
  for (const [key, d] of devices) {
    const pid = HOST_PID + 1 + gpuLane.size;
    processes.push({ pid, name: `${d.label} (${d.adapter.name})`, sortIndex: gpuLane.size + 1 });
    const lane: Lane = { id: laneId(pid, 1), pid, tid: 1, name: `${d.label} queue`, kind: 'gpu', sortIndex: 1 };
    lanes.push(lane);
    gpuLane.set(key, lane.id);
    if (!adapters.some((a) => a.name === d.adapter.name)) adapters.push(d.adapter);
    const c = calib.get(key);
    if (c?.start) calibration.push(toCalibration(d.label, c.start, c.end));
    else if (d.timestamps) incomplete.push(`${d.label}: its calibration was never read back, so its GPU work cannot be placed`);
  }

  // Ops: host ops with their times, GPU ops with read-back timestamps on the host clock.
  const ops: Op[] = [];
  const index = new Map<string, number>();
  let untimed = 0;
  let reversed = 0;
  for (const [key, r] of opRecs) {
    let start: bigint;
    let end: bigint;
    let lane: string;
    if (r.dev === undefined) {
      if (r.start === undefined || r.end === undefined) continue;
      start = BigInt(r.start);
      end = BigInt(r.end);
      lane = hostLane.get(r.th)!;
    } else {
      const dkey = `${r.th}:${r.dev}`;
      const t = times.get(key);
      const off = calib.get(dkey)?.start;
      const l = gpuLane.get(dkey);
      if (!t || !off || !l) {
        if (devices.get(dkey)?.timestamps) untimed++;
        continue;
      }
      start = t[0] - off.offset;
      end = t[1] < t[0] ? (reversed++, start) : t[1] - off.offset;
      lane = l;
    }
    const s = rel(start);
    const e = rel(end);
    const args: Record<string, ArgValue> = { ...(r.args ?? {}) };
    index.set(key, ops.length);
    ops.push({ id: ops.length, laneId: lane, name: r.name, kind: r.kind, start: s, dur: ns(e - s), ...(Object.keys(args).length > 0 ? { args } : {}) });
  }
  if (untimed > 0)
    incomplete.push(`${untimed} GPU op(s) were submitted but their timestamps were never read back (the program ended first): they are left out`);
  if (reversed > 0) notes.push(`${reversed} GPU op(s) had an end timestamp before their beginning; their duration is recorded as 0`);

  // Dependencies.
  const deps: Dep[] = [];
  const hazardOps: HazardOp[] = [];
  const seqIndex = new Map<string, number>();
  seq.forEach((key, i) => {
    const r = opRecs.get(key);
    seqIndex.set(key, i);
    if (r?.acc) hazardOps.push({ op: i, acc: r.acc.map(([res, lo, hi, mode]) => [`${r.th}:${res}`, lo, hi, mode] as const) });
  });
  let dataDeps = 0;
  for (const e of hazardEdges(hazardOps)) {
    const from = index.get(seq[e.from]!);
    const to = index.get(seq[e.to]!);
    if (from === undefined || to === undefined) continue;
    deps.push({ from, to, kind: 'data' });
    dataDeps++;
  }
  let hostDeps = 0;
  for (const [key, r] of opRecs) {
    if (r.waitedFor === undefined) continue;
    const from = index.get(`${r.th}:${r.waitedFor}`);
    const to = index.get(key);
    if (from === undefined || to === undefined) continue;
    deps.push({ from, to, kind: 'host' });
    hostDeps++;
  }
  const lastOnQueue = new Map<string, number>();
  for (const key of seq) {
    const r = opRecs.get(key);
    const i = index.get(key);
    if (r?.dev === undefined || i === undefined) continue;
    const q = `${r.th}:${r.dev}`;
    const prev = lastOnQueue.get(q);
    if (prev !== undefined) deps.push({ from: prev, to: i, kind: 'queue-order' });
    lastOnQueue.set(q, i);
  }

  const reason = endReason(run, opts.timeoutS);
  if (reason) incomplete.unshift(reason);
  if (run.badLines > 0) notes.push(`${run.badLines} record line(s) were cut short (the program was stopped while writing) and skipped`);
  if ([...devices.values()].some((d) => d.timestamps && !ended.has(d.th)))
    notes.push(
      'the program ended before Parascope took its closing calibration (process.exit, device.destroy, a crash or a kill): clock drift over the run is not measured',
    );
  const gpuOps = ops.filter((o) => !o.laneId.startsWith(`${HOST_PID}:`)).length;
  const command1 = command.join(' ');
  const meta: TraceMeta = {
    schema: 'parascope.trace/1',
    tool: { name: 'parascope', version: VERSION },
    host: hostInfo(),
    originHostNs: origin.toString(),
    recordedAt: run.startedAt.toISOString(),
    experiment: {
      id: PROFILE_EXPERIMENT_ID,
      title: `Profile of ${command1}`,
      question: 'Which GPU ops of this program depend on each other, which ran one after the other without having to, and where did it wait for the GPU?',
      method:
        'The program ran unchanged under a Parascope preload that times every dispatch (one pass per dispatch, or per pass with --per-pass), copy and host call, and infers data dependencies from the resources each op reads and writes (docs/profiling.md).',
      params: {
        command: command1,
        mode: opts.perPass ? 'per-pass' : 'per-dispatch',
        exitCode: run.exitCode ?? -1,
        ...(run.exitSignal ? { signal: run.exitSignal } : {}),
        complete: incomplete.length === 0,
      },
    },
    adapters,
    topology: `${devices.size} device(s) created by the program`,
    hostPid: HOST_PID,
    run: { start: rel(run.startNs), end: rel(run.endNs) },
    calibration,
    checks: [],
    verdicts: [],
    notes: [...incomplete.map((x) => `incomplete: ${x}`), ...notes],
  };
  sortLanes(processes, lanes);
  const trace: Trace = { meta, processes, lanes, ops, deps, phases: [{ name: 'program', start: rel(run.startNs), end: rel(run.endNs) }] };
  return { trace, summary: { devices: devices.size, gpuOps, hostOps: ops.length - gpuOps, dataDeps, hostDeps, incomplete } };
}
