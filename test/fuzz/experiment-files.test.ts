/**
 * Fuzzing the experiment-file loader (issue 10, "keep it held"): the bundled example files, mutated
 * by seeded fast-check as text (bytes flipped, cut short, YAML punctuation spliced in) and as
 * values (any field replaced by a value of another type or an edge: negative, huge, NaN, a long
 * list, a deep mapping). The loader either gives a validated spec or refuses with its one line,
 * `FILE[:LINE]: [field: ]what is wrong`; nothing else may escape. No GPU, no file system beyond
 * the seeds: `file:` WGSL references resolve through the loader's own reader hook.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ExperimentFileError, parseExperimentText } from '../../src/runner/user-experiment/loader.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED = 20261203;
const RUNS = Number(process.env['PARASCOPE_FUZZ_RUNS'] ?? 300);
const EXAMPLES = path.join(ROOT, 'resources/experiments');
const seeds = readdirSync(EXAMPLES).map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8'));
const WGSL = '@group(0) @binding(0) var<storage, read_write> out: array<f32>;\n@compute @workgroup_size(1) fn main() { out[0] = 1.0; }\n';
const outcomes = { loaded: 0, refused: 0 };

function check(text: string): void {
  try {
    parseExperimentText(text, { file: 'fuzz.yaml', dir: '/fuzz', base: 'fuzz.yaml', readText: () => WGSL });
    outcomes.loaded++;
  } catch (e) {
    if (!(e instanceof ExperimentFileError)) throw new Error(`${(e as Error).name} escaped the loader: ${(e as Error).message}`, { cause: e });
    expect(e.message).toMatch(/^fuzz\.yaml(:\d+)?: /);
    expect(e.message).not.toContain('\n');
    outcomes.refused++;
  }
}

const edge = fc.oneof(
  fc.constantFrom(-1, 0, 1, 2 ** 31, 2 ** 53, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, 0.5, 65536, 4096),
  fc.string({ maxLength: 16 }),
  fc.constantFrom(
    'gpu',
    'gpu2',
    'x',
    'y',
    'out',
    'saxpy',
    'read out',
    'host matmul',
    'kernel alone',
    'wgsl',
    'copy',
    'readback',
    'cpu',
    'matmul',
    'file:k.wgsl',
  ),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer({ min: -2, max: 70000 }), { maxLength: 5 }),
  fc.dictionary(
    fc.constantFrom('id', 'kind', 'size', 'buffer', 'after', 'ops', 'repeat', 'n', 'file', 'code', 'device'),
    fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
  ),
);

/** Replaces the value at a path chosen by `picks` (each pick chooses one child) with `value`. */
function replaceAt(doc: unknown, picks: readonly number[], value: unknown): unknown {
  if (picks.length === 0 || doc === null || typeof doc !== 'object') return value;
  const [pick = 0, ...rest] = picks;
  if (Array.isArray(doc)) {
    if (doc.length === 0) return [value];
    const i = pick % doc.length;
    return doc.map((v, k) => (k === i ? replaceAt(v, rest, value) : v));
  }
  const keys = Object.keys(doc);
  if (keys.length === 0) return { x: value };
  const key = keys[pick % keys.length]!;
  return { ...(doc as Record<string, unknown>), [key]: replaceAt((doc as Record<string, unknown>)[key], rest, value) };
}

describe('the experiment-file loader under mutated example files', () => {
  it(`loads or refuses in one line, never anything else (${RUNS} value and ${RUNS} text mutants, seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.record({ picks: fc.array(fc.nat(), { maxLength: 5 }), value: edge }), { minLength: 1, maxLength: 4 }),
        (which, ms) => {
          const doc = ms.reduce((d, m) => replaceAt(d, m.picks, m.value), parse(seeds[which]!) as unknown);
          check(stringify(doc));
        },
      ),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.constant(''), fc.constantFrom(':', '- ', '&a ', '*a', '[', ']', '{', '}', '"', "'", '\t', '\n  ', '!!binary ', '<<: *a', '\u0000', '#')),
        fc.boolean(),
        (which, at, insert, cut) => {
          const text = seeds[which]!;
          const i = Math.floor(at * text.length);
          check(cut ? text.slice(0, i) : text.slice(0, i) + insert + text.slice(i));
        },
      ),
      { seed: SEED + 1, numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    if (process.env['PARASCOPE_FUZZ_RUNS']) console.log(`experiment files: ${JSON.stringify(outcomes)}`);
  }, 120_000);
});
