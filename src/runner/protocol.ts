/**
 * Messages between a parent (CLI, Electron main) and the recorder child process, over Node's IPC
 * channel with advanced serialization. The child runs on a plain Node.js binary, never inside
 * Electron (docs/platform-facts.md: Dawn cannot read buffers there).
 */
import type { AdapterInfo } from '../core/model.js';
import type { ChromeTraceDocument } from '../core/export/chrome-trace.js';
import type { RecorderErrorCode } from './errors.js';
import type { ExperimentParams } from '../shared/api.js';
import type { Progress } from './experiments/types.js';
import type { RecorderOptions } from './recorder.js';
import type { UserExperimentSpec } from './user-experiment/schema.js';

export type ToChild =
  | { readonly type: 'devices' }
  | { readonly type: 'record'; readonly experiment: string; readonly params: ExperimentParams; readonly recorder?: RecorderOptions }
  /** A user experiment file, parsed and validated by the parent (user-experiment/loader.ts). */
  | {
      readonly type: 'record-file';
      readonly spec: UserExperimentSpec;
      readonly adapter?: string;
      readonly repeat?: number;
      readonly recorder?: RecorderOptions;
    }
  | { readonly type: 'cancel' };

export type FromChild =
  | { readonly type: 'progress'; readonly progress: Progress }
  /** The ops issued and not yet finished, whenever that changes: what a timeout names (not shown as progress). */
  | { readonly type: 'in-flight'; readonly ops: readonly string[] }
  | { readonly type: 'devices'; readonly adapters: AdapterInfo[] }
  | { readonly type: 'trace'; readonly doc: ChromeTraceDocument }
  | { readonly type: 'error'; readonly code: RecorderErrorCode | 'internal'; readonly message: string; readonly stack?: string };
