/**
 * The compute pass encoder a profiled program gets from `beginComputePass`. The program never
 * hands a pass encoder back to WebGPU, so this JavaScript object can stand in for Dawn's:
 * - per dispatch (default): nothing is encoded until a dispatch; each dispatch becomes its own
 *   real pass with beginning/end timestamps, with the pipeline and bind groups set so far
 *   re-applied (Nsight's per-kernel rows). Timestamp writes the program asked for itself are
 *   kept, on empty passes before the first and after the last dispatch.
 * - per pass (`--per-pass`): the program's pass is encoded as it is, with Parascope's timestamps
 *   (or, where the program writes its own, inside two empty bracketing passes).
 * Debug groups and markers are dropped in per-dispatch mode (a group cannot span real passes).
 */
import type { Access } from './records.js';
import { dispatchAccesses, type BindingBook, type BoundGroup, type PipelineInfo } from './bindings.js';

/** What the pass needs from the profiler. */
export interface PassHost {
  readonly book: BindingBook;
  /** Dawn's own beginComputePass, unpatched. */
  begin(desc: GPUComputePassDescriptor): GPUComputePassEncoder;
  /** Two timestamp slots for one op; undefined when the device cannot time. */
  slots(): { writes: (which: 'both' | 'begin' | 'end') => GPUComputePassTimestampWrites; token: unknown } | undefined;
  /** Registers an encoded GPU op (sent at submit). */
  op(name: string, args: Record<string, string | number>, acc: Access[], token: unknown): void;
  sizeOf(res: number): number;
  resOf(buffer: GPUBuffer): number | undefined;
}

export class ProfiledComputePass {
  label: string;
  private pipeline: GPUComputePipeline | undefined;
  private readonly groups = new Map<number, BoundGroup>();
  private readonly real: GPUComputePassEncoder | undefined;
  private readonly token: unknown;
  private readonly dispatches: { name: string; acc: Access[]; workgroups: string }[] = [];
  private first = true;

  constructor(
    private readonly host: PassHost,
    private readonly desc: GPUComputePassDescriptor | undefined,
    private readonly encoderLabel: string,
    perPass: boolean,
  ) {
    this.label = desc?.label ?? '';
    if (perPass) {
      const s = host.slots();
      this.token = s?.token;
      const own = desc?.timestampWrites;
      if (s && own) host.begin({ label: 'parascope-begin', timestampWrites: s.writes('begin') }).end();
      this.real = host.begin({ ...desc, ...(s && !own ? { timestampWrites: s.writes('both') } : {}) });
      this.ownEnd = s && own ? s : undefined;
    }
  }

  private readonly ownEnd: ReturnType<PassHost['slots']>;

  setPipeline(p: GPUComputePipeline): void {
    this.pipeline = p;
    this.real?.setPipeline(p);
  }

  setBindGroup(index: number, group: GPUBindGroup | null, offsets?: Iterable<number> | Uint32Array, start?: number, length?: number): void {
    let dyn: number[] = [];
    if (offsets instanceof Uint32Array) dyn = [...offsets.subarray(start ?? 0, (start ?? 0) + (length ?? offsets.length - (start ?? 0)))];
    else if (offsets) dyn = [...offsets];
    if (group) this.groups.set(index, { group, offsets: dyn });
    else this.groups.delete(index);
    if (this.real) this.real.setBindGroup(index, group, dyn);
  }

  private info(): { pipe: PipelineInfo | undefined; name: string } {
    const pipe = this.pipeline ? this.host.book.pipelines.get(this.pipeline) : undefined;
    const name = pipe?.label || pipe?.entryPoint || this.label || this.encoderLabel || 'dispatch';
    return { pipe, name };
  }

  dispatchWorkgroups(x: number, y = 1, z = 1): void {
    this.dispatch(`${x}×${y}×${z}`, (p) => p.dispatchWorkgroups(x, y, z));
  }

  dispatchWorkgroupsIndirect(buffer: GPUBuffer, offset: number): void {
    const res = this.host.resOf(buffer);
    this.dispatch('indirect', (p) => p.dispatchWorkgroupsIndirect(buffer, offset), res === undefined ? [] : [[res, offset, offset + 12, 'r']]);
  }

  private dispatch(workgroups: string, run: (p: GPUComputePassEncoder) => void, extra: Access[] = []): void {
    const { pipe, name } = this.info();
    const { acc, names } = dispatchAccesses(this.host.book, pipe, this.groups, (r) => this.host.sizeOf(r));
    acc.push(...extra);
    if (this.real) {
      run(this.real);
      this.dispatches.push({ name, acc, workgroups });
      return;
    }
    const own = this.desc?.timestampWrites;
    if (this.first && own?.beginningOfPassWriteIndex !== undefined) {
      this.host.begin({ timestampWrites: { querySet: own.querySet, beginningOfPassWriteIndex: own.beginningOfPassWriteIndex } }).end();
    }
    this.first = false;
    const s = this.host.slots();
    const pass = this.host.begin({ ...(this.label ? { label: this.label } : {}), ...(s ? { timestampWrites: s.writes('both') } : {}) });
    if (this.pipeline) pass.setPipeline(this.pipeline);
    for (const [i, g] of this.groups) pass.setBindGroup(i, g.group, g.offsets);
    run(pass);
    pass.end();
    this.host.op(
      name,
      { workgroups, ...(pipe?.entryPoint ? { entryPoint: pipe.entryPoint } : {}), ...(this.label ? { pass: this.label } : {}), ...names },
      acc,
      s?.token,
    );
  }

  end(): void {
    if (this.real) {
      this.real.end();
      if (this.ownEnd) this.host.begin({ label: 'parascope-end', timestampWrites: this.ownEnd.writes('end') }).end();
      const acc = this.dispatches.flatMap((d) => d.acc);
      const names = [...new Set(this.dispatches.map((d) => d.name))];
      const name = this.label || this.encoderLabel || names.join(', ') || 'compute pass';
      this.host.op(name, { dispatches: this.dispatches.length, kernels: names.join(', ') }, acc, this.token);
      return;
    }
    const w = this.desc?.timestampWrites;
    if (w?.endOfPassWriteIndex !== undefined) this.host.begin({ timestampWrites: { querySet: w.querySet, endOfPassWriteIndex: w.endOfPassWriteIndex } }).end();
  }

  pushDebugGroup(label: string): void {
    this.real?.pushDebugGroup(label);
  }

  popDebugGroup(): void {
    this.real?.popDebugGroup();
  }

  insertDebugMarker(label: string): void {
    this.real?.insertDebugMarker(label);
  }
}
