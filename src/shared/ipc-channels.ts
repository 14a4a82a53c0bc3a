/**
 * IPC channel names and the reply envelope shared by Electron main and the preload script. The
 * method channels come from the method table (./routes.ts), so they are written once; only the
 * main → page channels are declared here. The sandboxed preload bundles this file.
 */
import type { MenuActionOf, ParascopeApi, RunEventOf, TraceFile, TraceFileOf } from './api.js';
import { API_METHODS, type ApiMethod } from './routes.js';

type Channels = { readonly [M in ApiMethod]: (typeof API_METHODS)[M]['channel'] } & {
  /** main → page: a MenuAction. */
  readonly menu: 'parascope:menu';
};

export const CHANNELS = {
  ...Object.fromEntries((Object.keys(API_METHODS) as ApiMethod[]).map((m) => [m, API_METHODS[m].channel])),
  menu: 'parascope:menu',
} as Channels;

/** main → page: the RunEvents of one run, on a channel of its own. */
export function runEventChannel(runId: string): string {
  return `parascope:run:${runId}`;
}

/** What a run id chosen by the preload looks like; main refuses anything else. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Every handler answers with this instead of throwing: Electron wraps a thrown error as
 * "Error invoking remote method '…': Error: …", and the page should see the one-line message only.
 */
export type Reply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A trace file over IPC: structured clone hands the page a Uint8Array (the preload makes it an ArrayBuffer). */
export type IpcTraceFile = TraceFileOf<Uint8Array>;

/** A RunEvent over IPC (main sends the host's, whose file is an IpcTraceFile with a path). */
export type IpcRunEvent = RunEventOf<IpcTraceFile>;

/** A MenuAction over IPC. */
export type IpcMenuAction = MenuActionOf<IpcTraceFile>;

/** What the contract's method M resolves to in the page. */
type PageResult<M extends ApiMethod> = Awaited<ReturnType<ParascopeApi[M]>>;

/**
 * What main answers for method M over IPC: the contract's result, with a trace file as IPC carries
 * it. Main's handlers and the preload's calls are both typed by it, so neither can drift from the
 * contract.
 */
export type IpcResult<M extends ApiMethod> = PageResult<M> extends TraceFile | undefined ? Exclude<PageResult<M>, TraceFile> | IpcTraceFile : PageResult<M>;
