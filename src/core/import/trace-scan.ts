/**
 * One pass over a Chrome-Trace-Event-shaped document (Chrome/Perfetto JSON, PyTorch/Kineto,
 * Parascope), keeping what the importers need and skipping the rest:
 * - `X` complete events and `B`/`E` pairs (matched per thread with a stack; an `E` with no open
 *   `B`, or a `B` never closed, is skipped with a warning) become slices;
 * - `i`/`I` become instants; `M` process/thread names, labels and sort indices are collected;
 * - `s`/`t`/`f` flow points are kept for binding once all slices are known;
 * - `C` counter samples are kept with their numeric args (each key a series);
 * - any other phase (async, samples, …) is skipped and counted.
 * Both forms are accepted: a bare array (possibly without its closing `]` and with a trailing
 * comma, as a crashed tracer leaves it) and an object with `traceEvents` and other keys.
 * Timestamps are kept as exact integer ns relative to a base (the first event's whole µs): every
 * µs value, 16- and 17-digit Unix-epoch ones and exponent notation included, is read from its
 * digits (exact-time.ts), never through a double, and rounded to the ns once. Offsets from the
 * base are exact up to 2^53 ns (104 days); a trace spanning more is warned about.
 */
import { JsonScanner, type ExactNumber } from './json-scanner.js';
import { roundSub, roundSubSum, splitExact, splitText, wholeUsText, type TimeParts } from './exact-time.js';
import { TraceFormatError } from './errors.js';
import { DEFAULT_MAX_EVENTS, HEAP_BYTES_PER_EVENT, type ImportLimits } from './limits.js';

export type ArgRecord = Record<string, string | number | boolean>;

/**
 * Slices as columns (a million slices as a million objects cost more than the file): slice i has
 * start[i], dur[i] (ns), lane[i] (index into `ScannedDoc.lanes`), name[i] and cat[i] (ids into
 * `ScannedDoc.strings`), args[i].
 */
export class SliceColumns {
  n = 0;
  start: Float64Array;
  dur: Float64Array;
  lane: Int32Array;
  name: Int32Array;
  cat: Int32Array;
  readonly args: (ArgRecord | undefined)[] = [];

  /**
   * `capacity` is an upper bound guessed from the file size: typed arrays are zero pages until
   * written, so a generous guess costs no memory, while growing by copying would briefly hold
   * two copies of every column.
   */
  constructor(capacity = 1024) {
    this.start = new Float64Array(capacity);
    this.dur = new Float64Array(capacity);
    this.lane = new Int32Array(capacity);
    this.name = new Int32Array(capacity);
    this.cat = new Int32Array(capacity);
  }

  push(start: number, dur: number, lane: number, name: number, cat: number, args: ArgRecord | undefined): void {
    if (this.n === this.start.length) this.grow();
    const i = this.n++;
    this.start[i] = start;
    this.dur[i] = dur;
    this.lane[i] = lane;
    this.name[i] = name;
    this.cat[i] = cat;
    this.args.push(args);
  }

  private grow(): void {
    const cap = Math.max(1024, this.start.length * 2);
    const f = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.start = f(this.start);
    this.dur = f(this.dur);
    this.lane = g(this.lane);
    this.name = g(this.name);
    this.cat = g(this.cat);
  }
}

/** A thread as the file names it: pid and tid as written (number or string), as text. */
export interface ScannedLane {
  readonly pid: string;
  readonly tid: string;
}

export interface ScannedFlow {
  readonly ph: 's' | 't' | 'f';
  readonly key: string;
  /** Index into `ScannedDoc.lanes`. */
  readonly lane: number;
  readonly ts: number;
  readonly bindEnclosing: boolean;
  readonly cat: string;
  readonly order: number;
}

export interface ScannedInstant {
  /** Index into `ScannedDoc.lanes`; for a process- or global-scoped instant, the lane it was written on. */
  readonly lane: number;
  readonly threadScoped: boolean;
  readonly name: string;
  readonly ts: number;
}

/** One `C` event: its process (as written), counter name (and id), time and numeric args. */
export interface ScannedCounter {
  readonly pid: string;
  readonly name: string;
  readonly id: string;
  readonly ts: number;
  readonly values: readonly (readonly [string, number])[];
}

export interface ScannedDoc {
  readonly form: 'array' | 'object';
  /** Top-level keys other than traceEvents, parsed (only for the object form). */
  readonly top: Record<string, unknown>;
  /** Raw text of top-level numbers (e.g. baseTimeNanoseconds exceeds 2^53). */
  readonly topNumberText: Record<string, string>;
  readonly events: number;
  readonly slices: SliceColumns;
  /** Every thread seen (by a slice, flow, instant or metadata), in order of first appearance. */
  readonly lanes: readonly ScannedLane[];
  /** Interned strings: names and categories of slices are ids into this. */
  readonly strings: readonly string[];
  readonly flows: ScannedFlow[];
  readonly instants: ScannedInstant[];
  readonly counters: ScannedCounter[];
  readonly processNames: Map<string, string>;
  readonly processLabels: Map<string, string>;
  readonly processSort: Map<string, number>;
  /** By lane index. */
  readonly threadNames: Map<number, string>;
  readonly threadSort: Map<number, number>;
  /** Whole µs subtracted from every timestamp (the first one's, floored; exact below 2^53). */
  readonly baseUs: number;
  /** The same, as exact decimal text (a 17-digit base is past what a double holds). */
  readonly baseUsText: string;
  readonly warnings: Warnings;
}

export class Warnings {
  count = 0;
  readonly samples: string[] = [];
  add(reason: string): void {
    this.count++;
    if (this.samples.length < 5 && !this.samples.includes(reason)) this.samples.push(reason);
  }
}

/**
 * |timestamp| accepted, µs: below 10^17, i.e. up to 17 integer digits. Unix-epoch µs are 16
 * digits (1.8 × 10^15 in 2027); 10^17 µs is 3,000 years, beyond any real clock.
 */
const MAX_ABS_US = 1e17;
/** Offsets from the base above this many ns are no longer exact as doubles (docs/metrics.md). */
const MAX_EXACT_NS = Number.MAX_SAFE_INTEGER;
/** Longest duration accepted, µs (a week): longer ones are corrupt, not slow. */
const MAX_DUR_US = 7 * 24 * 3600 * 1e6;

const UTF8 = new TextDecoder();
/** The event keys we read, as bytes for JsonScanner.readKey; the K_ constants index them. */
const EVENT_KEYS = ['ph', 'name', 'cat', 'pid', 'tid', 'id', 'bp', 's', 'ts', 'dur', 'args'].map((k) => new TextEncoder().encode(k));
const [K_PH, K_NAME, K_CAT, K_PID, K_TID, K_ID, K_BP, K_S, K_TS, K_DUR, K_ARGS] = EVENT_KEYS.map((_, i) => i);
const Q = 34;
const COMMA = 44;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

interface EventFields {
  ph: string;
  name: number;
  cat: number;
  pid: number | string;
  tid: number | string;
  hasTs: boolean;
  /** The ts, split exactly (exact-time.ts). */
  ts: TimeParts;
  hasDur: boolean;
  /** The dur's whole ns (below 2^53: a week at most) and its sub-ns decimals. */
  durNs: number;
  durSub: string;
  id: number | string;
  bp: string;
  scope: string;
  args: ArgRecord | undefined;
  bad: string;
}

export function scanTraceDocument(buf: Uint8Array, limits: ImportLimits = { maxEvents: DEFAULT_MAX_EVENTS }): ScannedDoc {
  const sc: JsonScanner = new JsonScanner(buf);
  const first = sc.peek();
  if (first === -1) throw new TraceFormatError('the file is empty');
  const top: Record<string, unknown> = {};
  const topNumberText: Record<string, string> = {};
  const state = new ScanState(sc, limits);
  let form: 'array' | 'object';
  if (first === LBRACKET) {
    form = 'array';
    state.readEvents(true);
    if (!sc.atEnd()) sc.fail('unexpected data after the event array');
  } else if (first === LBRACE) {
    form = 'object';
    sc.pos++;
    let seenEvents = false;
    if (sc.peek() === RBRACE) sc.pos++;
    else {
      for (;;) {
        const key = sc.readString();
        sc.expect(COLON, "':'");
        if (key === 'traceEvents') {
          if (sc.peek() !== LBRACKET) sc.fail('traceEvents must be an array');
          state.readEvents(false);
          seenEvents = true;
        } else {
          const c = sc.peek();
          if (c === 45 || (c >= 48 && c <= 57)) {
            const s0 = sc.pos;
            top[key] = sc.readNumber().value;
            topNumberText[key] = new TextDecoder().decode(buf.subarray(s0, sc.pos));
          } else top[key] = sc.parseValue();
        }
        const c = sc.peek();
        if (c === COMMA) {
          sc.pos++;
          continue;
        }
        if (c === RBRACE) {
          sc.pos++;
          break;
        }
        sc.fail(c === -1 ? 'file ends inside the top-level object (truncated?)' : "expected ',' or '}' in the top-level object");
      }
    }
    if (!sc.atEnd()) sc.fail('unexpected data after the top-level object');
    if (!seenEvents) throw new TraceFormatError('a JSON object without "traceEvents": not a trace');
  } else {
    sc.fail('not a trace: expected a JSON array or object');
  }
  state.closeOpen();
  return {
    form,
    top,
    topNumberText,
    events: state.events,
    slices: state.slices,
    lanes: state.lanes,
    strings: sc.strings,
    flows: state.flows,
    instants: state.instants,
    counters: state.counters,
    processNames: state.processNames,
    processLabels: state.processLabels,
    processSort: state.processSort,
    threadNames: state.threadNames,
    threadSort: state.threadSort,
    baseUs: state.baseHi === undefined ? 0 : state.baseHi * 1e6 + state.baseLo,
    baseUsText: state.baseHi === undefined ? '0' : wholeUsText(state.baseHi, state.baseLo),
    warnings: state.warnings,
  };
}

class ScanState {
  events = 0;
  readonly slices: SliceColumns;
  readonly lanes: ScannedLane[] = [];
  /** pid key → tid key → lane index; keys are numbers or strings as written. */
  private readonly laneIndex = new Map<number | string, Map<number | string, number>>();
  readonly flows: ScannedFlow[] = [];
  readonly instants: ScannedInstant[] = [];
  readonly counters: ScannedCounter[] = [];
  readonly processNames = new Map<string, string>();
  readonly processLabels = new Map<string, string>();
  readonly processSort = new Map<string, number>();
  /** By lane index. */
  readonly threadNames = new Map<number, string>();
  readonly threadSort = new Map<number, number>();
  readonly warnings = new Warnings();
  /** The base, whole µs = baseHi × 10^6 + baseLo; undefined until the first timestamp. */
  baseHi: number | undefined;
  baseLo = 0;
  /** Set once a timestamp lies more than 2^53 ns from the base (warned about once). */
  private pastExact = false;
  /** Scratch for a dur's split. */
  private readonly durParts: TimeParts = { hi: 0, lo: 0, ns: 0, sub: '' };
  /** Open B events per lane. */
  private readonly open = new Map<number, { name: number; cat: number; start: number; args: ArgRecord | undefined }[]>();
  private readonly f: EventFields;
  /** The id of "" in the scanner's string table (a missing name or category). */
  private readonly emptyId: number;

  constructor(
    private readonly sc: JsonScanner,
    private readonly limits: ImportLimits,
  ) {
    // The smallest useful event, {"ph":"X","ts":0,"dur":0,"pid":0,"tid":0}, is about 40 bytes.
    this.slices = new SliceColumns(Math.ceil(sc.buf.length / 40) + 16);
    this.emptyId = sc.strings.length;
    sc.strings.push('');
    this.f = blankFields(this.emptyId);
  }

  /** Reads the event array; the cursor is at its '['. */
  readEvents(topLevelArray: boolean): void {
    const sc = this.sc;
    sc.pos++;
    let c = sc.peek();
    if (c === RBRACKET) {
      sc.pos++;
      return;
    }
    for (;;) {
      if (c === -1 && topLevelArray) return; // unterminated array form: allowed by the format
      if (c !== LBRACE) {
        this.events++;
        this.warnings.add(`traceEvents[${this.events - 1}] is not an object`);
        sc.skipValue();
      } else {
        this.readEvent(topLevelArray);
      }
      c = sc.peek();
      if (c === COMMA) {
        sc.pos++;
        c = sc.peek();
        if (c === RBRACKET) {
          // trailing comma before ']'
          sc.pos++;
          return;
        }
        if (c === -1 && topLevelArray) return; // "[{…},{…}," — cut short after a comma
        continue;
      }
      if (c === RBRACKET) {
        sc.pos++;
        return;
      }
      if (c === -1 && topLevelArray) return;
      sc.fail(c === -1 ? 'file ends inside traceEvents (truncated?)' : "expected ',' or ']' between events");
    }
  }

  /** A pid, tid or id as written: an integer stays a number (cheap Map key), anything else text. */
  private readId(): number | string {
    const sc = this.sc;
    const c = sc.peek();
    if (c === Q) return sc.readString();
    if (c === 45 || (c >= 48 && c <= 57)) {
      const n = sc.readNumber();
      return Number.isSafeInteger(n.value) ? n.value : String(n.value);
    }
    sc.skipValue();
    this.f.bad = 'pid/tid/id must be a number or a string';
    return '';
  }

  private laneOf(pid: number | string, tid: number | string): number {
    let byTid = this.laneIndex.get(pid);
    if (!byTid) this.laneIndex.set(pid, (byTid = new Map()));
    let lane = byTid.get(tid);
    if (lane === undefined) {
      byTid.set(tid, (lane = this.lanes.length));
      this.lanes.push({ pid: String(pid), tid: String(tid) });
    }
    return lane;
  }

  private readStrId(field: string): number {
    const sc = this.sc;
    if (sc.peek() === Q) return sc.readStringId();
    sc.skipValue();
    this.f.bad = `"${field}" must be a string`;
    return this.emptyId;
  }

  private readStr(field: string): string {
    const sc = this.sc;
    if (sc.peek() === Q) return sc.readString();
    sc.skipValue();
    this.f.bad = `"${field}" must be a string`;
    return '';
  }

  private readEvent(mayBeCutOff: boolean): void {
    const sc = this.sc;
    const f = this.f;
    resetFields(f, this.emptyId);
    const index = this.events++;
    sc.pos++; // '{'
    let c = sc.peek();
    try {
      if (c === RBRACE) sc.pos++;
      else {
        for (;;) {
          const key = sc.readKey(EVENT_KEYS);
          sc.expect(COLON, "':'");
          switch (key) {
            case K_PH:
              f.ph = this.readStr('ph');
              break;
            case K_NAME:
              f.name = this.readStrId('name');
              break;
            case K_CAT:
              f.cat = this.readStrId('cat');
              break;
            case K_PID:
              f.pid = this.readId();
              break;
            case K_TID:
              f.tid = this.readId();
              break;
            case K_ID:
              f.id = this.readId();
              break;
            case K_BP:
              f.bp = this.readStr('bp');
              break;
            case K_S:
              f.scope = this.readStr('s');
              break;
            case K_TS:
              this.readTs();
              break;
            case K_DUR:
              this.readDur();
              break;
            case K_ARGS:
              f.args = readArgs(sc);
              break;
            default:
              sc.skipValue();
          }
          c = sc.peek();
          if (c === COMMA) {
            sc.pos++;
            continue;
          }
          if (c === RBRACE) {
            sc.pos++;
            break;
          }
          sc.fail(c === -1 ? 'file ends inside an event' : "expected ',' or '}' in an event");
        }
      }
    } catch (e) {
      // In the array form, an event cut off by the end of the file is what a crashed tracer
      // leaves: drop it. (Every end-of-input error of the scanner begins "file ends".)
      if (mayBeCutOff && e instanceof TraceFormatError && e.message.startsWith('file ends')) {
        this.warnings.add(`traceEvents[${index}] is cut off by the end of the file`);
        sc.pos = sc.buf.length;
        return;
      }
      throw e;
    }
    this.dispatch(index);
  }

  /** A numeric field's value, or undefined with the event marked bad (one reason per event). */
  private numberField(field: string): ExactNumber | undefined {
    const sc = this.sc;
    const c = sc.peek();
    if (c !== 45 && !(c >= 48 && c <= 57)) {
      sc.skipValue();
      this.f.bad = `"${field}" must be a number`;
      return undefined;
    }
    return sc.readNumber();
  }

  private readTs(): void {
    const f = this.f;
    const n = this.numberField('ts');
    if (!n) return;
    if (n.value >= MAX_ABS_US || n.value <= -MAX_ABS_US) {
      f.bad = `"ts" ${n.value} is out of range`;
      return;
    }
    f.hasTs = true;
    this.split(f.ts, n);
  }

  private split(out: TimeParts, n: ExactNumber): void {
    if (n.exact) splitExact(out, n.negative, n.intPart, n.milli);
    else splitText(out, this.sc.asciiText(n.start, n.end));
  }

  private readDur(): void {
    const f = this.f;
    const n = this.numberField('dur');
    if (!n) return;
    if (n.negative && n.value !== 0) {
      f.bad = `"dur" ${n.value} is negative`;
      return;
    }
    if (n.value > MAX_DUR_US) {
      f.bad = `"dur" ${n.value} µs is longer than a week`;
      return;
    }
    f.hasDur = true;
    if (n.exact) {
      f.durNs = n.intPart * 1000 + n.milli;
      f.durSub = '';
    } else {
      const d = this.durParts;
      splitText(d, this.sc.asciiText(n.start, n.end));
      f.durNs = (d.hi * 1e6 + d.lo) * 1000 + d.ns;
      f.durSub = d.sub;
    }
  }

  /** ts floored to the ns, relative to the base (the first timestamp's whole µs). */
  private relFloor(): number {
    const t = this.f.ts;
    if (this.baseHi === undefined) {
      this.baseHi = t.hi;
      this.baseLo = t.lo;
    }
    // Each term is an exact integer; so is the sum while it stays below 2^53.
    const rel = (t.hi - this.baseHi) * 1e9 + (t.lo - this.baseLo) * 1000 + t.ns;
    if (!this.pastExact && (rel > MAX_EXACT_NS || rel < -MAX_EXACT_NS)) {
      this.pastExact = true;
      this.warnings.add('timestamps lie more than 2^53 ns (104 days) from the first: times that far out are not exact to the ns');
    }
    return rel;
  }

  /** ts as ns relative to the base, rounded once to the nearest ns (half up). */
  private relTs(): number {
    return this.relFloor() + roundSub(this.f.ts.sub);
  }

  private args(): ArgRecord | undefined {
    return this.f.args;
  }

  private dispatch(index: number): void {
    const f = this.f;
    if (f.bad) {
      this.warnings.add(`traceEvents[${index}]: ${f.bad}`);
      return;
    }
    switch (f.ph) {
      case 'X': {
        if (!f.hasTs) return this.warnings.add(`traceEvents[${index}]: an X event without "ts"`);
        if (!f.hasDur) this.warnings.add(`traceEvents[${index}]: an X event without "dur" (taken as 0)`);
        this.keep();
        // round(ts + dur) − round(ts), the sum taken exactly: sub-ns decimals are rounded once.
        const floor = this.relFloor();
        const start = floor + roundSub(f.ts.sub);
        const end = f.hasDur ? floor + f.durNs + roundSubSum(f.ts.sub, f.durSub) : start;
        this.slices.push(start, end - start, this.laneOf(f.pid, f.tid), f.name, f.cat, this.args());
        return;
      }
      case 'B': {
        if (!f.hasTs) return this.warnings.add(`traceEvents[${index}]: a B event without "ts"`);
        const lane = this.laneOf(f.pid, f.tid);
        let stack = this.open.get(lane);
        if (!stack) this.open.set(lane, (stack = []));
        this.keep();
        stack.push({ name: f.name, cat: f.cat, start: this.relTs(), args: this.args() });
        return;
      }
      case 'E': {
        if (!f.hasTs) return this.warnings.add(`traceEvents[${index}]: an E event without "ts"`);
        const lane = this.laneOf(f.pid, f.tid);
        const b = this.open.get(lane)?.pop();
        if (!b) return this.warnings.add(`traceEvents[${index}]: an E event with no open B on its thread (unbalanced end)`);
        const end = this.relTs();
        if (end < b.start) return this.warnings.add(`traceEvents[${index}]: an E event before its B`);
        const endArgs = this.args();
        this.slices.push(b.start, end - b.start, lane, b.name, b.cat, endArgs ? { ...b.args, ...endArgs } : b.args);
        return;
      }
      case 'i':
      case 'I':
      case 'R': {
        if (!f.hasTs) return this.warnings.add(`traceEvents[${index}]: an instant event without "ts"`);
        this.keep();
        this.instants.push({
          lane: this.laneOf(f.pid, f.tid),
          threadScoped: !(f.scope === 'p' || f.scope === 'g'),
          name: this.sc.strings[f.name]!,
          ts: this.relTs(),
        });
        return;
      }
      case 's':
      case 't':
      case 'f': {
        if (!f.hasTs || f.id === '') return this.warnings.add(`traceEvents[${index}]: a flow event needs "id" and "ts"`);
        const cat = this.sc.strings[f.cat]!;
        this.keep();
        this.flows.push({
          ph: f.ph,
          key: `${cat}\u0000${f.id}`,
          lane: this.laneOf(f.pid, f.tid),
          ts: this.relTs(),
          bindEnclosing: f.ph !== 'f' || f.bp === 'e',
          cat,
          order: this.flows.length,
        });
        return;
      }
      case 'C': {
        if (!f.hasTs) return this.warnings.add(`traceEvents[${index}]: a counter event without "ts"`);
        const values: [string, number][] = [];
        for (const [k, v] of Object.entries(this.args() ?? {})) if (typeof v === 'number' && Number.isFinite(v)) values.push([k, v]);
        if (values.length === 0) return this.warnings.add(`traceEvents[${index}]: a counter event without a numeric arg`);
        this.keep();
        this.counters.push({ pid: String(f.pid), name: this.sc.strings[f.name]!, id: String(f.id), ts: this.relTs(), values });
        return;
      }
      case 'M':
        return this.metadata();
      default:
        this.warnings.add(f.ph === '' ? `traceEvents[${index}]: no "ph"` : `traceEvents[${index}]: event phase "${f.ph}" is not supported`);
    }
  }

  /** Events kept so far (slices, open B events, instants, flow points): bounded by `limits`. */
  private kept = 0;

  private keep(): void {
    if (++this.kept <= this.limits.maxEvents) return;
    const max = this.limits.maxEvents.toLocaleString('en-US');
    const heap = this.limits.heapBytes;
    throw new TraceFormatError(
      heap === undefined
        ? `holds more than ${max} events, the most Parascope analyses at once: analyse a part of it`
        : `holds more than ${max} events, more than fit in this process's memory (about ${HEAP_BYTES_PER_EVENT} bytes each in a ${(heap / 2 ** 30).toFixed(1)} GiB heap): analyse a part of it, or give Node a larger heap (NODE_OPTIONS=--max-old-space-size=MiB)`,
    );
  }

  private metadata(): void {
    const f = this.f;
    const args = this.args() ?? {};
    const pid = String(f.pid);
    switch (this.sc.strings[f.name]) {
      case 'process_name':
        if (typeof args['name'] === 'string') this.processNames.set(pid, args['name']);
        return;
      case 'process_labels':
        if (typeof args['labels'] === 'string') this.processLabels.set(pid, args['labels']);
        return;
      case 'process_sort_index':
        if (typeof args['sort_index'] === 'number') this.processSort.set(pid, args['sort_index']);
        return;
      case 'thread_name':
        if (typeof args['name'] === 'string') this.threadNames.set(this.laneOf(f.pid, f.tid), args['name']);
        return;
      case 'thread_sort_index':
        if (typeof args['sort_index'] === 'number') this.threadSort.set(this.laneOf(f.pid, f.tid), args['sort_index']);
        return;
      default:
      // Other metadata (process_uptime_seconds, trace_config, …) carries nothing we show.
    }
  }

  /** B events never closed by an E. */
  closeOpen(): void {
    for (const stack of this.open.values()) for (const b of stack) this.warnings.add(`a B event "${this.sc.strings[b.name]}" is never closed by an E`);
  }
}

/**
 * The args object at the cursor, read in the same pass as its event, as flat scalars: nested
 * objects and arrays are kept as their JSON text (short ones) so tooltips can show them; nulls
 * and longer nested values are dropped. Args that are not an object are skipped.
 */
function readArgs(sc: JsonScanner): ArgRecord | undefined {
  if (sc.peek() !== LBRACE) {
    sc.skipValue();
    return undefined;
  }
  sc.pos++;
  const out: ArgRecord = {};
  let c = sc.peek();
  if (c === RBRACE) {
    sc.pos++;
    return out;
  }
  for (;;) {
    const key = sc.readString();
    sc.expect(COLON, "':'");
    c = sc.peek();
    if (c === Q) out[key] = sc.readString();
    else if (c === 45 || (c >= 48 && c <= 57)) out[key] = sc.readNumber().value;
    else if (c === 116 || c === 102) out[key] = sc.readBoolean();
    else {
      const [s, e] = sc.skipValue();
      if (e - s <= 256 && c !== 110) out[key] = UTF8.decode(sc.buf.subarray(s, e));
    }
    c = sc.peek();
    if (c === COMMA) {
      sc.pos++;
      continue;
    }
    if (c === RBRACE) {
      sc.pos++;
      return out;
    }
    sc.fail(c === -1 ? 'file ends inside args' : "expected ',' or '}' in args");
  }
}

function blankFields(emptyId: number): EventFields {
  return {
    ph: '',
    name: emptyId,
    cat: emptyId,
    pid: '',
    tid: '',
    hasTs: false,
    ts: { hi: 0, lo: 0, ns: 0, sub: '' },
    hasDur: false,
    durNs: 0,
    durSub: '',
    id: '',
    bp: '',
    scope: '',
    args: undefined,
    bad: '',
  };
}

function resetFields(f: EventFields, emptyId: number): void {
  f.ph = f.pid = f.tid = f.id = f.bp = f.scope = f.bad = '';
  f.name = f.cat = emptyId;
  f.hasTs = f.hasDur = false;
  f.durNs = 0;
  f.durSub = f.ts.sub = '';
  f.args = undefined;
}
