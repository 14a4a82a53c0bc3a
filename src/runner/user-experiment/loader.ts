/**
 * Reads a `parascope.experiment/1` file (YAML or JSON), validates it and resolves it into the
 * `UserExperimentSpec` the recorder child runs. Every problem is one `ExperimentFileError` whose
 * message reads `FILE:LINE: path.to.field: what is wrong`. No Dawn here: the CLI parent and the
 * app's main process call this before a recorder process is started.
 *
 * JSON goes through the same YAML parser (JSON is YAML 1.2), so both get line numbers.
 */
import path from 'node:path';
import { firstLine } from '../errors.js';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document } from 'yaml';
import { readRegularFileSync } from './regular-file.js';
import {
  ExperimentFileSchema,
  EXPERIMENT_SCHEMA,
  type ExperimentFile,
  type FileOp,
  type SpecBuffer,
  type SpecOp,
  type SpecPhase,
  type UserExperimentSpec,
} from './schema.js';

export class ExperimentFileError extends Error {
  override readonly name = 'ExperimentFileError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${detail}`);
  }
}

type PathSeg = string | number;

/** `ops[2].workgroups[0]` */
export function formatPath(p: readonly PathSeg[]): string {
  let s = '';
  for (const seg of p) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s;
}

/** Experiment files by name: .yaml, .yml or .json. */
export function isExperimentFileName(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name);
}

/** The most an experiment file, or a WGSL file it names, may hold: far more than either needs. */
export const MAX_EXPERIMENT_BYTES = 4 * 2 ** 20;

/** Reads, validates and resolves an experiment file; `display` is how errors name it. */
export function loadExperimentFile(file: string, display: string = file): UserExperimentSpec {
  let text: string;
  try {
    text = readRegularFileSync(file, MAX_EXPERIMENT_BYTES);
  } catch (e) {
    // A path that is not there reads as in every other command: `FILE: no such file`.
    const message = (e as Error).message;
    throw new ExperimentFileError(display, undefined, undefined, message === 'ENOENT' ? 'no such file' : `cannot read the file: ${message}`);
  }
  return parseExperimentText(text, { file: display, dir: path.dirname(path.resolve(file)), base: path.basename(file) });
}

export interface TextSource {
  /** How errors name the file. */
  readonly file: string;
  /** Folder that `file:` of a wgsl op is relative to. */
  readonly dir: string;
  /** The file's base name (the trace's experiment id is `file:<base>`). */
  readonly base: string;
  /** Reads a WGSL file (absolute path); defaults to the file system. */
  readonly readText?: (absPath: string) => string;
}

export function parseExperimentText(text: string, src: TextSource): UserExperimentSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line ?? lineCounter.linePos(firstError.pos[0]).line;
    throw new ExperimentFileError(src.file, line, undefined, `not valid YAML/JSON: ${firstLine(firstError.message)}`);
  }
  const at = (p: readonly PathSeg[]) => locate(doc, lineCounter, p);
  const fail = (p: readonly PathSeg[], message: string): never => {
    throw new ExperimentFileError(src.file, at(p), p.length > 0 ? formatPath(p) : undefined, message);
  };
  const raw = toPlainData(doc, lineCounter, src.file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail([], `expected a mapping with schema: ${EXPERIMENT_SCHEMA}, name, question, devices, buffers, ops and phases`);
  }
  const parsed = ExperimentFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let p = issue.path.filter((s): s is PathSeg => typeof s === 'string' || typeof s === 'number');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      p = [...p, key];
      message = `unknown field '${key}'${issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : ''}`;
    }
    // A discriminated union's message already names `kind:`; point at that field.
    if (message.startsWith('kind: ')) {
      if (p[p.length - 1] !== 'kind') p = [...p, 'kind'];
      message = message.slice('kind: '.length);
    }
    fail(p, message);
  }
  return resolve(parsed.data!, src, fail, (p) => codeLine(doc, lineCounter, p));
}

/**
 * The document as plain data. YAML aliases (`*a`) expand to copies of what they name, so a few
 * hundred bytes of nested aliases ("billion laughs") can expand to gigabytes: the yaml library
 * refuses past MAX_ALIAS_EXPANSIONS alias expansions, and the refusal is reported like every other
 * problem in the file, at the line of its first alias.
 */
const MAX_ALIAS_EXPANSIONS = 100;

function toPlainData(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let line: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        const start = node.range?.[0];
        if (start !== undefined) line = lc.linePos(start).line;
        return visit.BREAK;
      },
    });
    throw new ExperimentFileError(
      file,
      line,
      undefined,
      `its aliases (*name) expand to too much: more than ${MAX_ALIAS_EXPANSIONS} expansions, as in a "billion laughs" file; write the values out instead`,
    );
  }
}

// ---- resolution: references, devices, sizes, cycles -----------------------------------------

function resolve(
  f: ExperimentFile,
  src: TextSource,
  fail: (p: readonly PathSeg[], message: string) => never,
  codeLineAt: (p: readonly PathSeg[]) => number,
): UserExperimentSpec {
  const unique = (items: readonly { id: string }[], section: string) => {
    const seen = new Set<string>();
    items.forEach((x, i) => {
      if (seen.has(x.id)) fail([section, i, 'id'], `duplicate id '${x.id}'`);
      seen.add(x.id);
    });
  };
  unique(f.devices, 'devices');
  unique(f.buffers, 'buffers');
  unique(f.ops, 'ops');

  const deviceIds = new Set(f.devices.map((d) => d.id));
  const onlyDevice = f.devices.length === 1 ? f.devices[0]!.id : undefined;
  const knownDevice = (p: PathSeg[], id: string | undefined, what: string): string => {
    if (id === undefined) {
      if (onlyDevice !== undefined) return onlyDevice;
      return fail(p, `${what} needs a device: there are ${f.devices.length} (${f.devices.map((d) => `'${d.id}'`).join(', ')})`);
    }
    if (!deviceIds.has(id)) fail(p, `unknown device '${id}' (devices: ${f.devices.map((d) => `'${d.id}'`).join(', ')})`);
    return id;
  };

  // Buffers.
  const buffers = new Map<string, SpecBuffer>();
  f.buffers.forEach((b, i) => {
    const p: PathSeg[] = ['buffers', i];
    const device = knownDevice([...p, 'device'], b.device, `buffer '${b.id}'`);
    if (b.size !== undefined && b.matrix !== undefined) fail([...p, 'matrix'], 'give size (bytes) or matrix (N for an N×N f32 matrix), not both');
    if (b.init !== undefined && b.data !== undefined) fail([...p, 'data'], 'give init or data, not both');
    if (b.seed !== undefined && b.init !== 'random') fail([...p, 'seed'], 'seed applies to init: random only');
    if (b.format !== undefined && b.data === undefined) fail([...p, 'format'], 'format applies to data only');
    const bytes = b.size ?? (b.matrix !== undefined ? b.matrix * b.matrix * 4 : b.data !== undefined ? Math.ceil((b.data.length * 4) / 16) * 16 : undefined);
    if (bytes === undefined) return fail(p, `buffer '${b.id}' needs size (bytes), matrix (N) or data`);
    if (!Number.isSafeInteger(bytes)) fail([...p, 'matrix'], 'too large');
    if (bytes % 4 !== 0) fail([...p, 'size'], `size must be a multiple of 4 bytes, got ${bytes}`);
    if (b.data !== undefined && b.data.length * 4 > bytes)
      fail([...p, 'data'], `${b.data.length} values need ${b.data.length * 4} bytes, more than size ${bytes}`);
    if (b.data !== undefined && b.format !== undefined && b.format !== 'f32') {
      const [lo, hi] = b.format === 'u32' ? [0, 2 ** 32 - 1] : [-(2 ** 31), 2 ** 31 - 1];
      const k = b.data.findIndex((v) => !Number.isInteger(v) || v < lo || v > hi);
      if (k >= 0) fail([...p, 'data', k], `${b.data[k]} is not a ${b.format}`);
    }
    buffers.set(b.id, {
      id: b.id,
      device,
      bytes,
      ...(b.matrix !== undefined ? { matrix: b.matrix } : {}),
      ...(b.init !== undefined ? { init: b.init } : b.data !== undefined ? { init: 'data' as const } : {}),
      seed: b.seed ?? 1,
      ...(b.data !== undefined ? { data: b.data } : {}),
      format: b.format ?? 'f32',
    });
  });
  const buffer = (p: PathSeg[], id: string): SpecBuffer => {
    const b = buffers.get(id);
    if (!b)
      return fail(
        p,
        `unknown buffer '${id}'${buffers.size ? ` (buffers: ${[...buffers.keys()].map((x) => `'${x}'`).join(', ')})` : ' (there are no buffers)'}`,
      );
    return b;
  };
  /** The op's device: the one it names, else its buffers', else the only one. All its buffers must live there. */
  const opDevice = (p: PathSeg[], op: FileOp, used: readonly { field: PathSeg[]; buf: SpecBuffer }[]): string => {
    const named = op.device !== undefined ? knownDevice([...p, 'device'], op.device, `op '${op.id}'`) : undefined;
    const device = named ?? used[0]?.buf.device ?? knownDevice([...p, 'device'], undefined, `op '${op.id}'`);
    for (const u of used) {
      if (u.buf.device !== device) {
        fail(
          u.field,
          `buffer '${u.buf.id}' lives on device '${u.buf.device}', but op '${op.id}' runs on '${device}'${named ? '' : ` (where its first buffer lives)`}; WebGPU ops use buffers of their own device`,
        );
      }
    }
    return device;
  };
  const bytesOf = (p: PathSeg[], given: number | undefined, limit: number, what: string): number => {
    const bytes = given ?? limit;
    if (bytes % 4 !== 0) fail(p, `bytes must be a multiple of 4, got ${bytes}`);
    if (bytes > limit) fail(p, `${bytes} bytes is more than ${what} (${limit} bytes)`);
    return bytes;
  };

  // Ops.
  const opIds = new Set(f.ops.map((o) => o.id));
  const ops: SpecOp[] = f.ops.map((op, i): SpecOp => {
    const p: PathSeg[] = ['ops', i];
    const after = op.after ?? [];
    after.forEach((a, k) => {
      if (!opIds.has(a)) fail([...p, 'after', k], `unknown op '${a}'`);
      if (a === op.id) fail([...p, 'after', k], `op '${op.id}' cannot depend on itself`);
    });
    switch (op.kind) {
      case 'matmul': {
        const a = buffer([...p, 'a'], op.a);
        const b = buffer([...p, 'b'], op.b);
        const out = buffer([...p, 'out'], op.out);
        const device = opDevice(p, op, [
          { field: [...p, 'a'], buf: a },
          { field: [...p, 'b'], buf: b },
          { field: [...p, 'out'], buf: out },
        ]);
        const n = op.n ?? a.matrix ?? fail([...p, 'n'], `matmul '${op.id}' needs n (its inputs are not declared with matrix: N)`);
        for (const [field, buf] of [
          ['a', a],
          ['b', b],
          ['out', out],
        ] as const) {
          if (buf.bytes < n * n * 4) fail([...p, field], `buffer '${buf.id}' has ${buf.bytes} bytes, less than an ${n}×${n} f32 matrix (${n * n * 4})`);
        }
        if (out.id === a.id || out.id === b.id) fail([...p, 'out'], 'the output must be a buffer other than the inputs');
        return { id: op.id, kind: 'matmul', after, device, a: a.id, b: b.id, out: out.id, n };
      }
      case 'copy': {
        const from = buffer([...p, 'from'], op.from);
        const to = buffer([...p, 'to'], op.to);
        const device = opDevice(p, op, [
          { field: [...p, 'from'], buf: from },
          { field: [...p, 'to'], buf: to },
        ]);
        if (from.id === to.id) fail([...p, 'to'], 'copy needs two different buffers');
        const bytes = bytesOf([...p, 'bytes'], op.bytes, Math.min(from.bytes, to.bytes), `the smaller buffer holds`);
        return { id: op.id, kind: 'copy', after, device, from: from.id, to: to.id, bytes };
      }
      case 'readback': {
        const buf = buffer([...p, 'buffer'], op.buffer);
        const device = opDevice(p, op, [{ field: [...p, 'buffer'], buf }]);
        const bytes = bytesOf([...p, 'bytes'], op.bytes, buf.bytes, `buffer '${buf.id}' holds`);
        return { id: op.id, kind: 'readback', after, device, buffer: buf.id, bytes };
      }
      case 'wgsl': {
        if ((op.code === undefined) === (op.file === undefined)) fail(p, `wgsl op '${op.id}' needs code (inline WGSL) or file (a .wgsl file), exactly one`);
        let code: string;
        let codeOrigin: { file: string; line: number };
        if (op.code !== undefined) {
          code = op.code;
          codeOrigin = { file: src.file, line: codeLineAt([...p, 'code']) };
        } else {
          const abs = path.resolve(src.dir, op.file!);
          try {
            code = (src.readText ?? ((x: string) => readRegularFileSync(x, MAX_EXPERIMENT_BYTES)))(abs);
          } catch (e) {
            return fail([...p, 'file'], `cannot read WGSL file '${op.file}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
          }
          codeOrigin = { file: op.file!, line: 1 };
        }
        const seenBindings = new Set<number>();
        const used = op.bindings.map((b, k) => {
          if (seenBindings.has(b.binding)) fail([...p, 'bindings', k, 'binding'], `binding ${b.binding} is given twice`);
          seenBindings.add(b.binding);
          return { field: [...p, 'bindings', k, 'buffer'], buf: buffer([...p, 'bindings', k, 'buffer'], b.buffer) };
        });
        op.bindings.forEach((b, k) => {
          if (b.access === 'read_write' && op.bindings.some((o, j) => j !== k && o.buffer === b.buffer)) {
            fail(
              [...p, 'bindings', k, 'buffer'],
              `buffer '${b.buffer}' is bound read_write and bound again: WebGPU forbids a writable buffer bound twice in one dispatch`,
            );
          }
        });
        const device = opDevice(p, op, used);
        const [x, y = 1, z = 1] = op.workgroups;
        return { id: op.id, kind: 'wgsl', after, device, code, codeOrigin, entry: op.entry ?? 'main', workgroups: [x!, y, z], bindings: op.bindings };
      }
      case 'cpu': {
        if (op.device !== undefined) fail([...p, 'device'], 'a cpu op runs on the host: it has no device');
        if (op.work === 'sleep') {
          if (op.ms === undefined) fail([...p, 'ms'], 'work: sleep needs ms (how long the main thread sleeps)');
          if (op.n !== undefined) fail([...p, 'n'], 'n applies to work: matmul');
          return { id: op.id, kind: 'cpu', after, work: 'sleep', ms: op.ms! };
        }
        if (op.n === undefined) fail([...p, 'n'], 'work: matmul needs n (the N of an N×N f32 product)');
        if (op.ms !== undefined) fail([...p, 'ms'], 'ms applies to work: sleep');
        return { id: op.id, kind: 'cpu', after, work: 'matmul', n: op.n! };
      }
      default: {
        const never: never = op;
        return fail(p, `unknown op ${JSON.stringify(never)}`);
      }
    }
  });

  // Dependency cycles: depth-first search over `after`.
  const byId = new Map(ops.map((o, i) => [o.id, { op: o, index: i }]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      const from = byId.get(cycle[cycle.length - 2]!)!;
      fail(['ops', from.index, 'after'], `dependency cycle: ${cycle.join(' → ')}`);
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const a of byId.get(id)!.op.after) visit(a);
    stack.pop();
    state.set(id, 'done');
  };
  for (const o of ops) visit(o.id);

  // Phases and comparisons.
  const phaseNames = new Set<string>();
  const phases: SpecPhase[] = f.phases.map((ph, i) => {
    if (phaseNames.has(ph.name)) fail(['phases', i, 'name'], `duplicate phase name '${ph.name}'`);
    phaseNames.add(ph.name);
    const seen = new Set<string>();
    ph.ops.forEach((id, k) => {
      if (!opIds.has(id)) fail(['phases', i, 'ops', k], `unknown op '${id}'`);
      if (seen.has(id)) fail(['phases', i, 'ops', k], `op '${id}' is listed twice`);
      seen.add(id);
    });
    return { name: ph.name, ops: ph.ops, repeat: ph.repeat ?? 1 };
  });
  const compare = (f.compare ?? []).map((c, i) => {
    c.separate.forEach((name, k) => {
      if (!phaseNames.has(name)) fail(['compare', i, 'separate', k], `unknown phase '${name}'`);
      if (name === c.together) fail(['compare', i, 'separate', k], `'${name}' is also the together phase`);
    });
    if (!phaseNames.has(c.together)) fail(['compare', i, 'together'], `unknown phase '${c.together}'`);
    return { separate: c.separate, together: c.together };
  });

  return {
    schema: EXPERIMENT_SCHEMA,
    file: src.base,
    name: f.name,
    question: f.question,
    ...(f.method !== undefined ? { method: f.method } : {}),
    devices: f.devices.map((d) => ({ id: d.id, ...(d.adapter !== undefined ? { adapter: d.adapter } : {}) })),
    buffers: [...buffers.values()],
    ops,
    phases,
    compare,
  };
}

// ---- line numbers -----------------------------------------------------------------------------

/** The line of the deepest node on `p` that the document has (a missing field: its parent's line). */
function locate(doc: Document, lc: LineCounter, p: readonly PathSeg[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const seg of p) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : lc.linePos(offset).line;
}

/** The file line of WGSL line 1 of an inline `code:` (a block scalar starts on the next line). */
function codeLine(doc: Document, lc: LineCounter, p: readonly PathSeg[]): number {
  const node = doc.getIn(p, true);
  const line = locate(doc, lc, p) ?? 1;
  return isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) ? line + 1 : line;
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as { range?: readonly number[] | null } | null | undefined)?.range;
  return r ? r[0] : undefined;
}
