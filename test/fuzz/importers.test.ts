/**
 * Fuzzing the trace importers (issue 10, "keep it held"): real traces — every Chrome fixture, the
 * PyTorch (Kineto) fixture, the bundled H200 recordings — mutated by seeded fast-check (bytes
 * flipped, the file cut short, JSON values spliced in, numbers replaced by extremes). Whatever
 * comes in, the importer either gives a model whose statistics are finite numbers, or refuses with
 * a TraceFormatError (the CLI's one line); nothing else may escape. Bounded in count and time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStats } from '../../src/core/analysis/stats.js';
import { TraceFormatError } from '../../src/core/import/errors.js';
import { importTraceBytes } from '../../src/core/import/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED = 20261202;
const RUNS = Number(process.env['PARASCOPE_FUZZ_RUNS'] ?? 300);

function seeds(): { name: string; bytes: Uint8Array }[] {
  const dir = (d: string) => readdirSync(path.join(ROOT, d)).map((f) => path.join(d, f));
  const files = [...dir('test/fixtures/chrome'), 'test/fixtures/torch/torch_two_streams.json', ...dir('resources/samples')];
  return files.map((f) => {
    const raw = readFileSync(path.join(ROOT, f));
    // A plain Uint8Array copy: Buffer's slice() is a view, and the mutations must not write into the seeds.
    return { name: f, bytes: new Uint8Array(f.endsWith('.gz') ? gunzipSync(raw) : raw) };
  });
}

const EXTREMES = ['1e308', '-1e308', '1.8e15', '1799999999999999.999', '-0', '0.0000001', '9007199254740993', '"x"', 'null', 'true', '[]', '{}', '-1'];
const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '"ph":"X"',
  '"ph":"B"',
  '"ph":"E"',
  '"ph":"s"',
  '"ph":"f"',
  '"dur":-5',
  '"ts":',
  '\u0000',
  '\uFFFF',
  '"args":{"a":',
];

/** One mutation of a seed's bytes. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    value: fc.integer({ min: 0, max: 255 }),
    count: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(...FRAGMENTS, ...EXTREMES) }),
  fc.record({ kind: fc.constant('number' as const), nth: fc.nat(5000), text: fc.constantFrom(...EXTREMES) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = 'at' in m ? Math.floor(m.at * bytes.length) : 0;
  switch (m.kind) {
    case 'flip': {
      const out = bytes.slice();
      for (let k = 0; k < m.count && at + k < out.length; k++) out[at + k] = m.value;
      return out;
    }
    case 'cut':
      return bytes.slice(0, at);
    case 'splice': {
      const ins = new TextEncoder().encode(m.text);
      const out = new Uint8Array(bytes.length + ins.length);
      out.set(bytes.subarray(0, at));
      out.set(ins, at);
      out.set(bytes.subarray(at), at + ins.length);
      return out;
    }
    case 'number': {
      const text = new TextDecoder().decode(bytes);
      let n = 0;
      return new TextEncoder().encode(text.replace(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g, (num) => (n++ === m.nth ? m.text : num)));
    }
    default: {
      const never: never = m;
      return never;
    }
  }
}

/** Every number in the statistics is finite: JSON has no NaN, and the definitions say so. */
function expectFinite(value: unknown, where = 'stats'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), where).toBe(true);
  else if (Array.isArray(value)) value.forEach((v, i) => expectFinite(v, `${where}[${i}]`));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) expectFinite(v, `${where}.${k}`);
}

const outcomes = { imported: 0, refused: 0 };

/** Values an event field may be given: the right kind and the wrong kinds, edges included. */
const fieldValue = fc.oneof(
  fc.constantFrom('X', 'B', 'E', 'i', 'I', 's', 't', 'f', 'M', 'C', 'b', 'e', 'n', 'P', ''),
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e15, 1.8e15, 2 ** 53, -(2 ** 53), 1e308, 0.0005, 7 * 24 * 3600 * 1e6 + 1),
  fc.string({ maxLength: 12 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom('name', 'sort_index', 'labels', 'flops', 'bytesMoved', 'peak', 'device'), fc.oneof(fc.string(), fc.double(), fc.boolean())),
);
const FIELDS = ['ph', 'ts', 'dur', 'pid', 'tid', 'name', 'cat', 'id', 'bp', 's', 'args'] as const;
const structural = fc.record({ event: fc.nat(), field: fc.constantFrom(...FIELDS), value: fieldValue, duplicate: fc.boolean() });

/** The seed's events mutated as JSON values: ph, times, lanes, names, flow ids, args. */
function mutateEvents(text: string, ms: readonly (typeof structural extends fc.Arbitrary<infer M> ? M : never)[]): Uint8Array | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined; // a fixture that is broken on purpose: the byte mutations cover it
  }
  const events = Array.isArray(doc) ? doc : (doc as { traceEvents?: unknown[] }).traceEvents;
  if (!Array.isArray(events) || events.length === 0) return undefined;
  for (const m of ms) {
    const i = m.event % events.length;
    const e = { ...(events[i] as Record<string, unknown>) };
    if (m.value === undefined) delete e[m.field];
    else e[m.field] = m.value;
    if (m.duplicate) events.splice(i, 0, e);
    else events[i] = e;
  }
  return new TextEncoder().encode(JSON.stringify(doc));
}

/** The one property: a model with finite statistics, or a TraceFormatError naming the file in one line. */
function check(name: string, bytes: Uint8Array): void {
  let result;
  try {
    result = importTraceBytes(bytes, name);
  } catch (e) {
    if (!(e instanceof TraceFormatError)) throw new Error(`${name}: ${(e as Error).name} escaped the importer: ${(e as Error).message}`, { cause: e });
    expect(e.message.startsWith(`${name}: `)).toBe(true);
    expect(e.message).not.toContain('\n');
    outcomes.refused++;
    return;
  }
  expectFinite(computeStats(result.trace, result.source));
  outcomes.imported++;
}

describe('importers under mutated real traces', () => {
  const all = seeds();

  it(`imports or refuses in one line, never anything else (${RUNS} byte and ${RUNS} event mutants, seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, ms) => {
        const seed = all[which]!;
        check(seed.name, ms.reduce(apply, seed.bytes));
      }),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), fc.array(structural, { minLength: 1, maxLength: 6 }), (which, ms) => {
        const seed = all[which]!;
        const bytes = mutateEvents(new TextDecoder().decode(seed.bytes), ms);
        if (bytes === undefined) return;
        check(seed.name, bytes);
      }),
      { seed: SEED + 1, numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    // Both outcomes occur: the mutants reach the model, not only the parser's first check.
    expect(outcomes.imported).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    if (process.env['PARASCOPE_FUZZ_RUNS']) console.log(`importers: ${JSON.stringify(outcomes)}`);
  }, 120_000);
});
