/**
 * Instruments Dawn's WebGPU classes inside a profiled program, by patching their prototypes (the
 * classes `webgpu` exports as `globals`): every object the program creates from them is then
 * observed, however the program obtained its GPU (an `import`, a `require`, `navigator.gpu`).
 *
 * What each patch records (records.ts) — and what it changes, which is only ever timing:
 * - `requestDevice` adds `timestamp-query` where the adapter has it, then takes the calibration
 *   samples (as `record` does) before the program gets its device.
 * - compute passes are split per dispatch (compute-pass.ts); copies and clears are bracketed by
 *   timestamp-only passes; render passes get timestamp writes where they have none.
 * - `submit`, `writeBuffer`, `writeTexture`, `mapAsync` (its wait), `onSubmittedWorkDone` and the
 *   unmap of a buffer the host wrote are host ops on the calling thread's lane.
 * Query sets are pooled (timestamp-pool.ts) and resolved right after the program's own submits,
 * in batches; their read-back is asynchronous. A wait of the program (`mapAsync`,
 * `onSubmittedWorkDone`) also settles when the read-backs submitted before it arrive, which the
 * GPU finishes right after the program's own work: so a program that exits as soon as it has its
 * results still leaves its timestamps behind.
 * Parascope's own calls (pool, calibration) run with `bypass` set and are not recorded.
 */
import { hostNow } from '../host-clock.js';
import { takeCalibrationSamples } from '../calibration.js';
import { TimestampPool, type Batch, type Slot } from '../timestamp-pool.js';
import { BindingBook, accessOfLayout } from './bindings.js';
import { ProfiledComputePass, type PassHost } from './compute-pass.js';
import type { Access } from './records.js';
import type { Outgoing } from './record-writer.js';

type Fn = (...args: never[]) => unknown;
type Proto = Record<string, unknown>;

/** Resolve a pool set at a submit when this long has passed since the last one (bounded loss on a crash). */
const FLUSH_NS = 50_000_000n;
const CALIBRATION_SAMPLES = 16;
/** GPUMapMode's values (the spec's); the program may not have put WebGPU's globals on globalThis. */
const MAP_READ = 1;
const MAP_WRITE = 2;

interface PendingOp {
  readonly id: number;
  readonly name: string;
  readonly kind: 'compute' | 'transfer' | 'other';
  readonly args: Record<string, string | number>;
  readonly acc: Access[];
  readonly slot: Slot | undefined;
}

interface DeviceState {
  readonly dev: number;
  readonly device: GPUDevice;
  readonly pool: TimestampPool | undefined;
  /** Ops whose timestamps live in each not-yet-read batch. */
  readonly inBatch: Map<Batch, PendingOp[]>;
  lastSubmitted: number | undefined;
  lastFlush: bigint;
  finished: boolean;
}

interface EncoderState {
  readonly dev: DeviceState;
  readonly label: string;
  readonly ops: PendingOp[];
}

export interface InstrumentOptions {
  readonly perPass: boolean;
  readonly send: (r: Outgoing) => void;
  /** Writes out what was sent (after a wait: a program often prints and ends right after one). */
  readonly flush?: () => void;
}

export class Instrument {
  private bypass = 0;
  private nextOp = 0;
  private nextRes = 0;
  private readonly book = new BindingBook();
  private readonly devices: DeviceState[] = [];
  private readonly deviceOf = new WeakMap<object, DeviceState>();
  private readonly resId = new WeakMap<object, number>();
  private readonly resSize = new Map<number, number>();
  private readonly resLabel = new Map<number, string>();
  private readonly encoders = new WeakMap<GPUCommandEncoder, EncoderState>();
  private readonly commandBuffers = new WeakMap<GPUCommandBuffer, EncoderState>();
  /** Buffers mapped for writing by the host: the range the host may have written. */
  private readonly hostMapped = new WeakMap<GPUBuffer, [number, number]>();
  /** The last submitted GPU op that used each buffer: what a mapAsync of it waits for. */
  private readonly lastUse = new Map<number, number>();
  private readonly orig: Record<string, Fn> = {};

  constructor(private readonly opts: InstrumentOptions) {}

  /** Patches the classes of one dawn.node instance (`globals`); safe to call once per load. */
  patch(globals: Record<string, unknown>): void {
    const proto = (name: string): Proto | undefined => (globals[name] as { prototype?: Proto } | undefined)?.prototype;
    // The patched methods get Dawn's object as `this`; the profiler is reached as `self`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const wrap = (cls: string, method: string, make: (orig: Fn) => Fn): void => {
      const p = proto(cls);
      const o = p?.[method];
      if (!p || typeof o !== 'function') return;
      this.orig[`${cls}.${method}`] = o as Fn;
      const w = make(o as Fn);
      p[method] = function (this: unknown, ...args: never[]) {
        if (self.bypass > 0) return (o as Fn).apply(this, args);
        return w.apply(this, args);
      };
    };

    wrap(
      'GPUAdapter',
      'requestDevice',
      (o) =>
        async function (this: GPUAdapter, desc?: GPUDeviceDescriptor) {
          const can = this.features.has('timestamp-query');
          const features = [...(desc?.requiredFeatures ?? [])];
          if (can && !features.includes('timestamp-query')) features.push('timestamp-query');
          const device = (await o.call(this as never, { ...desc, requiredFeatures: features } as never)) as GPUDevice;
          await self.addDevice(device, this, can, desc?.label);
          return device;
        },
    );
    wrap(
      'GPUDevice',
      'createBuffer',
      (o) =>
        function (this: GPUDevice, desc: GPUBufferDescriptor) {
          const b = o.call(this as never, desc as never) as GPUBuffer;
          self.addRes(b, desc.label ?? '', desc.size);
          const dev = self.deviceOf.get(this);
          if (dev) self.deviceOf.set(b, dev);
          if (desc.mappedAtCreation) self.hostMapped.set(b, [0, desc.size]);
          return b;
        },
    );
    wrap(
      'GPUDevice',
      'createTexture',
      (o) =>
        function (this: GPUDevice, desc: GPUTextureDescriptor) {
          const t = o.call(this as never, desc as never) as GPUTexture;
          self.addRes(t, desc.label ?? '', 1);
          return t;
        },
    );
    wrap(
      'GPUTexture',
      'createView',
      (o) =>
        function (this: GPUTexture, desc?: GPUTextureViewDescriptor) {
          const v = o.call(this as never, desc as never) as GPUTextureView;
          const id = self.resId.get(this);
          if (id !== undefined) self.resId.set(v, id);
          return v;
        },
    );
    wrap(
      'GPUDevice',
      'createShaderModule',
      (o) =>
        function (this: GPUDevice, desc: GPUShaderModuleDescriptor) {
          const m = o.call(this as never, desc as never) as GPUShaderModule;
          self.book.shaders.set(m, desc.code);
          return m;
        },
    );
    wrap(
      'GPUDevice',
      'createBindGroupLayout',
      (o) =>
        function (this: GPUDevice, desc: GPUBindGroupLayoutDescriptor) {
          const l = o.call(this as never, desc as never) as GPUBindGroupLayout;
          self.book.layouts.set(l, accessOfLayout(desc));
          return l;
        },
    );
    wrap(
      'GPUDevice',
      'createPipelineLayout',
      (o) =>
        function (this: GPUDevice, desc: GPUPipelineLayoutDescriptor) {
          const l = o.call(this as never, desc as never) as GPUPipelineLayout;
          self.book.pipelineLayouts.set(l, [...desc.bindGroupLayouts]);
          return l;
        },
    );
    wrap(
      'GPUDevice',
      'createComputePipeline',
      (o) =>
        function (this: GPUDevice, desc: GPUComputePipelineDescriptor) {
          const p = o.call(this as never, desc as never) as GPUComputePipeline;
          self.book.pipelines.set(p, self.book.pipeline(desc));
          return p;
        },
    );
    wrap(
      'GPUDevice',
      'createComputePipelineAsync',
      (o) =>
        async function (this: GPUDevice, desc: GPUComputePipelineDescriptor) {
          const p = (await o.call(this as never, desc as never)) as GPUComputePipeline;
          self.book.pipelines.set(p, self.book.pipeline(desc));
          return p;
        },
    );
    wrap(
      'GPUComputePipeline',
      'getBindGroupLayout',
      (o) =>
        function (this: GPUComputePipeline, index: number) {
          const l = o.call(this as never, index as never) as GPUBindGroupLayout;
          const g = self.book.pipelines.get(this)?.groups?.get(index);
          if (g) self.book.layouts.set(l, g);
          return l;
        },
    );
    wrap(
      'GPUDevice',
      'createBindGroup',
      (o) =>
        function (this: GPUDevice, desc: GPUBindGroupDescriptor) {
          const g = o.call(this as never, desc as never) as GPUBindGroup;
          self.book.bindGroups.set(
            g,
            self.book.bindGroup(desc, (r) => {
              const id = r !== null && typeof r === 'object' ? self.resId.get(r) : undefined;
              return id === undefined ? undefined : { res: id, label: self.resLabel.get(id) ?? '', size: self.resSize.get(id) ?? 0 };
            }),
          );
          return g;
        },
    );
    wrap(
      'GPUDevice',
      'createCommandEncoder',
      (o) =>
        function (this: GPUDevice, desc?: GPUCommandEncoderDescriptor) {
          const e = o.call(this as never, desc as never) as GPUCommandEncoder;
          const dev = self.deviceOf.get(this);
          if (dev) self.encoders.set(e, { dev, label: desc?.label ?? '', ops: [] });
          return e;
        },
    );
    wrap(
      'GPUDevice',
      'destroy',
      (o) =>
        function (this: GPUDevice) {
          // Resolve what was timed, then destroy at once, as the program asked: read-backs still in
          // flight are lost (a program that awaited its results has had them read already).
          const dev = self.deviceOf.get(this);
          if (dev) {
            self.flush(dev);
            dev.finished = true;
          }
          return o.call(this as never);
        },
    );

    const beginPass = proto('GPUCommandEncoder')?.['beginComputePass'] as Fn | undefined;
    wrap(
      'GPUCommandEncoder',
      'beginComputePass',
      (o) =>
        function (this: GPUCommandEncoder, desc?: GPUComputePassDescriptor) {
          const enc = self.encoders.get(this);
          if (!enc) return o.call(this as never, desc as never);
          return new ProfiledComputePass(self.passHost(this, enc, beginPass!), desc, enc.label, self.opts.perPass);
        },
    );
    wrap(
      'GPUCommandEncoder',
      'beginRenderPass',
      (o) =>
        function (this: GPUCommandEncoder, desc: GPURenderPassDescriptor) {
          const enc = self.encoders.get(this);
          if (!enc) return o.call(this as never, desc as never);
          const acc: Access[] = [];
          for (const a of desc.colorAttachments) if (a) acc.push(...self.viewAccess(a.view as GPUTextureView));
          if (desc.depthStencilAttachment) acc.push(...self.viewAccess(desc.depthStencilAttachment.view as GPUTextureView));
          const name = desc.label || enc.label || 'render pass';
          if (!desc.timestampWrites) {
            const s = self.slots(enc.dev);
            self.pushOp(enc, name, 'compute', {}, acc, s?.slot);
            return o.call(this as never, { ...desc, ...(s ? { timestampWrites: s.writes('both') } : {}) } as never);
          }
          // The program times this pass itself: bracket it.
          const s = self.slots(enc.dev);
          if (s) (beginPass!.call(this as never, { timestampWrites: s.writes('begin') } as never) as GPUComputePassEncoder).end();
          self.pushOp(enc, name, 'compute', {}, acc, s?.slot);
          const pass = o.call(this as never, desc as never) as GPURenderPassEncoder;
          const end = pass.end.bind(pass);
          pass.end = () => {
            end();
            if (s) (beginPass!.call(this as never, { timestampWrites: s.writes('end') } as never) as GPUComputePassEncoder).end();
          };
          return pass;
        },
    );
    const bracket = (
      method: string,
      kind: PendingOp['kind'],
      describe: (args: unknown[]) => { name: string; acc: Access[]; args: Record<string, string | number> },
    ) =>
      wrap(
        'GPUCommandEncoder',
        method,
        (o) =>
          function (this: GPUCommandEncoder, ...args: unknown[]) {
            const enc = self.encoders.get(this);
            if (!enc) return o.apply(this as never, args as never[]);
            const s = self.slots(enc.dev);
            if (s) (beginPass!.call(this as never, { label: 'parascope-begin', timestampWrites: s.writes('begin') } as never) as GPUComputePassEncoder).end();
            const r = o.apply(this as never, args as never[]);
            if (s) (beginPass!.call(this as never, { label: 'parascope-end', timestampWrites: s.writes('end') } as never) as GPUComputePassEncoder).end();
            const d = describe(args);
            self.pushOp(enc, d.name, kind, d.args, d.acc, s?.slot);
            return r;
          },
      );
    bracket('copyBufferToBuffer', 'transfer', (a) => {
      // (src, srcOffset, dst, dstOffset, size) or (src, dst, size?) in newer WebGPU.
      const [src, x, y, z, w] = a as [GPUBuffer, number | GPUBuffer, number | GPUBuffer, number | undefined, number | undefined];
      const short = typeof x === 'object';
      const dst = (short ? x : y) as GPUBuffer;
      const so = short ? 0 : x;
      const dof = short ? 0 : (z ?? 0);
      const s = this.resId.get(src);
      const d = this.resId.get(dst);
      const size = (short ? (y as number | undefined) : w) ?? (s === undefined ? 0 : (this.resSize.get(s) ?? 0) - so);
      const acc: Access[] = [];
      if (s !== undefined) acc.push([s, so, so + size, 'r']);
      if (d !== undefined) acc.push([d, dof, dof + size, 'w']);
      return { name: this.copyName(s, d), acc, args: { bytes: size } };
    });
    const texCopy = (method: string) =>
      bracket(method, 'transfer', (a) => {
        const [src, dst] = a as [{ buffer?: GPUBuffer; texture?: GPUTexture }, { buffer?: GPUBuffer; texture?: GPUTexture }];
        const s = this.resId.get((src.buffer ?? src.texture) as object);
        const d = this.resId.get((dst.buffer ?? dst.texture) as object);
        const acc: Access[] = [];
        if (s !== undefined) acc.push([s, 0, this.resSize.get(s) ?? 1, 'r']);
        if (d !== undefined) acc.push([d, 0, this.resSize.get(d) ?? 1, 'w']);
        return { name: this.copyName(s, d), acc, args: { method } };
      });
    texCopy('copyBufferToTexture');
    texCopy('copyTextureToBuffer');
    texCopy('copyTextureToTexture');
    bracket('clearBuffer', 'other', (a) => {
      const [b, off, size] = a as [GPUBuffer, number | undefined, number | undefined];
      const r = this.resId.get(b);
      const lo = off ?? 0;
      const hi = size === undefined ? (r === undefined ? 0 : (this.resSize.get(r) ?? 0)) : lo + size;
      return {
        name: `clearBuffer ${r === undefined ? '' : this.resLabel.get(r) || `buffer ${r}`}`.trim(),
        acc: r === undefined ? [] : [[r, lo, hi, 'w']],
        args: { bytes: hi - lo },
      };
    });
    bracket('resolveQuerySet', 'other', (a) => {
      // (querySet, firstQuery, queryCount, destination, destinationOffset): writes 8 bytes a query.
      const [, , count, dst, off] = a as [GPUQuerySet, number, number, GPUBuffer, number];
      const r = this.resId.get(dst);
      const label = r === undefined ? '' : this.resLabel.get(r) || `buffer ${r}`;
      return { name: `resolveQuerySet ${label}`.trim(), acc: r === undefined ? [] : [[r, off, off + count * 8, 'w']], args: { queries: count } };
    });
    wrap(
      'GPUCommandEncoder',
      'finish',
      (o) =>
        function (this: GPUCommandEncoder, desc?: GPUCommandBufferDescriptor) {
          const cb = o.call(this as never, desc as never) as GPUCommandBuffer;
          const enc = self.encoders.get(this);
          if (enc) self.commandBuffers.set(cb, enc);
          return cb;
        },
    );

    wrap(
      'GPUQueue',
      'submit',
      (o) =>
        function (this: GPUQueue, buffers: Iterable<GPUCommandBuffer>) {
          const list = [...buffers];
          const start = hostNow();
          const r = o.call(this as never, list as never);
          const end = hostNow();
          self.submitted(this, list, start, end);
          return r;
        },
    );
    wrap(
      'GPUQueue',
      'writeBuffer',
      (o) =>
        function (
          this: GPUQueue,
          buffer: GPUBuffer,
          offset: number,
          data: ArrayBufferView | ArrayBuffer | SharedArrayBuffer,
          dataOffset?: number,
          size?: number,
        ) {
          const start = hostNow();
          const r = o.call(this as never, buffer as never, offset as never, data as never, dataOffset as never, size as never);
          const end = hostNow();
          const per = ArrayBuffer.isView(data) && 'BYTES_PER_ELEMENT' in data ? (data as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 1;
          const length = ArrayBuffer.isView(data) ? data.byteLength / per : data.byteLength;
          const bytes = (size ?? length - (dataOffset ?? 0)) * per;
          const id = self.resId.get(buffer);
          self.hostOp('writeBuffer', id, start, end, 'cpu', { bytes }, id === undefined ? [] : [[id, offset, offset + bytes, 'w']]);
          return r;
        },
    );
    wrap(
      'GPUQueue',
      'writeTexture',
      (o) =>
        function (this: GPUQueue, dest: GPUTexelCopyTextureInfo, ...rest: unknown[]) {
          const start = hostNow();
          const r = o.call(this as never, dest as never, ...(rest as never[]));
          const end = hostNow();
          const id = self.resId.get(dest.texture);
          self.hostOp('writeTexture', id, start, end, 'cpu', {}, id === undefined ? [] : [[id, 0, 1, 'w']]);
          return r;
        },
    );
    wrap(
      'GPUQueue',
      'onSubmittedWorkDone',
      (o) =>
        function (this: GPUQueue) {
          const dev = self.deviceOf.get(this);
          const start = hostNow();
          const id = self.nextOp++;
          const waitedFor = dev?.lastSubmitted;
          const extra = dev ? self.flush(dev) : undefined;
          const p = o.call(this as never) as Promise<undefined>;
          return self.afterWait(p, extra, () => self.sendHostOp(id, 'onSubmittedWorkDone', 'sync', start, hostNow(), {}, [], waitedFor));
        },
    );
    wrap(
      'GPUBuffer',
      'mapAsync',
      (o) =>
        function (this: GPUBuffer, mode: number, offset?: number, size?: number) {
          const start = hostNow();
          const id = self.resId.get(this);
          const op = self.nextOp++;
          const lo = offset ?? 0;
          const hi = size === undefined ? (id === undefined ? 0 : (self.resSize.get(id) ?? 0)) : lo + size;
          const reads = (mode & MAP_READ) !== 0;
          const acc: Access[] = reads && id !== undefined ? [[id, lo, hi, 'r']] : [];
          if (acc.length > 0) self.opts.send({ t: 'seq', ops: [op] });
          const waitedFor = id === undefined ? undefined : self.lastUse.get(id);
          const dev = self.deviceOf.get(this);
          const extra = dev ? self.flush(dev) : undefined;
          const p = o.call(this as never, mode as never, offset as never, size as never) as Promise<undefined>;
          return self.afterWait(p, extra, () => {
            if ((mode & MAP_WRITE) !== 0) self.hostMapped.set(this, [lo, hi]);
            const label = id === undefined ? '' : self.resLabel.get(id) || `buffer ${id}`;
            self.sendHostOp(op, `mapAsync ${label}`.trim(), 'sync', start, hostNow(), { mode: reads ? 'read' : 'write' }, acc, waitedFor);
          });
        },
    );
    wrap(
      'GPUBuffer',
      'unmap',
      (o) =>
        function (this: GPUBuffer) {
          const range = self.hostMapped.get(this);
          if (!range) return o.call(this as never);
          self.hostMapped.delete(this);
          const start = hostNow();
          const r = o.call(this as never);
          const end = hostNow();
          const id = self.resId.get(this);
          // What the host wrote into the mapped range reaches the buffer here.
          self.hostOp('unmap (host write)', id, start, end, 'cpu', { bytes: range[1] - range[0] }, id === undefined ? [] : [[id, range[0], range[1], 'w']]);
          return r;
        },
    );

    process.on('beforeExit', () => {
      for (const d of this.devices) if (!d.finished) void this.finishDevice(d);
    });
  }

  // ---- devices ---------------------------------------------------------------------------

  private async addDevice(device: GPUDevice, adapter: GPUAdapter, timestamps: boolean, label: string | undefined): Promise<void> {
    const dev = this.devices.length;
    const i = adapter.info;
    this.opts.send({
      t: 'device',
      dev,
      label: label || device.label || `device ${dev}`,
      timestamps,
      adapter: {
        name: i.description || i.device || i.vendor,
        vendor: i.vendor,
        architecture: i.architecture,
        device: i.device,
        description: i.description,
        backend: '',
        timestampQuery: timestamps,
        isFallback: (i as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
      },
    });
    const state: DeviceState = {
      dev,
      device,
      pool: undefined,
      inBatch: new Map(),
      lastSubmitted: undefined,
      lastFlush: hostNow(),
      finished: false,
    };
    this.devices.push(state);
    this.deviceOf.set(device, state);
    this.deviceOf.set(device.queue, state);
    if (!timestamps) {
      this.opts.send({ t: 'note', text: `device ${dev}: the adapter has no 'timestamp-query': its GPU work is not timed, only the host side is recorded` });
      return;
    }
    this.bypass++;
    try {
      const pool = new TimestampPool(device, undefined, (b) => this.read(state, b));
      (state as { pool: TimestampPool | undefined }).pool = pool;
      const samples = await takeCalibrationSamples(device, pool, CALIBRATION_SAMPLES);
      await pool.drain();
      this.sendCalibration(dev, 'start', samples);
    } finally {
      this.bypass--;
    }
  }

  private sendCalibration(dev: number, which: 'start' | 'end', samples: Awaited<ReturnType<typeof takeCalibrationSamples>>): void {
    const out: [string, string, string][] = [];
    for (const s of samples) {
      const g = s.slot.batch.values?.[s.slot.index];
      if (g !== undefined) out.push([s.t0.toString(), s.t1.toString(), g.toString()]);
    }
    this.opts.send({ t: 'calib', dev, which, samples: out });
  }

  /** Calibrates again and reads back every timestamp: at the end of the program, or before a device is destroyed. */
  private async finishDevice(d: DeviceState): Promise<void> {
    if (d.finished || !d.pool) return;
    d.finished = true;
    this.bypass++;
    try {
      d.pool.flush();
      const samples = await takeCalibrationSamples(d.device, d.pool, CALIBRATION_SAMPLES);
      await d.pool.drain(true);
      this.sendCalibration(d.dev, 'end', samples);
    } catch (e) {
      this.opts.send({ t: 'note', text: `device ${d.dev}: the final read-back failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      this.bypass--;
    }
    if (this.devices.every((x) => x.finished || !x.pool)) this.opts.send({ t: 'end', hostNs: hostNow().toString() });
  }

  private read(d: DeviceState, batch: Batch): void {
    const ops = d.inBatch.get(batch);
    d.inBatch.delete(batch);
    if (!ops || !batch.values) return;
    const times: [number, string, string][] = [];
    for (const op of ops) {
      const b = batch.values[op.slot!.index];
      const e = batch.values[op.slot!.index + 1];
      if (b !== undefined && e !== undefined) times.push([op.id, b.toString(), e.toString()]);
    }
    if (times.length > 0) this.opts.send({ t: 'ts', dev: d.dev, times });
  }

  // ---- ops ---------------------------------------------------------------------------------

  private addRes(o: object, label: string, size: number): void {
    const id = this.nextRes++;
    this.resId.set(o, id);
    this.resSize.set(id, size);
    this.resLabel.set(id, label);
    this.opts.send({ t: 'res', res: id, label, size });
  }

  private viewAccess(view: GPUTextureView): Access[] {
    const id = this.resId.get(view);
    return id === undefined ? [] : [[id, 0, 1, 'w']];
  }

  private copyName(s: number | undefined, d: number | undefined): string {
    const n = (r: number | undefined) => (r === undefined ? '?' : this.resLabel.get(r) || `buffer ${r}`);
    return `copy ${n(s)} → ${n(d)}`;
  }

  private slots(dev: DeviceState): { slot: Slot; writes: (which: 'both' | 'begin' | 'end') => GPUComputePassTimestampWrites } | undefined {
    if (!dev.pool || dev.finished) return undefined;
    const slot = dev.pool.take(2);
    return {
      slot,
      writes: (which) => ({
        querySet: slot.querySet,
        ...(which !== 'end' ? { beginningOfPassWriteIndex: slot.index } : {}),
        ...(which !== 'begin' ? { endOfPassWriteIndex: slot.index + 1 } : {}),
      }),
    };
  }

  private pushOp(enc: EncoderState, name: string, kind: PendingOp['kind'], args: Record<string, string | number>, acc: Access[], slot: Slot | undefined): void {
    enc.ops.push({ id: this.nextOp++, name, kind, args, acc, slot });
  }

  private passHost(encoder: GPUCommandEncoder, enc: EncoderState, begin: Fn): PassHost {
    return {
      book: this.book,
      begin: (desc) => begin.call(encoder as never, desc as never) as GPUComputePassEncoder,
      slots: () => {
        const s = this.slots(enc.dev);
        return s ? { writes: s.writes, token: s.slot } : undefined;
      },
      op: (name, args, acc, token) => this.pushOp(enc, name, 'compute', args, acc, token as Slot | undefined),
      sizeOf: (r) => this.resSize.get(r) ?? 0,
      resOf: (b) => this.resId.get(b),
    };
  }

  private submitted(queue: GPUQueue, list: GPUCommandBuffer[], start: bigint, end: bigint): void {
    const dev = this.deviceOf.get(queue);
    const submitOp = this.nextOp++;
    const ops: PendingOp[] = [];
    for (const cb of list) {
      const enc = this.commandBuffers.get(cb);
      if (enc) ops.push(...enc.ops.splice(0));
    }
    this.sendHostOp(submitOp, 'queue.submit', 'cpu', start, end, { commandBuffers: list.length, ops: ops.length }, []);
    if (!dev) return;
    const slots: { slot: Slot; count: number }[] = [];
    for (const op of ops) {
      this.opts.send({ t: 'op', id: op.id, dev: dev.dev, name: op.name, kind: op.kind, args: op.args, acc: op.acc });
      for (const a of op.acc) this.lastUse.set(a[0], op.id);
      if (op.slot) {
        slots.push({ slot: op.slot, count: 2 });
        let inBatch = dev.inBatch.get(op.slot.batch);
        if (!inBatch) dev.inBatch.set(op.slot.batch, (inBatch = []));
        inBatch.push(op);
      }
    }
    if (ops.length > 0) {
      this.opts.send({ t: 'seq', ops: ops.map((o) => o.id) });
      dev.lastSubmitted = ops[ops.length - 1]!.id;
    }
    if (!dev.pool) return;
    this.bypass++;
    try {
      dev.pool.submitted(slots);
      if (end - dev.lastFlush > FLUSH_NS) {
        dev.pool.flush();
        dev.lastFlush = end;
      }
    } finally {
      this.bypass--;
    }
  }

  /** Resolves what the device has timed so far (before a wait of the program); the read-backs in flight. */
  private flush(dev: DeviceState): Promise<unknown> | undefined {
    if (!dev.pool || dev.finished) return undefined;
    this.bypass++;
    try {
      dev.pool.flush();
      dev.lastFlush = hostNow();
    } finally {
      this.bypass--;
    }
    return dev.pool.inFlight();
  }

  /** The program's wait, settling once the read-backs before it have arrived too (see the header). */
  private afterWait<T>(p: Promise<T>, extra: Promise<unknown> | undefined, done: () => void): Promise<T> {
    const both = extra ? Promise.all([p, extra]).then(([v]) => v) : p;
    return both.then(
      (v) => {
        done();
        this.opts.flush?.();
        return v;
      },
      (e: unknown) => {
        done();
        this.opts.flush?.();
        throw e;
      },
    );
  }

  private hostOp(what: string, res: number | undefined, start: bigint, end: bigint, kind: 'cpu', args: Record<string, string | number>, acc: Access[]): void {
    const id = this.nextOp++;
    const label = res === undefined ? '' : this.resLabel.get(res) || `buffer ${res}`;
    if (acc.length > 0) this.opts.send({ t: 'seq', ops: [id] });
    this.sendHostOp(id, `${what} ${label}`.trim(), kind, start, end, args, acc);
  }

  private sendHostOp(
    id: number,
    name: string,
    kind: 'cpu' | 'sync',
    start: bigint,
    end: bigint,
    args: Record<string, string | number>,
    acc: Access[],
    waitedFor?: number,
  ): void {
    this.opts.send({
      t: 'op',
      id,
      name,
      kind,
      start: start.toString(),
      end: end.toString(),
      args,
      ...(acc.length > 0 ? { acc } : {}),
      ...(waitedFor !== undefined ? { waitedFor } : {}),
    });
  }
}
