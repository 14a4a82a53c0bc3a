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
 *
 * A series of runs (`--repeat K`, repeat.ts) becomes one trace on one timeline: the host clock is
 * the machine's monotonic clock, shared by every process, so the runs' host times need no
 * adjusting; each run's GPU times are placed by that run's own calibration (kept per run, with its
 * uncertainty). Each run is a phase `run` with `round` k; lanes are keyed by thread and device
 * number, so run k's main thread and first device land on run 1's lanes; resources, ops and
 * therefore every dependency stay within their run.
 */
import { hostInfo } from '../host-info.js';
import os from 'node:os';
import type { AdapterInfo, ArgValue, Calibration, Dep, Lane, Op, Trace, TraceMeta, TraceProcess } from '../../core/model.js';
import { laneId, sortLanes } from '../../core/model.js';
import { ns, toRelNs } from '../../core/time.js';
import { solveReadings, toCalibration, type Offset } from '../calibration.js';
import { VERSION } from '../../version.js';
import { PROFILE_EXPERIMENT_ID, PROFILE_RUN_PHASE, PROFILE_SINGLE_PHASE } from '../../core/analysis/run-spread.js';
import { hazardEdges, type HazardOp } from './hazards.js';
import type { ProfileRecord } from './records.js';
import type { ProfileRun } from './launch.js';

export { PROFILE_EXPERIMENT_ID } from '../../core/analysis/run-spread.js';
const HOST_PID = 1;

export interface ProfileSummary {
  readonly devices: number;
  readonly gpuOps: number;
  readonly hostOps: number;
  readonly dataDeps: number;
  readonly hostDeps: number;
  /** Why the trace is incomplete; empty when it is complete. */
  readonly incomplete: readonly string[];
  /** Each run's counts, in run order (one entry for a program profiled once). */
  readonly perRun: readonly RunSummary[];
}

export interface RunSummary {
  readonly run: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly gpuOps: number;
  readonly hostOps: number;
}

export interface AssembleOptions {
  readonly perPass: boolean;
  readonly timeoutS: number;
  /** K of `--repeat K` (default 1: the program ran once); fewer runs than K means the series stopped. */
  readonly repeat?: number;
  /** Why the series stopped, when no run's own end says it (Ctrl-C between two runs). */
  readonly stopped?: string;
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

type DeviceRec = Extract<ProfileRecord, { t: 'device' }>;

/** One run's records, by key: devices `th:dev`, ops `th:id` (ids are per thread and per process). */
interface Parsed {
  readonly threads: Set<number>;
  readonly devices: Map<string, DeviceRec>;
  readonly calib: Map<string, { start?: Offset; end?: Offset }>;
  readonly opRecs: Map<string, OpRec>;
  readonly times: Map<string, [bigint, bigint]>;
  readonly seq: string[];
  readonly ended: Set<number>;
  readonly notes: string[];
}

function parse(records: readonly ProfileRecord[]): Parsed {
  const p: Parsed = { threads: new Set(), devices: new Map(), calib: new Map(), opRecs: new Map(), times: new Map(), seq: [], ended: new Set(), notes: [] };
  for (const r of records) {
    p.threads.add(r.th);
    switch (r.t) {
      case 'start':
      case 'res':
        break;
      case 'device':
        p.devices.set(`${r.th}:${r.dev}`, r);
        break;
      case 'calib': {
        const c = p.calib.get(`${r.th}:${r.dev}`) ?? {};
        if (r.samples.length > 0) c[r.which] = solveReadings(r.samples.map(([t0, t1, g]) => ({ t0: BigInt(t0), t1: BigInt(t1), g: BigInt(g) })));
        p.calib.set(`${r.th}:${r.dev}`, c);
        break;
      }
      case 'op':
        p.opRecs.set(`${r.th}:${r.id}`, r);
        break;
      case 'seq':
        for (const id of r.ops) p.seq.push(`${r.th}:${id}`);
        break;
      case 'ts':
        for (const [id, b, e] of r.times) p.times.set(`${r.th}:${id}`, [BigInt(b), BigInt(e)]);
        break;
      case 'note':
        p.notes.push(r.text);
        break;
      case 'end':
        p.ended.add(r.th);
        break;
      default: {
        const never: never = r;
        throw new Error(`unknown record ${JSON.stringify(never)}`);
      }
    }
  }
  return p;
}

/** "2", "1–3", "1, 3": a list of run numbers in words, consecutive ones as a range. */
function runList(runs: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < runs.length;) {
    let j = i;
    while (j + 1 < runs.length && runs[j + 1] === runs[j]! + 1) j++;
    parts.push(j === i ? String(runs[i]) : j === i + 1 ? `${runs[i]}, ${runs[j]}` : `${runs[i]}–${runs[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Lines said per run, in first-said order: with one run, as they are; with several, each once,
 * prefixed by the runs that said it ("run 2: …", "runs 1–3: …"), so K runs do not repeat a note K times.
 */
class RunLines {
  private readonly lines = new Map<string, number[]>();
  add(run: number, text: string): void {
    const runs = this.lines.get(text);
    if (runs) {
      if (runs[runs.length - 1] !== run) runs.push(run);
    } else this.lines.set(text, [run]);
  }
  list(multi: boolean): string[] {
    return [...this.lines].map(([text, runs]) => (multi ? `run${runs.length > 1 ? 's' : ''} ${runList(runs)}: ${text}` : text));
  }
}

/** One run's trace (what `parascope profile` without `--repeat` writes). */
export function assembleProfile(run: ProfileRun, command: readonly string[], opts: AssembleOptions): { trace: Trace; summary: ProfileSummary } {
  return assembleProfileRuns([run], command, opts);
}

/** The trace of a series of runs of one command, in the order they ran (at least one). */
export function assembleProfileRuns(runs: readonly ProfileRun[], command: readonly string[], opts: AssembleOptions): { trace: Trace; summary: ProfileSummary } {
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (first === undefined || last === undefined) throw new Error('no run to assemble');
  const repeat = opts.repeat ?? 1;
  const multi = repeat > 1;
  const origin = first.startNs;
  const rel = (abs: bigint) => toRelNs(abs, origin);
  const processes: TraceProcess[] = [{ pid: HOST_PID, name: `Host (${os.hostname()}): ${command.join(' ')}`, sortIndex: 1000 }];
  const lanes: Lane[] = [];
  const ends = new RunLines();
  const incomplete = new RunLines();
  const notes = new RunLines();
  const parsed = runs.map((r) => parse(r.records));

  // Lanes, shared by the runs: each thread that made host calls in any run, then each device
  // (thread and number) in the order the runs first created it.
  const hostLane = new Map<number, string>();
  const callers = new Set<number>();
  for (const p of parsed) for (const r of p.opRecs.values()) if (r.dev === undefined) callers.add(r.th);
  for (const th of [...callers].sort((a, b) => a - b)) {
    const tid = lanes.length + 1;
    const lane: Lane = { id: laneId(HOST_PID, tid), pid: HOST_PID, tid, name: th === 0 ? 'main thread' : `worker thread ${th}`, kind: 'cpu', sortIndex: tid };
    lanes.push(lane);
    hostLane.set(th, lane.id);
  }
  const gpuLane = new Map<string, string>();
  const adapters: AdapterInfo[] = [];
  for (const p of parsed) {
    for (const [key, d] of p.devices) {
      if (!adapters.some((a) => a.name === d.adapter.name)) adapters.push(d.adapter);
      if (gpuLane.has(key)) continue;
      const pid = HOST_PID + 1 + gpuLane.size;
      processes.push({ pid, name: `${d.label} (${d.adapter.name})`, sortIndex: gpuLane.size + 1 });
      const lane: Lane = { id: laneId(pid, 1), pid, tid: 1, name: `${d.label} queue`, kind: 'gpu', sortIndex: 1 };
      lanes.push(lane);
      gpuLane.set(key, lane.id);
    }
  }

  // Each run's calibrations (every run is a new process with new devices), ops and dependencies.
  const calibration: Calibration[] = [];
  const ops: Op[] = [];
  const deps: Dep[] = [];
  const perRun: RunSummary[] = [];
  let dataDeps = 0;
  let hostDeps = 0;
  parsed.forEach((p, i) => {
    const k = i + 1;
    const run = runs[i]!;
    for (const [key, d] of p.devices) {
      const c = p.calib.get(key);
      if (c?.start) calibration.push(toCalibration(multi ? `run ${k}: ${d.label}` : d.label, c.start, c.end));
      else if (d.timestamps) incomplete.add(k, `${d.label}: its calibration was never read back, so its GPU work cannot be placed`);
    }

    // Ops: host ops with their times, GPU ops with read-back timestamps on the host clock.
    const index = new Map<string, number>();
    let untimed = 0;
    let reversed = 0;
    let gpuOps = 0;
    let hostOps = 0;
    for (const [key, r] of p.opRecs) {
      let start: bigint;
      let end: bigint;
      let lane: string;
      if (r.dev === undefined) {
        if (r.start === undefined || r.end === undefined) continue;
        start = BigInt(r.start);
        end = BigInt(r.end);
        lane = hostLane.get(r.th)!;
        hostOps++;
      } else {
        const dkey = `${r.th}:${r.dev}`;
        const t = p.times.get(key);
        const off = p.calib.get(dkey)?.start;
        const l = gpuLane.get(dkey);
        if (!t || !off || !l) {
          if (p.devices.get(dkey)?.timestamps) untimed++;
          continue;
        }
        start = t[0] - off.offset;
        end = t[1] < t[0] ? (reversed++, start) : t[1] - off.offset;
        lane = l;
        gpuOps++;
      }
      const s = rel(start);
      const e = rel(end);
      const args: Record<string, ArgValue> = { ...(r.args ?? {}) };
      index.set(key, ops.length);
      ops.push({ id: ops.length, laneId: lane, name: r.name, kind: r.kind, start: s, dur: ns(e - s), ...(Object.keys(args).length > 0 ? { args } : {}) });
    }
    if (untimed > 0)
      incomplete.add(k, `${untimed} GPU op(s) were submitted but their timestamps were never read back (the program ended first): they are left out`);
    if (reversed > 0) notes.add(k, `${reversed} GPU op(s) had an end timestamp before their beginning; their duration is recorded as 0`);

    // Dependencies, within the run.
    const hazardOps: HazardOp[] = [];
    p.seq.forEach((key, j) => {
      const r = p.opRecs.get(key);
      if (r?.acc) hazardOps.push({ op: j, acc: r.acc.map(([res, lo, hi, mode]) => [`${r.th}:${res}`, lo, hi, mode] as const) });
    });
    for (const e of hazardEdges(hazardOps)) {
      const from = index.get(p.seq[e.from]!);
      const to = index.get(p.seq[e.to]!);
      if (from === undefined || to === undefined) continue;
      deps.push({ from, to, kind: 'data' });
      dataDeps++;
    }
    for (const [key, r] of p.opRecs) {
      if (r.waitedFor === undefined) continue;
      const from = index.get(`${r.th}:${r.waitedFor}`);
      const to = index.get(key);
      if (from === undefined || to === undefined) continue;
      deps.push({ from, to, kind: 'host' });
      hostDeps++;
    }
    const lastOnQueue = new Map<string, number>();
    for (const key of p.seq) {
      const r = p.opRecs.get(key);
      const j = index.get(key);
      if (r?.dev === undefined || j === undefined) continue;
      const q = `${r.th}:${r.dev}`;
      const prev = lastOnQueue.get(q);
      if (prev !== undefined) deps.push({ from: prev, to: j, kind: 'queue-order' });
      lastOnQueue.set(q, j);
    }

    const reason = endReason(run, opts.timeoutS);
    if (reason) ends.add(k, reason);
    for (const text of p.notes) notes.add(k, text);
    if (run.badLines > 0) notes.add(k, `${run.badLines} record line(s) were cut short (the program was stopped while writing) and skipped`);
    if ([...p.devices.values()].some((d) => d.timestamps && !p.ended.has(d.th)))
      notes.add(
        k,
        'the program ended before Parascope took its closing calibration (process.exit, device.destroy, a crash or a kill): clock drift over the run is not measured',
      );
    perRun.push({ run: k, exitCode: run.exitCode, signal: run.exitSignal, gpuOps, hostOps });
  });

  const reasons = [...ends.list(multi), ...incomplete.list(multi)];
  if (runs.length < repeat) reasons.splice(ends.list(multi).length, 0, `${opts.stopped ?? 'the series stopped'}: ${runs.length} of ${repeat} runs made`);
  const gpuOps = perRun.reduce((a, r) => a + r.gpuOps, 0);
  const command1 = command.join(' ');
  const meta: TraceMeta = {
    schema: 'parascope.trace/1',
    tool: { name: 'parascope', version: VERSION },
    host: hostInfo(),
    originHostNs: origin.toString(),
    recordedAt: first.startedAt.toISOString(),
    experiment: {
      id: PROFILE_EXPERIMENT_ID,
      title: `Profile of ${command1}`,
      question: 'Which GPU ops of this program depend on each other, which ran one after the other without having to, and where did it wait for the GPU?',
      method:
        'The program ran unchanged under a Parascope preload that times every dispatch (one pass per dispatch, or per pass with --per-pass), copy and host call, and infers data dependencies from the resources each op reads and writes (docs/profiling.md).' +
        (multi
          ? ` It ran ${repeat} times (--repeat ${repeat}), one run after the other, each a fresh process: each run is a phase '${PROFILE_RUN_PHASE}' with its round.`
          : ''),
      params: {
        command: command1,
        mode: opts.perPass ? 'per-pass' : 'per-dispatch',
        repeat,
        ...(multi ? { runs: runs.length } : {}),
        exitCode: last.exitCode ?? -1,
        ...(last.exitSignal ? { signal: last.exitSignal } : {}),
        complete: reasons.length === 0,
      },
    },
    adapters,
    topology: `${gpuLane.size} device(s) created by the program${multi ? `, on the same lanes in each of its ${runs.length} run(s)` : ''}`,
    hostPid: HOST_PID,
    run: { start: rel(first.startNs), end: rel(last.endNs) },
    calibration,
    checks: [],
    verdicts: [],
    notes: [...reasons.map((x) => `incomplete: ${x}`), ...notes.list(multi)],
  };
  sortLanes(processes, lanes);
  const phases = multi
    ? runs.map((r, i) => ({ name: PROFILE_RUN_PHASE, start: rel(r.startNs), end: rel(r.endNs), round: i + 1 }))
    : [{ name: PROFILE_SINGLE_PHASE, start: rel(first.startNs), end: rel(first.endNs) }];
  const trace: Trace = { meta, processes, lanes, ops, deps, phases };
  return {
    trace,
    summary: { devices: gpuLane.size, gpuOps, hostOps: ops.length - gpuOps, dataDeps, hostDeps, incomplete: reasons, perRun },
  };
}
