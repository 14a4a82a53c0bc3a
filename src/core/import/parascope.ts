/**
 * Importer for Parascope's own traces: Chrome Trace Event JSON (object form) with a top-level
 * `parascope` header of schema `parascope.trace/1` (docs/trace-format.md).
 *
 * Supported: everything the exporter writes — `M` process/thread names and sort indices, `X` ops
 * whose `cat` is an op kind, `X` phase events (`cat: "phase"`: the ruler Perfetto shows; phases
 * come from the header), `s`/`f` flows whose `cat` is `dep.<kind>`. Times keep their origin
 * (the header's `originHostNs`). The header is validated with zod; a violation names its JSON path.
 */
import { z } from 'zod';
import { DEP_KINDS, HOLDS_WHEN, MEASURE_UNITS, OP_KINDS, SEVERITIES, VERDICT_STATES, type DepKind, type OpKind, type Trace, type TraceMeta } from '../model.js';
import { ns } from '../time.js';
import { PHASE_CATEGORY, PHASE_TID } from '../export/chrome-trace.js';
import { TraceFormatError } from './errors.js';
import { buildModel } from './build-model.js';
import { scanTraceDocument, type ScannedDoc } from './trace-scan.js';
import type { ImportResult } from './types.js';

export const SCHEMA = 'parascope.trace/1';

const nsInt = z.number().int().refine(Number.isSafeInteger, 'not a safe integer');
const argValue = z.union([z.string(), z.number(), z.boolean()]);

const headerSchema = z.object({
  schema: z.literal(SCHEMA),
  tool: z.object({ name: z.literal('parascope'), version: z.string() }),
  host: z.object({ hostname: z.string(), platform: z.string(), cpus: z.string(), node: z.string() }),
  originHostNs: z.string().regex(/^\d+$/),
  recordedAt: z.string(),
  experiment: z.object({ id: z.string(), title: z.string(), question: z.string(), method: z.string().exactOptional(), params: z.record(z.string(), argValue) }),
  adapters: z.array(
    z.object({
      name: z.string(),
      vendor: z.string(),
      architecture: z.string(),
      device: z.string(),
      description: z.string(),
      backend: z.string(),
      timestampQuery: z.boolean(),
      isFallback: z.boolean().exactOptional(),
    }),
  ),
  topology: z.string(),
  hostPid: z.number().int(),
  run: z.object({ start: nsInt, end: nsInt }),
  calibration: z.array(
    z.object({
      method: z.string(),
      device: z.string(),
      offsetNs: z.string().regex(/^-?\d+$/),
      uncertaintyNs: z.number().nonnegative(),
      samples: z.number().int(),
      driftNs: z.number().exactOptional(),
    }),
  ),
  checks: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean(),
      samples: z.number().int(),
      maxAbsError: z.number(),
      maxRelError: z.number(),
      tolerance: z.string(),
    }),
  ),
  verdicts: z.array(
    z.object({
      claim: z.string(),
      holds: z.boolean(),
      evidence: z.string(),
      state: z.enum(VERDICT_STATES).exactOptional(),
      severity: z.enum(SEVERITIES).exactOptional(),
      runs: z.number().int().positive().exactOptional(),
      measure: z
        .object({
          name: z.string(),
          unit: z.enum(MEASURE_UNITS),
          threshold: z.number().finite(),
          holdsWhen: z.enum(HOLDS_WHEN),
          value: z.number().finite(),
          values: z.array(z.number().finite()),
          interval: z.tuple([z.number().finite(), z.number().finite()]).exactOptional(),
        })
        .exactOptional(),
      heldIn: z.number().int().nonnegative().exactOptional(),
    }),
  ),
  comparisons: z.array(z.object({ separate: z.array(z.string()), together: z.string() })).exactOptional(),
  sweeps: z
    .array(
      z.object({
        title: z.string(),
        parameter: z.string(),
        baseline: z.string(),
        arrangements: z.array(z.string()),
        points: z.array(z.object({ value: z.number().finite(), phases: z.record(z.string(), z.string()) })),
        threshold: z.number().finite().positive().exactOptional(),
      }),
    )
    .exactOptional(),
  notes: z.array(z.string()),
  // `round`: which round of a repeated recording (revision 2); traces from before it have none.
  phases: z.array(z.object({ name: z.string(), start: nsInt, end: nsInt, wallMs: z.number(), round: z.number().int().min(1).exactOptional() })),
});

export function detectParascope(doc: ScannedDoc): boolean {
  const h = doc.top['parascope'];
  return typeof h === 'object' && h !== null && (h as { schema?: unknown }).schema === SCHEMA;
}

function describe(issue: z.core.$ZodIssue, root: string): string {
  const path = [root, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('');
  return `${path.replace(/\.\[/g, '[')}: ${issue.message}`;
}

const KINDS = new Set<string>(OP_KINDS);
const DEPS = new Set<string>(DEP_KINDS);

export function importParascope(doc: ScannedDoc, file: string): ImportResult {
  const header = headerSchema.safeParse(doc.top['parascope']);
  if (!header.success) throw new TraceFormatError(describe(header.error.issues[0]!, 'parascope'));
  const h = header.data;
  const host = String(h.hostPid);
  const { trace } = buildModel(
    doc,
    {
      keepTimes: true,
      kindOf: (cat) => (KINDS.has(cat) ? (cat as OpKind) : cat === PHASE_CATEGORY ? { ignore: true } : { skip: `an op of unknown kind "${cat}"` }),
      keepEmptyLane: (pid, tid) => !(pid === host && tid === String(PHASE_TID)),
      laneKind: (pid) => (pid === host ? 'cpu' : 'gpu'),
      depKind: (cat) => {
        const k = cat.replace(/^dep\./, '');
        return DEPS.has(k) ? (k as DepKind) : 'data';
      },
    },
    doc.warnings,
  );
  const { phases, ...rest } = h;
  const meta: TraceMeta = { ...rest, run: { start: ns(h.run.start), end: ns(h.run.end) } };
  return {
    trace: {
      ...trace,
      meta,
      phases: phases.map((p) => ({ name: p.name, start: ns(p.start), end: ns(p.end), ...(p.round !== undefined ? { round: p.round } : {}) })),
    },
    source: { file, format: 'parascope', events: doc.events, warnings: doc.warnings.count, warningSamples: doc.warnings.samples },
  };
}

/** A Parascope trace document already in memory (the recorder's answer) as a model. */
export function parascopeDocumentToTrace(doc: unknown): Trace {
  const scanned = scanTraceDocument(new TextEncoder().encode(JSON.stringify(doc)));
  if (!detectParascope(scanned)) throw new TraceFormatError(`not a Parascope trace (no "parascope" header with schema "${SCHEMA}")`);
  return importParascope(scanned, '(recording)').trace;
}
