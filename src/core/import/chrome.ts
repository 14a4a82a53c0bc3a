/**
 * Importer for Chrome Trace Event JSON
 * (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU), as written
 * by Chrome, Perfetto's JSON export and most tracers.
 *
 * Supported: array and object forms (the array form without its closing `]`, with a trailing
 * comma); `X`; `B`/`E` matched per thread (unbalanced ends skipped with a warning); `i`/`I`
 * instants; `M` process/thread names, labels and sort indices; `s`/`t`/`f` flows, with and
 * without `bp`; numeric or string pid/tid; `displayTimeUnit` (display only: `ts` is always µs).
 * `C` counters become counter tracks (shown, never counted as busy time).
 * Not supported (skipped, counted): async (`b`/`e`/`n`), samples, object events.
 *
 * Op kinds: a category that is one of Parascope's kinds (`compute`, `transfer`, `cpu`, `sync`,
 * `other`) is taken as it is; any other category is `cpu` (Chrome traces are mostly CPU work).
 * A lane is a GPU lane when its process holds compute or transfer ops or is labelled GPU
 * (`process_labels`).
 */
import { DEP_KINDS, OP_KINDS, type ArgValue, type DepKind, type OpKind } from '../model.js';
import { buildModel, type FormatRules } from './build-model.js';
import type { ScannedDoc } from './trace-scan.js';
import type { ImportResult } from './types.js';

export function detectChrome(doc: ScannedDoc): boolean {
  return doc.form === 'array' || doc.top['traceEvents'] === undefined;
}

const KINDS = new Set<string>(OP_KINDS);
const DEPS = new Set<string>(DEP_KINDS);

export function chromeRules(doc: ScannedDoc): FormatRules {
  // A process is a GPU process when labelled so, or when any of its threads does GPU work: then
  // its threads without ops (an idle stream) are GPU lanes too.
  const gpuProcesses = new Set<string>();
  for (const [pid, labels] of doc.processLabels) if (/^GPU\b/.test(labels)) gpuProcesses.add(pid);
  const { slices, strings } = doc;
  for (let i = 0; i < slices.n; i++) {
    const cat = strings[slices.cat[i]!];
    if (cat === 'compute' || cat === 'transfer') gpuProcesses.add(doc.lanes[slices.lane[i]!]!.pid);
  }
  return {
    kindOf: (cat) => (KINDS.has(cat) ? (cat as OpKind) : 'cpu'),
    laneKind: (pid, _tid, kinds) => (kinds.has('compute') || kinds.has('transfer') || gpuProcesses.has(pid) ? 'gpu' : 'cpu'),
    // Parascope's own export names a flow's category dep.<kind>; anything else is a plain "follows".
    depKind: (cat) => (cat.startsWith('dep.') && DEPS.has(cat.slice(4)) ? (cat.slice(4) as DepKind) : 'data'),
  };
}

export function importChrome(doc: ScannedDoc, file: string): ImportResult {
  const { trace } = buildModel(doc, chromeRules(doc), doc.warnings);
  // What Parascope's export keeps of a foreign trace beyond events (see export/chrome-trace.ts).
  const other = doc.top['otherData'] as { parascopeDevices?: unknown; parascopeEpochNs?: unknown } | undefined;
  const devices = Array.isArray(other?.parascopeDevices) ? (other.parascopeDevices as Record<string, ArgValue>[]) : undefined;
  const epochNs = typeof other?.parascopeEpochNs === 'string' && /^\d+$/.test(other.parascopeEpochNs) ? other.parascopeEpochNs : undefined;
  return {
    trace: { ...trace, ...(devices ? { devices } : {}), ...(epochNs ? { epochNs } : {}) },
    source: { file, format: 'chrome', events: doc.events, warnings: doc.warnings.count, warningSamples: doc.warnings.samples },
  };
}
