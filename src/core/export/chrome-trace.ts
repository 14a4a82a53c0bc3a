/**
 * Writes a trace model as Chrome Trace Event JSON, object form
 * (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU), which
 * Perfetto UI and chrome://tracing open unchanged:
 * - `M` events name processes (adapters, host) and threads (queues, CPU lanes) and sort them;
 * - `X` events carry the ops (`ts`/`dur` in µs; ns survive as three decimals), `cat` = op kind;
 * - `s`/`f` flow events (`bp: "e"`) carry dependencies: `s` at the source op's start on its lane,
 *   `f` at the target op's start, so both bind to their enclosing slice;
 * - phases and the run are `X` events with `cat: "phase"` on a "Phases" thread of the host
 *   process, nested, so Perfetto shows them as a ruler above the host lanes.
 * A Parascope trace also carries the `parascope` header (schema `parascope.trace/1`).
 */
import type { Trace, TraceMeta, Phase } from '../model.js';

export const PHASE_CATEGORY = 'phase';
export const FLOW_NAME = 'dependency';

export interface ChromeEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: number | string;
  bp?: string;
  /** Scope of an instant: thread, process or global. */
  s?: 't' | 'p' | 'g';
  args?: Record<string, unknown>;
}

export interface ParascopeHeader extends TraceMeta {
  readonly phases: readonly (Phase & { readonly wallMs: number })[];
}

export interface ChromeTraceDocument {
  displayTimeUnit: 'ns' | 'ms';
  traceEvents: ChromeEvent[];
  /** The format's free-form metadata; Parascope keeps a foreign trace's device properties and epoch here. */
  otherData?: { parascopeDevices?: readonly Readonly<Record<string, unknown>>[]; parascopeEpochNs?: string };
  parascope?: ParascopeHeader;
}

const us = (t: number): number => t / 1000;

/** Host process's thread that holds the phase ruler; far above any tid we allocate. */
export const PHASE_TID = 999_999;

export function toChromeTrace(trace: Trace): ChromeTraceDocument {
  const events: ChromeEvent[] = [];
  for (const p of trace.processes) {
    events.push({ ph: 'M', name: 'process_name', pid: p.pid, tid: 0, args: { name: p.name } });
    events.push({ ph: 'M', name: 'process_sort_index', pid: p.pid, tid: 0, args: { sort_index: p.sortIndex } });
    if (p.labels !== undefined) events.push({ ph: 'M', name: 'process_labels', pid: p.pid, tid: 0, args: { labels: p.labels } });
  }
  const laneById = new Map(trace.lanes.map((l) => [l.id, l]));
  for (const l of trace.lanes) {
    events.push({ ph: 'M', name: 'thread_name', pid: l.pid, tid: l.tid, args: { name: l.name } });
    events.push({ ph: 'M', name: 'thread_sort_index', pid: l.pid, tid: l.tid, args: { sort_index: l.sortIndex } });
  }
  const meta = trace.meta;
  if (meta && trace.phases.length > 0) {
    const hostPid = meta.hostPid;
    events.push({ ph: 'M', name: 'thread_name', pid: hostPid, tid: PHASE_TID, args: { name: 'Phases' } });
    events.push({ ph: 'M', name: 'thread_sort_index', pid: hostPid, tid: PHASE_TID, args: { sort_index: -1 } });
    events.push({
      ph: 'X',
      cat: PHASE_CATEGORY,
      name: `run: ${meta.experiment.id}`,
      pid: hostPid,
      tid: PHASE_TID,
      ts: us(meta.run.start),
      dur: us(meta.run.end - meta.run.start),
    });
    for (const ph of trace.phases) {
      events.push({
        ph: 'X',
        cat: PHASE_CATEGORY,
        name: ph.name,
        pid: hostPid,
        tid: PHASE_TID,
        ts: us(ph.start),
        dur: us(ph.end - ph.start),
        ...(ph.round !== undefined ? { args: { round: ph.round } } : {}),
      });
    }
  }
  for (const op of trace.ops) {
    const lane = laneById.get(op.laneId);
    if (!lane) throw new Error(`op ${op.id} '${op.name}' is on unknown lane ${op.laneId}`);
    const ev: ChromeEvent = { ph: 'X', cat: op.kind, name: op.name, pid: lane.pid, tid: lane.tid, ts: us(op.start), dur: us(op.dur) };
    if (op.args && Object.keys(op.args).length > 0) ev.args = { ...op.args };
    events.push(ev);
  }
  for (const inst of trace.instants ?? []) {
    const lane = inst.laneId === undefined ? undefined : laneById.get(inst.laneId);
    events.push(
      lane
        ? { ph: 'i', name: inst.name, pid: lane.pid, tid: lane.tid, ts: us(inst.ts), s: 't' }
        : { ph: 'i', name: inst.name, pid: trace.processes[0]?.pid ?? 0, tid: 0, ts: us(inst.ts), s: 'g' },
    );
  }
  // Counter tracks back as C events, one per sample and series (Perfetto and chrome://tracing
  // merge a track's series by name).
  for (const c of trace.counters ?? []) {
    for (const series of c.series) {
      series.ts.forEach((t, i) =>
        events.push({
          ph: 'C',
          name: c.event.name,
          ...(c.event.id !== undefined ? { id: c.event.id } : {}),
          pid: c.pid,
          tid: 0,
          ts: us(t),
          args: { [series.name]: series.values[i]! },
        }),
      );
    }
  }
  trace.deps.forEach((d, i) => {
    const a = trace.ops[d.from];
    const b = trace.ops[d.to];
    if (!a || !b) throw new Error(`dependency ${i} names a missing op (${d.from} → ${d.to})`);
    const la = laneById.get(a.laneId)!;
    const lb = laneById.get(b.laneId)!;
    const cat = `dep.${d.kind}`;
    events.push({ ph: 's', id: i + 1, name: FLOW_NAME, cat, pid: la.pid, tid: la.tid, ts: us(a.start) });
    events.push({ ph: 'f', bp: 'e', id: i + 1, name: FLOW_NAME, cat, pid: lb.pid, tid: lb.tid, ts: us(b.start) });
  });
  const doc: ChromeTraceDocument = { displayTimeUnit: 'ns', traceEvents: events };
  if (trace.devices || trace.epochNs) {
    doc.otherData = { ...(trace.devices ? { parascopeDevices: trace.devices } : {}), ...(trace.epochNs ? { parascopeEpochNs: trace.epochNs } : {}) };
  }
  if (meta) {
    // `judging` says how an opened trace was judged (docs/metrics.md "Judged afresh"): the opener's,
    // not the file's. The verdicts written are the ones the recording was judged with, so that
    // saving an opened recording again loses nothing: today's judge judges it afresh on every open.
    const { judging, ...header } = meta;
    const verdicts = judging?.recordedVerdicts ?? meta.verdicts;
    doc.parascope = { ...header, verdicts, phases: trace.phases.map((p) => ({ ...p, wallMs: (p.end - p.start) / 1e6 })) };
  }
  return doc;
}
