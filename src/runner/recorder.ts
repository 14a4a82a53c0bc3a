/**
 * The recorder: times GPU ops with pass timestamps and CPU steps with the host clock, keeps the
 * dependency edges, and produces one trace on the host clock.
 *
 * - Each compute op is its own compute pass with beginning/end timestamp writes.
 * - Each copy is bracketed by two empty compute passes carrying only a beginning / an end
 *   timestamp (WebGPU has no timestamps around copies; docs/platform-facts.md).
 * - CPU steps (encode, submit, waits, copy-out, JS compute) are timed with `process.hrtime`.
 * - GPU timestamps become host times through the device's calibration offset (calibration.ts),
 *   measured before the run and again after it (the difference is stored as drift).
 */
import { hostInfo } from './host-info.js';
import os from 'node:os';
import type {
  AdapterInfo,
  ArgValue,
  Calibration,
  CorrectnessCheck,
  Dep,
  DepKind,
  Lane,
  Op,
  OpKind,
  Phase,
  Trace,
  TraceMeta,
  TraceProcess,
  Verdict,
} from '../core/model.js';
import { laneId, sortLanes } from '../core/model.js';
import { ns, toRelNs, type Ns } from '../core/time.js';
import { firstLine, RecorderError } from './errors.js';
import { hostNow } from './host-clock.js';
import { solveOffset, takeCalibrationSamples, toCalibration, type CalibrationSample, type Offset } from './calibration.js';
import { TimestampPool, type Slot, MAX_QUERIES_PER_SET } from './timestamp-pool.js';
import type { OpenedDevice } from './dawn.js';
import { VERSION } from '../version.js';

export const HOST_PID = 1;

interface PendingGpuTime {
  readonly begin: Slot;
  readonly end: Slot;
  readonly queue: GpuQueue;
}

interface OpRecord {
  readonly laneId: string;
  readonly name: string;
  readonly kind: OpKind;
  readonly args: Record<string, ArgValue> | undefined;
  /** Host-clock absolute times for CPU ops; filled after read-back for GPU ops. */
  startAbs?: bigint;
  endAbs?: bigint;
  readonly gpu?: PendingGpuTime;
}

export interface GpuQueue {
  readonly laneId: string;
  readonly device: GPUDevice;
  readonly label: string;
  readonly info: AdapterInfo;
  readonly pool: TimestampPool;
  /** GPU ops in submission order; consecutive ones get queue-order edges. */
  readonly submittedOps: number[];
  calibrationStart?: CalibrationSample[];
  calibrationEnd?: CalibrationSample[];
  offset?: Offset;
}

export interface TimedCommandBuffer {
  readonly buffer: GPUCommandBuffer;
  readonly queue: GpuQueue;
  readonly ops: readonly number[];
}

export interface RecorderOptions {
  /** Timestamps per query set (even, ≤ 4096); small values exercise recycling in tests. */
  readonly querySetCapacity?: number;
  readonly calibrationSamples?: number;
}

export class Recorder {
  readonly origin = hostNow();
  private readonly recordedAt = new Date();
  private readonly processes: TraceProcess[] = [];
  private readonly lanes: Lane[] = [];
  private readonly ops: OpRecord[] = [];
  private readonly deps: Dep[] = [];
  private readonly phases: Phase[] = [];
  private readonly queues: GpuQueue[] = [];
  private failure: RecorderError | undefined;
  private readonly failed: Promise<never>;
  private rejectFailed!: (e: RecorderError) => void;
  private runStart: bigint | undefined;
  /** The round phases are tagged with (`--repeat K`, K ≥ 2); undefined when they run once. */
  private round: number | undefined;
  private runEnd: bigint | undefined;

  constructor(private readonly options: RecorderOptions = {}) {
    this.processes.push({ pid: HOST_PID, name: `Host (${os.hostname()})`, sortIndex: 1000 });
    this.failed = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    this.failed.catch(() => undefined);
  }

  // ---- lanes -------------------------------------------------------------------------------

  cpuLane(name: string): string {
    const tid = this.lanes.filter((l) => l.pid === HOST_PID).length + 1;
    const lane: Lane = { id: laneId(HOST_PID, tid), pid: HOST_PID, tid, name, kind: 'cpu', sortIndex: tid };
    this.lanes.push(lane);
    return lane.id;
  }

  /** One device's queue as its own process and lane; watches the device for loss and errors. */
  addQueue(opened: OpenedDevice, processName: string): GpuQueue {
    const pid = HOST_PID + 1 + this.queues.length;
    this.processes.push({ pid, name: processName, sortIndex: this.queues.length + 1 });
    const lane: Lane = { id: laneId(pid, 1), pid, tid: 1, name: `${opened.label} queue`, kind: 'gpu', sortIndex: 1 };
    this.lanes.push(lane);
    const capacity = this.options.querySetCapacity ?? MAX_QUERIES_PER_SET;
    const q: GpuQueue = {
      laneId: lane.id,
      device: opened.device,
      label: opened.label,
      info: opened.info,
      pool: new TimestampPool(opened.device, capacity),
      submittedOps: [],
    };
    this.queues.push(q);
    opened.device.lost.then((info) => {
      if (info.reason !== 'destroyed') this.fail(new RecorderError('device-lost', `GPU device '${opened.label}' was lost: ${info.message || info.reason}`));
    });
    opened.device.onuncapturederror = (ev) => {
      this.fail(new RecorderError('gpu-error', `GPU error on '${opened.label}': ${firstLine(ev.error.message)}`));
    };
    return q;
  }

  private fail(e: RecorderError): void {
    if (this.failure) return;
    this.failure = e;
    this.rejectFailed(e);
  }

  /** Throws the first GPU failure seen, if any. Call between steps. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Awaits `p`, or rejects at once if a device is lost or reports an error meanwhile. */
  async wait<T>(p: Promise<T>): Promise<T> {
    this.check();
    const v = await Promise.race([p, this.failed]);
    this.check();
    return v;
  }

  // ---- CPU ops -----------------------------------------------------------------------------

  private pushOp(r: OpRecord): number {
    this.ops.push(r);
    return this.ops.length - 1;
  }

  /** Times a synchronous CPU step. */
  cpu<T>(lane: string, name: string, kind: OpKind, fn: () => T, args?: Record<string, ArgValue>): { value: T; op: number } {
    const startAbs = hostNow();
    const value = fn();
    const endAbs = hostNow();
    return { value, op: this.pushOp({ laneId: lane, name, kind, args, startAbs, endAbs }) };
  }

  /** Times an asynchronous CPU step (typically a wait: onSubmittedWorkDone, mapAsync). */
  async cpuAsync<T>(lane: string, name: string, kind: OpKind, fn: () => Promise<T>, args?: Record<string, ArgValue>): Promise<{ value: T; op: number }> {
    const startAbs = hostNow();
    const value = await this.wait(fn());
    const endAbs = hostNow();
    return { value, op: this.pushOp({ laneId: lane, name, kind, args, startAbs, endAbs }) };
  }

  // ---- GPU ops -----------------------------------------------------------------------------

  encoder(queue: GpuQueue, label: string): TimedEncoder {
    this.check();
    return new TimedEncoder(this, queue, queue.device.createCommandEncoder({ label }));
  }

  /** @internal used by TimedEncoder */
  gpuOp(queue: GpuQueue, name: string, kind: OpKind, begin: Slot, end: Slot, args?: Record<string, ArgValue>): number {
    return this.pushOp({ laneId: queue.laneId, name, kind, args, gpu: { begin, end, queue } });
  }

  /** Submits command buffers to their queue, timed as a CPU op on `cpuLane`. */
  submit(cpuLane: string, buffers: readonly TimedCommandBuffer[], name = 'submit'): number {
    this.check();
    const queue = buffers[0]?.queue;
    if (!queue || buffers.some((b) => b.queue !== queue)) throw new Error('submit needs command buffers of one queue');
    const { op } = this.cpu(cpuLane, name, 'cpu', () => queue.device.queue.submit(buffers.map((b) => b.buffer)), { queue: queue.label });
    const slots: { slot: Slot; count: number }[] = [];
    for (const b of buffers) {
      for (const id of b.ops) {
        const g = this.ops[id]!.gpu!;
        slots.push({ slot: g.begin, count: 1 }, { slot: g.end, count: 1 });
        queue.submittedOps.push(id);
      }
    }
    queue.pool.submitted(slots);
    return op;
  }

  dep(from: number, to: number, kind: DepKind): void {
    if (from < 0 || from >= this.ops.length || to < 0 || to >= this.ops.length) throw new Error(`dependency between unknown ops ${from} → ${to}`);
    this.deps.push({ from, to, kind });
  }

  // ---- phases and run ---------------------------------------------------------------------

  async calibrate(which: 'start' | 'end'): Promise<void> {
    const n = this.options.calibrationSamples ?? 16;
    for (const q of this.queues) {
      const samples = await this.wait(takeCalibrationSamples(q.device, q.pool, n));
      if (which === 'start') q.calibrationStart = samples;
      else q.calibrationEnd = samples;
    }
  }

  beginRun(): void {
    this.runStart = hostNow();
  }

  endRun(): void {
    this.runEnd = hostNow();
  }

  /** Tags the phases timed from now on with `round` (1-based), or with none. */
  setRound(round: number | undefined): void {
    this.round = round;
  }

  async phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = hostNow();
    const value = await fn();
    const end = hostNow();
    const round = this.round;
    this.phases.push({ name, start: toRelNs(start, this.origin), end: toRelNs(end, this.origin), ...(round !== undefined ? { round } : {}) });
    return value;
  }

  /** The wall time of the latest phase named `name` (this round's, in a repeated recording). */
  phaseWallMs(name: string): number {
    const p = this.phases.findLast((x) => x.name === name);
    if (!p) throw new Error(`no phase '${name}'`);
    return (p.end - p.start) / 1e6;
  }

  // ---- finishing ---------------------------------------------------------------------------

  /** Reads back every timestamp, solves the calibration and returns the trace. */
  async finish(
    info: Omit<TraceMeta, 'schema' | 'tool' | 'host' | 'originHostNs' | 'recordedAt' | 'adapters' | 'run' | 'calibration' | 'hostPid'> & {
      checks: CorrectnessCheck[];
      verdicts: Verdict[];
    },
  ): Promise<Trace> {
    for (const q of this.queues) await this.wait(q.pool.drain());
    const calibration: Calibration[] = [];
    const notes = [...info.notes];
    for (const q of this.queues) {
      if (!q.calibrationStart) throw new Error(`queue '${q.label}' was never calibrated`);
      q.offset = solveOffset(q.calibrationStart);
      const end = q.calibrationEnd ? solveOffset(q.calibrationEnd) : undefined;
      calibration.push(toCalibration(q.label, q.offset, end));
    }
    let reversed = 0;
    for (const r of this.ops) {
      if (!r.gpu) continue;
      const off = r.gpu.queue.offset!;
      const b = r.gpu.begin.batch.values?.[r.gpu.begin.index];
      const e = r.gpu.end.batch.values?.[r.gpu.end.index];
      if (b === undefined || e === undefined) throw new Error(`timestamps of '${r.name}' were not read back`);
      r.startAbs = b - off.offset;
      r.endAbs = e < b ? (reversed++, r.startAbs) : e - off.offset;
    }
    if (reversed > 0) notes.push(`${reversed} GPU op(s) had an end timestamp before their beginning; their duration is recorded as 0`);
    // A GPU op must lie inside the host-timed run (give or take the calibration's uncertainty):
    // one that does not means an unwritten query or a clock the calibration does not describe.
    const first = this.runStart ?? this.origin;
    const last = this.runEnd ?? hostNow();
    const slack = BigInt(Math.ceil(Math.max(0, ...calibration.map((c) => c.uncertaintyNs + Math.abs(c.driftNs ?? 0))))) + 1_000_000n;
    const outside = this.ops.filter((r) => r.gpu && (r.startAbs! < first - slack || r.endAbs! > last + slack)).length;
    if (outside > 0)
      notes.push(
        `${outside} GPU op(s) have timestamps outside the recorded run by more than the calibration uncertainty + 1 ms: treat their placement with suspicion`,
      );
    this.addQueueOrderEdges();

    const ops: Op[] = this.ops.map((r, id) => {
      const start = toRelNs(r.startAbs!, this.origin);
      const end = toRelNs(r.endAbs!, this.origin);
      return { id, laneId: r.laneId, name: r.name, kind: r.kind, start, dur: ns(end - start), ...(r.args ? { args: r.args } : {}) };
    });
    const adapters: AdapterInfo[] = [];
    for (const q of this.queues) if (!adapters.some((a) => a.name === q.info.name)) adapters.push(q.info);
    const meta: TraceMeta = {
      schema: 'parascope.trace/1',
      tool: { name: 'parascope', version: VERSION },
      host: hostInfo(),
      originHostNs: this.origin.toString(),
      recordedAt: this.recordedAt.toISOString(),
      experiment: info.experiment,
      adapters,
      topology: info.topology,
      hostPid: HOST_PID,
      run: { start: toRelNs(this.runStart ?? this.origin, this.origin), end: toRelNs(this.runEnd ?? hostNow(), this.origin) },
      calibration,
      checks: info.checks,
      verdicts: info.verdicts,
      ...(info.comparisons ? { comparisons: info.comparisons } : {}),
      ...(info.sweeps ? { sweeps: info.sweeps } : {}),
      notes,
    };
    const processes = [...this.processes];
    const lanes = [...this.lanes];
    sortLanes(processes, lanes);
    return { meta, processes, lanes, ops, deps: [...this.deps], phases: [...this.phases] };
  }

  /** Same-queue order: each GPU op depends on the one submitted before it on its queue. */
  private addQueueOrderEdges(): void {
    const existing = new Set(this.deps.map((d) => `${d.from}>${d.to}`));
    for (const q of this.queues) {
      for (let i = 1; i < q.submittedOps.length; i++) {
        const a = q.submittedOps[i - 1]!;
        const b = q.submittedOps[i]!;
        if (!existing.has(`${a}>${b}`)) this.deps.push({ from: a, to: b, kind: 'queue-order' });
      }
    }
  }

  destroy(): void {
    for (const q of this.queues) {
      q.pool.destroy();
      q.device.destroy();
    }
  }

  /** Relative time now, for experiments that need to place marks. */
  now(): Ns {
    return toRelNs(hostNow(), this.origin);
  }
}

export class TimedEncoder {
  private readonly ops: number[] = [];

  constructor(
    private readonly rec: Recorder,
    readonly queue: GpuQueue,
    readonly encoder: GPUCommandEncoder,
  ) {}

  /** A compute pass timed by its own beginning/end timestamps; the caller ends it. */
  computePass(name: string, args?: Record<string, ArgValue>): { pass: GPUComputePassEncoder; op: number } {
    const pair = this.queue.pool.take(2);
    const pass = this.encoder.beginComputePass({
      label: name,
      timestampWrites: { querySet: pair.querySet, beginningOfPassWriteIndex: pair.index, endOfPassWriteIndex: pair.index + 1 },
    });
    const op = this.rec.gpuOp(this.queue, name, 'compute', pair, { ...pair, index: pair.index + 1 }, args);
    this.ops.push(op);
    return { pass, op };
  }

  /** A buffer copy bracketed by two timestamp-only passes. */
  copy(name: string, src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, size: number, args?: Record<string, ArgValue>): number {
    const pair = this.queue.pool.take(2);
    this.encoder.beginComputePass({ label: `${name} begin`, timestampWrites: { querySet: pair.querySet, beginningOfPassWriteIndex: pair.index } }).end();
    this.encoder.copyBufferToBuffer(src, srcOffset, dst, dstOffset, size);
    this.encoder.beginComputePass({ label: `${name} end`, timestampWrites: { querySet: pair.querySet, endOfPassWriteIndex: pair.index + 1 } }).end();
    const op = this.rec.gpuOp(this.queue, name, 'transfer', pair, { ...pair, index: pair.index + 1 }, { bytes: size, ...args });
    this.ops.push(op);
    return op;
  }

  finish(): TimedCommandBuffer {
    return { buffer: this.encoder.finish(), queue: this.queue, ops: [...this.ops] };
  }
}
