/**
 * Importer for PyTorch profiler traces (Kineto's Chrome-JSON export, `prof.export_chrome_trace`),
 * tested on a real trace of PyTorch 2.11 on an H200 (test/fixtures/torch/torch_two_streams.json).
 *
 * Supported: `kernel` → compute, `gpu_memcpy` → transfer, `gpu_memset` → other, `cuda_sync` and
 * host synchronization calls (`cudaDeviceSynchronize`, `cudaStreamSynchronize`,
 * `cudaEventSynchronize`) → sync, other `cpu_op`/`cuda_runtime`/`cuda_driver`/`python_function`/
 * `user_annotation` → cpu; GPU lanes are Kineto's (device pid, stream tid); `ac2g` flows (launch
 * → kernel) become `launch` dependencies, other flows `data`; `baseTimeNanoseconds` gives the
 * epoch time; `deviceProperties` are kept. Left out by design (not counted as warnings):
 * `gpu_user_annotation` (a range over GPU ops, not an op), Kineto's own "Trace" span of the whole
 * profile, the profiler's own `overhead` slices (Kineto puts them in a pseudo-process, pid -1:
 * the profiler's work, not the program's), one-sided `ac2g` flows (Kineto writes them for calls
 * that launched nothing), and lanes with no ops (Kineto names every stream it knows of).
 * A GPU process is named by its device, from the trace ("GPU 0 (NVIDIA H200)"), not by the
 * Python process that profiled it, which Kineto writes for every process ("python3" each time).
 */
import type { ArgValue, OpKind } from '../model.js';
import { buildModel, type FormatRules } from './build-model.js';
import type { ScannedDoc } from './trace-scan.js';
import type { ImportResult } from './types.js';

const GPU_CATEGORIES = new Set(['kernel', 'gpu_memcpy', 'gpu_memset', 'cuda_sync']);
const KINETO_CATEGORIES = new Set([...GPU_CATEGORIES, 'cuda_runtime', 'cuda_driver', 'cpu_op', 'ac2g', 'gpu_user_annotation', 'python_function']);
const SYNC_CALL = /^(cuda|cu)(DeviceSynchronize|StreamSynchronize|EventSynchronize|CtxSynchronize)/;

export function detectPytorch(doc: ScannedDoc): boolean {
  if (doc.form !== 'object') return false;
  if ('deviceProperties' in doc.top || 'baseTimeNanoseconds' in doc.top) return true;
  for (let i = 0; i < doc.slices.n; i++) if (KINETO_CATEGORIES.has(doc.strings[doc.slices.cat[i]!]!)) return true;
  return doc.flows.some((f) => f.cat === 'ac2g');
}

function kindOf(cat: string, name: string): OpKind | { ignore: true } {
  switch (cat) {
    case 'kernel':
      return 'compute';
    case 'gpu_memcpy':
      return 'transfer';
    case 'gpu_memset':
      return 'other';
    case 'cuda_sync':
      return 'sync';
    case 'cuda_runtime':
    case 'cuda_driver':
      return SYNC_CALL.test(name) ? 'sync' : 'cpu';
    case 'cpu_op':
    case 'python_function':
    case 'user_annotation':
    case 'cpu_instant_event':
      return 'cpu';
    case 'gpu_user_annotation': // a range drawn over GPU ops, not an op: counting it would double the busy time
    case 'Trace': // Kineto's span of the whole profile
    case 'overhead': // the profiler's own work ("Activity Buffer Request"), in its pseudo-process
      return { ignore: true };
    default:
      return 'other';
  }
}

export function importPytorch(doc: ScannedDoc, file: string): ImportResult {
  const gpuPids = new Set<string>();
  for (let i = 0; i < doc.slices.n; i++) if (GPU_CATEGORIES.has(doc.strings[doc.slices.cat[i]!]!)) gpuPids.add(doc.lanes[doc.slices.lane[i]!]!.pid);
  for (const [pid, label] of doc.processLabels) if (/^GPU\b/.test(label)) gpuPids.add(pid);
  const rules: FormatRules = {
    kindOf,
    laneKind: (pid) => (gpuPids.has(pid) ? 'gpu' : 'cpu'),
    depKind: (cat) => (cat === 'ac2g' ? 'launch' : 'data'),
    // Kineto writes an ac2g end for runtime calls that launched nothing and a start for launches
    // whose GPU side fell outside the profile: one-sided correlations, not damage.
    unpairedFlowIsNormal: (cat) => cat === 'ac2g',
    keepEmptyLane: () => false,
  };
  const { trace, shiftNs } = buildModel(doc, rules, doc.warnings);
  // Kineto names GPU threads "stream N" itself; give unnamed ones the same form.
  const lanes = trace.lanes.map((l) => (l.kind === 'gpu' && /^thread /.test(l.name) ? { ...l, name: `stream ${l.tid}` } : l));
  const devices = Array.isArray(doc.top['deviceProperties'])
    ? (doc.top['deviceProperties'] as unknown[]).filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null).map(scalarsOf)
    : undefined;
  const gpuPidNums = new Set(lanes.filter((l) => l.kind === 'gpu').map((l) => l.pid));
  const processes = trace.processes.map((p) => (gpuPidNums.has(p.pid) ? { ...p, name: deviceName(p.labels, devices) ?? p.name } : p));
  const base = doc.topNumberText['baseTimeNanoseconds'];
  const epochNs = base && /^\d+$/.test(base) ? (BigInt(base) + BigInt(doc.baseUsText) * 1000n + BigInt(shiftNs)).toString() : undefined;
  return {
    trace: { ...trace, processes, lanes, ...(devices ? { devices } : {}), ...(epochNs ? { epochNs } : {}) },
    source: { file, format: 'pytorch', events: doc.events, warnings: doc.warnings.count, warningSamples: doc.warnings.samples },
  };
}

/** "GPU 0 (NVIDIA H200)" from Kineto's process label and deviceProperties (matched by `id`); undefined without a label. */
function deviceName(label: string | undefined, devices: readonly Record<string, ArgValue>[] | undefined): string | undefined {
  const m = label === undefined ? null : /^GPU (\d+)$/.exec(label.trim());
  if (!m) return label;
  const device = devices?.find((d) => d['id'] === Number(m[1]));
  return typeof device?.['name'] === 'string' ? `GPU ${m[1]} (${device['name']})` : `GPU ${m[1]}`;
}

function scalarsOf(o: Record<string, unknown>): Record<string, ArgValue> {
  const out: Record<string, ArgValue> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}
