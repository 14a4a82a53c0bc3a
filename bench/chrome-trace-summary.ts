/**
 * Reads a Chromium performance trace (CDP Tracing, as bench/timeline-perf.ts --chrome-trace writes
 * it) and says where the time of chosen windows went: on the page's main thread, the self time
 * of each trace event name (Layout, UpdateLayoutTree, Paint, MinorGC, FunctionCall, …) and the
 * JavaScript functions the V8 sampler saw (self and inclusive); on the page's other threads
 * (compositor, raster), the busy time of each event name. The benchmark asks it about its
 * slowest frames and about the span from `parascope:parsed` to the first frame.
 *
 *   node dist/bench/chrome-trace-summary.js TRACE.json
 */
import { readFileSync } from 'node:fs';

interface RawEvent {
  readonly ph: string;
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly id?: string | number;
  readonly args?: Record<string, unknown>;
}

interface Span {
  readonly name: string;
  readonly ts: number;
  readonly end: number;
  /** Time not covered by a nested span, µs. */
  self: number;
}

interface ProfileNode {
  readonly id: number;
  readonly parent?: number;
  readonly callFrame: { readonly functionName: string; readonly url?: string; readonly lineNumber?: number };
}

export interface TraceModel {
  /** The page's renderer process and main thread. */
  readonly pid: number;
  readonly mainTid: number;
  /** Spans of every thread of the page's process, by tid, sorted by start. */
  readonly spans: ReadonlyMap<number, readonly Span[]>;
  readonly threadNames: ReadonlyMap<number, string>;
  /** Timestamps (µs) of user-timing marks by name. */
  readonly marks: ReadonlyMap<string, readonly number[]>;
  /** CPU samples of the page's JavaScript (the main thread's isolate): time (µs) and stack (function names, leaf first). */
  readonly samples: readonly { readonly ts: number; readonly stack: readonly string[] }[];
}

export function readTrace(file: string): TraceModel {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: RawEvent[] } | RawEvent[];
  const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
  return modelOf(events);
}

export function modelOf(events: readonly RawEvent[]): TraceModel {
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, String((e.args as { name?: string })?.name ?? ''));
  // The page: the process of the benchmark's marks (there may be other renderers: about:blank).
  const marks = new Map<string, number[]>();
  let pid: number | undefined;
  for (const e of events) {
    const cat = (e as { cat?: string }).cat ?? '';
    if (!cat.includes('blink.user_timing') || e.ph === 'M') continue;
    if (e.name.startsWith('parascope:') || e.name.startsWith('bench:')) {
      pid ??= e.pid;
      if (e.pid !== pid) continue;
      const list = marks.get(e.name) ?? [];
      list.push(e.ts);
      marks.set(e.name, list);
    }
  }
  if (pid === undefined) throw new Error('the trace holds no parascope:/bench: user-timing marks (was blink.user_timing recorded?)');
  let mainTid = -1;
  for (const [key, name] of threadNames) if (name === 'CrRendererMain' && key.startsWith(`${pid}:`)) mainTid = Number(key.split(':')[1]);

  const open = new Map<number, RawEvent[]>();
  const byThread = new Map<number, Span[]>();
  const add = (tid: number, s: Span): void => {
    const list = byThread.get(tid) ?? [];
    list.push(s);
    byThread.set(tid, list);
  };
  for (const e of events) {
    if (e.pid !== pid) continue;
    if (e.ph === 'X' && typeof e.dur === 'number') add(e.tid, { name: e.name, ts: e.ts, end: e.ts + e.dur, self: e.dur });
    else if (e.ph === 'B') {
      const st = open.get(e.tid) ?? [];
      st.push(e);
      open.set(e.tid, st);
    } else if (e.ph === 'E') {
      const b = open.get(e.tid)?.pop();
      if (b) add(e.tid, { name: b.name, ts: b.ts, end: e.ts, self: e.ts - b.ts });
    }
  }
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.end - a.end);
    // Self time: each span's duration less its direct children's.
    const stack: Span[] = [];
    for (const s of list) {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= s.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) parent.self -= Math.min(s.end, parent.end) - s.ts;
      stack.push(s);
    }
  }

  const samples: { ts: number; stack: string[] }[] = [];
  const nodes = new Map<string, Map<number, ProfileNode>>();
  const clock = new Map<string, number>();
  for (const e of events) {
    // Profile is on the main thread, its chunks on the sampler's thread: matched by id within the process.
    if (e.pid !== pid || (e.name !== 'Profile' && e.name !== 'ProfileChunk')) continue;
    const data = (e.args as { data?: Record<string, unknown> } | undefined)?.data;
    if (!data) continue;
    const key = String(e.id ?? '');
    if (e.name === 'Profile') clock.set(key, Number(data['startTime']));
    if (e.name !== 'ProfileChunk') continue;
    const prof = data['cpuProfile'] as { nodes?: ProfileNode[]; samples?: number[] } | undefined;
    const byId = nodes.get(key) ?? new Map<number, ProfileNode>();
    nodes.set(key, byId);
    for (const n of prof?.nodes ?? []) byId.set(n.id, n);
    const deltas = (data['timeDeltas'] as number[] | undefined) ?? [];
    let t = clock.get(key) ?? e.ts;
    (prof?.samples ?? []).forEach((id, i) => {
      t += deltas[i] ?? 0;
      const stack: string[] = [];
      for (let n = byId.get(id); n; n = n.parent === undefined ? undefined : byId.get(n.parent)) stack.push(nameOf(n));
      samples.push({ ts: t, stack });
    });
    clock.set(key, t);
  }

  const names = new Map<number, string>();
  for (const [key, name] of threadNames) if (key.startsWith(`${pid}:`)) names.set(Number(key.split(':')[1]), name);
  return { pid, mainTid, spans: byThread, threadNames: names, marks, samples };
}

function nameOf(n: ProfileNode): string {
  const f = n.callFrame;
  if (!f.functionName) return f.url ? '(anonymous)' : '(program)';
  return f.functionName;
}

export interface WindowCost {
  readonly ms: number;
  /** Main thread self time by event name, ms, most first. */
  readonly main: readonly [string, number][];
  /** JS functions on the main thread: self and inclusive sampled time, ms, most first. */
  readonly jsSelf: readonly [string, number][];
  readonly jsTotal: readonly [string, number][];
  /** Other threads of the page: busy time (top-level spans) by "thread / event", ms. */
  readonly other: readonly [string, number][];
}

/** Where the time of the windows [from, to) µs went, summed over them. */
export function costOf(model: TraceModel, windows: readonly (readonly [number, number])[], top = 10): WindowCost {
  const main = new Map<string, number>();
  const other = new Map<string, number>();
  const jsSelf = new Map<string, number>();
  const jsTotal = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  for (const [a, b] of windows) {
    total += b - a;
    for (const [tid, list] of model.spans) {
      const thread = model.threadNames.get(tid) ?? `tid ${tid}`;
      let coveredTo = -Infinity;
      for (const s of list) {
        if (s.end <= a || s.ts >= b) continue;
        const clipped = Math.min(s.end, b) - Math.max(s.ts, a);
        if (tid === model.mainTid) bump(main, s.name, (s.self * clipped) / Math.max(1e-9, s.end - s.ts));
        else if (s.ts >= coveredTo) {
          bump(other, `${thread} / ${s.name}`, clipped); // top-level only: nested spans are inside it
          coveredTo = s.end;
        }
      }
    }
  }
  // A sample stands for the time to the next one.
  const ss = model.samples;
  for (let i = 0; i + 1 < ss.length; i++) {
    const s = ss[i]!;
    if (!windows.some(([a, b]) => s.ts >= a && s.ts < b)) continue;
    const dt = Math.min(ss[i + 1]!.ts - s.ts, 5000);
    bump(jsSelf, s.stack[0] ?? '(none)', dt);
    for (const f of new Set(s.stack)) bump(jsTotal, f, dt);
  }
  const sorted = (m: Map<string, number>): [string, number][] =>
    [...m]
      .map(([k, v]): [string, number] => [k, +(v / 1000).toFixed(2)])
      .sort((x, y) => y[1] - x[1])
      .slice(0, top);
  return { ms: +(total / 1000).toFixed(1), main: sorted(main), jsSelf: sorted(jsSelf), jsTotal: sorted(jsTotal), other: sorted(other) };
}

/** The benchmark's frames (its `bench:frame` marks), the slowest `n` as [start, next start) windows. */
export function slowestFrames(model: TraceModel, n: number): { readonly windows: [number, number][]; readonly intervalsMs: number[] } {
  const ts = [...(model.marks.get('bench:frame') ?? [])].sort((a, b) => a - b);
  const frames: [number, number][] = [];
  for (let i = 0; i + 1 < ts.length; i++) frames.push([ts[i]!, ts[i + 1]!]);
  frames.sort((x, y) => y[1] - y[0] - (x[1] - x[0]));
  const windows = frames.slice(0, n);
  return { windows, intervalsMs: windows.map(([a, b]) => +((b - a) / 1000).toFixed(1)) };
}

export function formatCost(title: string, c: WindowCost): string {
  const list = (label: string, xs: readonly [string, number][]): string => `  ${label}: ${xs.map(([k, v]) => `${k} ${v}`).join(', ') || '—'}`;
  return [
    `${title} (${c.ms} ms of wall time):`,
    list('main thread, self ms by event', c.main),
    list('JS self ms', c.jsSelf),
    list('JS inclusive ms', c.jsTotal),
    list('other threads, busy ms', c.other),
  ].join('\n');
}

/** The text the benchmark prints: the slowest frames against the typical ones, and the first paint. */
export function summarize(model: TraceModel, slowest = 12): string {
  const out: string[] = [];
  const slow = slowestFrames(model, slowest);
  if (slow.windows.length > 0) {
    out.push(`slowest ${slow.windows.length} frame intervals, ms: ${slow.intervalsMs.join(', ')}`);
    out.push(formatCost(`where the slowest ${slow.windows.length} frames went`, costOf(model, slow.windows)));
    const all = slowestFrames(model, Number.MAX_SAFE_INTEGER).windows;
    const typical = all.slice(Math.floor(all.length / 2));
    out.push(formatCost(`the faster half of all frames (${typical.length})`, costOf(model, typical)));
  }
  const parsed = model.marks.get('parascope:parsed')?.[0];
  const first = model.marks.get('parascope:first-frame')?.[0];
  if (parsed !== undefined && first !== undefined) out.push(formatCost('parascope:parsed → parascope:first-frame', costOf(model, [[parsed, first]], 14)));
  return out.join('\n');
}

if (process.argv[1]?.endsWith('chrome-trace-summary.js')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: chrome-trace-summary TRACE.json');
  console.log(summarize(readTrace(file)));
}
