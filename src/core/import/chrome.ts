/**
 * Importer for Chrome Trace Event JSON
 * (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU), as written
 * by Chrome, Perfetto's JSON export and most tracers.
 *
 * Supported: array and object forms (the array form without its closing `]`, with a trailing
 * comma); `X`; `B`/`E` matched per thread (unbalanced ends skipped with a warning); `i`/`I`
 * instants; `M` process/thread names, labels and sort indices; `s`/`t`/`f` flows, with and
 * without `bp`; numeric or string pid/tid; `displayTimeUnit` (display only: `ts` is always µs).
 * Not supported (skipped, counted): async (`b`/`e`/`n`), counters (`C`), samples, object events.
 *
 * Op kinds: a category that is one of Parascope's kinds (`compute`, `transfer`, `cpu`, `sync`,
 * `other`) is taken as it is; any other category is `cpu` (Chrome traces are mostly CPU work).
 * A lane is a GPU lane when it holds compute or transfer ops or its process is labelled GPU.
 */
import { OP_KINDS, type OpKind } from '../model.js';
import { buildModel, type FormatRules } from './build-model.js';
import type { ScannedDoc } from './trace-scan.js';
import type { ImportResult } from './types.js';

export function detectChrome(doc: ScannedDoc): boolean {
  return doc.form === 'array' || doc.top['traceEvents'] === undefined;
}

const KINDS = new Set<string>(OP_KINDS);

export function chromeRules(doc: ScannedDoc): FormatRules {
  return {
    kindOf: (s) => (KINDS.has(s.cat) ? (s.cat as OpKind) : 'cpu'),
    laneKind: (pid, _tid, kinds) => (kinds.has('compute') || kinds.has('transfer') || /\bGPU\b/i.test(doc.processLabels.get(pid) ?? doc.processNames.get(pid) ?? '') ? 'gpu' : 'cpu'),
    depKind: () => 'data',
  };
}

export function importChrome(doc: ScannedDoc, file: string): ImportResult {
  const { trace } = buildModel(doc, chromeRules(doc), doc.warnings);
  return { trace, source: { file, format: 'chrome', events: doc.events, warnings: doc.warnings.count, warningSamples: doc.warnings.samples } };
}
