/**
 * The user experiment file format, `parascope.experiment/1` (docs/experiments.md): devices,
 * buffers, ops and phases, in YAML or JSON. This module is plain data and zod — no Dawn — so
 * the CLI parent and Electron's main process can validate a file without loading the GPU addon.
 *
 * Two shapes: `ExperimentFileSchema` is what the file says (optional fields, defaults not yet
 * filled in); `UserExperimentSpec` is the resolved form the loader produces and the recorder
 * child runs (every op on a known device, every buffer with a byte size, WGSL code inlined).
 */
import { z } from 'zod';

export const EXPERIMENT_SCHEMA = 'parascope.experiment/1';

const Id = z
  .string({ error: 'expected an id (a string)' })
  .regex(/^[^\s,[\]{}]([^\n,[\]{}]*[^\s,[\]{}])?$/, { error: 'an id is one line of text with no leading or trailing space and none of , [ ] { }' })
  .max(64, { error: 'an id has at most 64 characters' });
const PosInt = z
  .number({ error: (i) => `expected a positive integer, received ${received(i.input)}` })
  .int({ error: 'expected an integer' })
  .positive({ error: 'expected a positive integer' });
const Text = z.string({ error: (i) => `expected a string, received ${received(i.input)}` }).min(1, { error: 'must not be empty' });

function received(v: unknown): string {
  if (v === undefined) return 'nothing (the field is required)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}' (a string)`;
  if (typeof v === 'object') return 'a mapping';
  return `${String(v)} (${typeof v})`;
}

export const BUFFER_INITS = ['random', 'zeros', 'ones'] as const;
export const DATA_FORMATS = ['f32', 'u32', 'i32'] as const;
export const BINDING_ACCESS = ['read', 'read_write', 'uniform'] as const;
export const CPU_WORK = ['sleep', 'matmul'] as const;
export const OP_KINDS = ['matmul', 'copy', 'readback', 'wgsl', 'cpu'] as const;

const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (i) => `expected one of ${values.map((v) => `'${v}'`).join(', ')}, received ${received(i.input)}` });

const DeviceSchema = z.strictObject({
  id: Id,
  adapter: Text.optional(),
});

const BufferSchema = z.strictObject({
  id: Id,
  device: Id.optional(),
  size: PosInt.optional(),
  matrix: PosInt.max(65536).optional(),
  init: enumOf(BUFFER_INITS).optional(),
  seed: z.number().int().nonnegative().optional(),
  data: z
    .array(z.number({ error: (i) => `expected a number, received ${received(i.input)}` }))
    .min(1)
    .optional(),
  format: enumOf(DATA_FORMATS).optional(),
});

const common = {
  id: Id,
  device: Id.optional(),
  after: z.array(Id).optional(),
};

const MatmulOp = z.strictObject({ ...common, kind: z.literal('matmul'), a: Id, b: Id, out: Id, n: PosInt.max(65536).optional() });
const CopyOp = z.strictObject({ ...common, kind: z.literal('copy'), from: Id, to: Id, bytes: PosInt.optional() });
const ReadbackOp = z.strictObject({ ...common, kind: z.literal('readback'), buffer: Id, bytes: PosInt.optional() });
const BindingSchema = z.strictObject({
  binding: z.number().int().nonnegative(),
  buffer: Id,
  access: enumOf(BINDING_ACCESS),
});
const WgslOp = z.strictObject({
  ...common,
  kind: z.literal('wgsl'),
  code: Text.optional(),
  file: Text.optional(),
  entry: Text.optional(),
  workgroups: z.array(PosInt).min(1).max(3),
  bindings: z.array(BindingSchema).default([]),
});
const CpuOp = z.strictObject({
  ...common,
  kind: z.literal('cpu'),
  work: enumOf(CPU_WORK),
  ms: z.number().positive().max(60_000).optional(),
  n: PosInt.max(2048).optional(),
});

const OpSchema = z.discriminatedUnion('kind', [MatmulOp, CopyOp, ReadbackOp, WgslOp, CpuOp], {
  error: (i) => `kind: expected one of ${OP_KINDS.map((k) => `'${k}'`).join(', ')}, received ${received((i.input as { kind?: unknown } | undefined)?.kind)}`,
});

const PhaseSchema = z.strictObject({
  name: Text,
  ops: z.array(Id).min(1),
  repeat: PosInt.max(10_000).optional(),
});

const CompareSchema = z.strictObject({
  separate: z.array(Text).min(1),
  together: Text,
});

export const ExperimentFileSchema = z.strictObject({
  schema: z.literal(EXPERIMENT_SCHEMA, { error: (i) => `expected '${EXPERIMENT_SCHEMA}', received ${received(i.input)}` }),
  name: Text,
  question: Text,
  method: Text.optional(),
  devices: z.array(DeviceSchema).min(1),
  buffers: z.array(BufferSchema).default([]),
  ops: z.array(OpSchema).min(1),
  phases: z.array(PhaseSchema).min(1),
  compare: z.array(CompareSchema).optional(),
});

export type ExperimentFile = z.output<typeof ExperimentFileSchema>;
export type FileOp = ExperimentFile['ops'][number];

// ---- the resolved form (what the recorder child runs) ---------------------------------------

export type BufferInit = (typeof BUFFER_INITS)[number] | 'data';

export interface SpecDevice {
  readonly id: string;
  readonly adapter?: string;
}

export interface SpecBuffer {
  readonly id: string;
  readonly device: string;
  /** Size in bytes (a multiple of 4). */
  readonly bytes: number;
  /** N when the buffer was declared as an N×N f32 matrix. */
  readonly matrix?: number;
  readonly init?: BufferInit;
  readonly seed: number;
  readonly data?: readonly number[];
  readonly format: (typeof DATA_FORMATS)[number];
}

interface SpecOpBase {
  readonly id: string;
  readonly after: readonly string[];
}

export interface SpecMatmul extends SpecOpBase {
  readonly kind: 'matmul';
  readonly device: string;
  readonly a: string;
  readonly b: string;
  readonly out: string;
  readonly n: number;
}
export interface SpecCopy extends SpecOpBase {
  readonly kind: 'copy';
  readonly device: string;
  readonly from: string;
  readonly to: string;
  readonly bytes: number;
}
export interface SpecReadback extends SpecOpBase {
  readonly kind: 'readback';
  readonly device: string;
  readonly buffer: string;
  readonly bytes: number;
}
export interface SpecBinding {
  readonly binding: number;
  readonly buffer: string;
  readonly access: (typeof BINDING_ACCESS)[number];
}
export interface SpecWgsl extends SpecOpBase {
  readonly kind: 'wgsl';
  readonly device: string;
  readonly code: string;
  /** Where WGSL line 1 is, for compile errors: the experiment file (inline code) or the .wgsl file. */
  readonly codeOrigin: { readonly file: string; readonly line: number };
  readonly entry: string;
  readonly workgroups: readonly [number, number, number];
  readonly bindings: readonly SpecBinding[];
}
export interface SpecCpu extends SpecOpBase {
  readonly kind: 'cpu';
  readonly work: (typeof CPU_WORK)[number];
  readonly ms?: number;
  readonly n?: number;
}
export type SpecOp = SpecMatmul | SpecCopy | SpecReadback | SpecWgsl | SpecCpu;
export type SpecGpuOp = Exclude<SpecOp, SpecCpu>;

export interface SpecPhase {
  readonly name: string;
  readonly ops: readonly string[];
  readonly repeat: number;
}

export interface UserExperimentSpec {
  readonly schema: typeof EXPERIMENT_SCHEMA;
  /** The file's base name, e.g. `custom-kernel.yaml` (the trace's experiment id is `file:<it>`). */
  readonly file: string;
  readonly name: string;
  readonly question: string;
  readonly method?: string;
  readonly devices: readonly SpecDevice[];
  readonly buffers: readonly SpecBuffer[];
  readonly ops: readonly SpecOp[];
  readonly phases: readonly SpecPhase[];
  readonly compare: readonly { readonly separate: readonly string[]; readonly together: string }[];
}

export function isGpuOp(op: SpecOp): op is SpecGpuOp {
  return op.kind !== 'cpu';
}
