/**
 * Importer for Parascope's own traces: Chrome Trace Event JSON (object form) with a top-level
 * `parascope` header of schema `parascope.trace/1` (docs/trace-format.md).
 *
 * Supported: everything the exporter writes — `M` process/thread names and sort indices, `X` ops
 * whose `cat` is an op kind, `X` phase events (`cat: "phase"`, skipped: phases come from the
 * header), `s`/`f` flows bound by the Trace Event Format's rules. The header is validated with
 * zod; a violation names its JSON path.
 */
import { z } from 'zod';
import { DEP_KINDS, laneId, OP_KINDS, type Dep, type DepKind, type Lane, type Op, type OpKind, type Trace, type TraceMeta, type TraceProcess } from '../model.js';
import { ns, usToNs, type Ns } from '../time.js';
import { PHASE_CATEGORY } from '../export/chrome-trace.js';
import { LaneIndex } from './flow-binding.js';
import { TraceFormatError } from './errors.js';

export const SCHEMA = 'parascope.trace/1';

const nsInt = z.number().int().refine(Number.isSafeInteger, 'not a safe integer');
const argValue = z.union([z.string(), z.number(), z.boolean()]);

const headerSchema = z.object({
  schema: z.literal(SCHEMA),
  tool: z.object({ name: z.literal('parascope'), version: z.string() }),
  host: z.object({ hostname: z.string(), platform: z.string(), cpus: z.string(), node: z.string() }),
  originHostNs: z.string().regex(/^\d+$/),
  recordedAt: z.string(),
  experiment: z.object({ id: z.string(), title: z.string(), question: z.string(), params: z.record(z.string(), argValue) }),
  adapters: z.array(
    z.object({
      name: z.string(), vendor: z.string(), architecture: z.string(), device: z.string(), description: z.string(),
      backend: z.string(), timestampQuery: z.boolean(), isFallback: z.boolean().optional(),
    }),
  ),
  topology: z.string(),
  hostPid: z.number().int(),
  run: z.object({ start: nsInt, end: nsInt }),
  calibration: z.array(
    z.object({
      method: z.string(), device: z.string(), offsetNs: z.string().regex(/^-?\d+$/), uncertaintyNs: z.number().nonnegative(),
      samples: z.number().int(), driftNs: z.number().optional(),
    }),
  ),
  checks: z.array(
    z.object({
      name: z.string(), passed: z.boolean(), samples: z.number().int(), maxAbsError: z.number(), maxRelError: z.number(), tolerance: z.string(),
    }),
  ),
  verdicts: z.array(z.object({ claim: z.string(), holds: z.boolean(), evidence: z.string() })),
  notes: z.array(z.string()),
  phases: z.array(z.object({ name: z.string(), start: nsInt, end: nsInt, wallMs: z.number() })),
});

const eventSchema = z.object({
  ph: z.string(),
  name: z.string(),
  pid: z.number().int(),
  tid: z.number().int(),
  ts: z.number().finite().optional(),
  dur: z.number().finite().nonnegative().optional(),
  cat: z.string().optional(),
  id: z.number().int().optional(),
  bp: z.string().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});

export function detectParascope(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) &&
    typeof (doc as { parascope?: { schema?: unknown } }).parascope === 'object' &&
    (doc as { parascope: { schema?: unknown } }).parascope?.schema === SCHEMA;
}

function describe(issue: z.core.$ZodIssue, root: string): string {
  const path = [root, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('');
  return `${path.replace(/\.\[/g, '[')}: ${issue.message}`;
}

export function importParascope(doc: unknown): Trace {
  if (!detectParascope(doc)) throw new TraceFormatError(`not a Parascope trace (no "parascope" header with schema "${SCHEMA}")`);
  const raw = doc as { parascope: unknown; traceEvents?: unknown };
  const header = headerSchema.safeParse(raw.parascope);
  if (!header.success) throw new TraceFormatError(describe(header.error.issues[0]!, 'parascope'));
  if (!Array.isArray(raw.traceEvents)) throw new TraceFormatError('traceEvents: expected an array');

  const h = header.data;
  const processes = new Map<number, { name: string; sortIndex: number }>();
  const threads = new Map<string, { pid: number; tid: number; name: string; sortIndex: number }>();
  const ops: Op[] = [];
  const flowStarts = new Map<number, { lane: string; ts: Ns; cat: string }>();
  const flowEnds: { id: number; lane: string; ts: Ns; cat: string; bp?: string }[] = [];

  raw.traceEvents.forEach((rawEv, i) => {
    const parsed = eventSchema.safeParse(rawEv);
    if (!parsed.success) throw new TraceFormatError(describe(parsed.error.issues[0]!, `traceEvents[${i}]`));
    const ev = parsed.data;
    const lane = laneId(ev.pid, ev.tid);
    switch (ev.ph) {
      case 'M': {
        const value = ev.args?.['name'] ?? ev.args?.['sort_index'];
        if (ev.name === 'process_name' && typeof value === 'string') processes.set(ev.pid, { ...(processes.get(ev.pid) ?? { sortIndex: ev.pid }), name: value });
        else if (ev.name === 'process_sort_index' && typeof value === 'number') processes.set(ev.pid, { ...(processes.get(ev.pid) ?? { name: `process ${ev.pid}` }), sortIndex: value });
        else if (ev.name === 'thread_name' && typeof value === 'string') threads.set(lane, { ...(threads.get(lane) ?? { pid: ev.pid, tid: ev.tid, sortIndex: ev.tid }), name: value });
        else if (ev.name === 'thread_sort_index' && typeof value === 'number') threads.set(lane, { ...(threads.get(lane) ?? { pid: ev.pid, tid: ev.tid, name: `thread ${ev.tid}` }), sortIndex: value });
        return;
      }
      case 'X': {
        if (ev.cat === PHASE_CATEGORY) return;
        if (ev.ts === undefined || ev.dur === undefined) throw new TraceFormatError(`traceEvents[${i}]: an X event needs ts and dur`);
        if (!OP_KINDS.includes(ev.cat as OpKind)) throw new TraceFormatError(`traceEvents[${i}]: unknown op kind "${ev.cat}"`);
        const args = ev.args ? Object.fromEntries(Object.entries(ev.args).filter(([, v]) => argValue.safeParse(v).success)) as Record<string, string | number | boolean> : undefined;
        ops.push({ id: ops.length, laneId: lane, name: ev.name, kind: ev.cat as OpKind, start: usToNs(ev.ts), dur: usToNs(ev.dur), ...(args ? { args } : {}) });
        return;
      }
      case 's':
        if (ev.id === undefined || ev.ts === undefined) throw new TraceFormatError(`traceEvents[${i}]: a flow event needs id and ts`);
        flowStarts.set(ev.id, { lane, ts: usToNs(ev.ts), cat: ev.cat ?? '' });
        return;
      case 'f':
        if (ev.id === undefined || ev.ts === undefined) throw new TraceFormatError(`traceEvents[${i}]: a flow event needs id and ts`);
        flowEnds.push({ id: ev.id, lane, ts: usToNs(ev.ts), cat: ev.cat ?? '', ...(ev.bp ? { bp: ev.bp } : {}) });
        return;
      default:
        throw new TraceFormatError(`traceEvents[${i}]: event phase "${ev.ph}" is not written by Parascope`);
    }
  });

  const index = new LaneIndex(ops);
  const deps: Dep[] = [];
  for (const end of flowEnds) {
    const start = flowStarts.get(end.id);
    if (!start) throw new TraceFormatError(`flow ${end.id}: has an end but no start`);
    const from = index.enclosing(start.lane, start.ts);
    const to = end.bp === 'e' ? index.enclosing(end.lane, end.ts) : index.nextStarting(end.lane, end.ts);
    if (!from || !to) throw new TraceFormatError(`flow ${end.id}: does not bind to an op on lane ${from ? end.lane : start.lane}`);
    const kind = start.cat.replace(/^dep\./, '');
    if (!DEP_KINDS.includes(kind as DepKind)) throw new TraceFormatError(`flow ${end.id}: unknown dependency kind "${start.cat}"`);
    deps.push({ from: from.id, to: to.id, kind: kind as DepKind });
  }

  const lanes: Lane[] = [...threads.entries()]
    .filter(([, t]) => t.tid !== undefined && !(t.pid === h.hostPid && t.name === 'Phases'))
    .map(([id, t]) => ({ id, pid: t.pid, tid: t.tid, name: t.name, kind: t.pid === h.hostPid ? 'cpu' : 'gpu', sortIndex: t.sortIndex }));
  const procs: TraceProcess[] = [...processes.entries()].map(([pid, p]) => ({ pid, name: p.name, sortIndex: p.sortIndex }));
  const { phases, ...rest } = h;
  const meta: TraceMeta = { ...rest, run: { start: ns(h.run.start), end: ns(h.run.end) } };
  return {
    meta,
    processes: procs,
    lanes,
    ops,
    deps,
    phases: phases.map((p) => ({ name: p.name, start: ns(p.start), end: ns(p.end) })),
  };
}
