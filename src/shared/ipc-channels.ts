/**
 * IPC channel names and the reply envelope shared by Electron main and the preload script.
 * No imports: the sandboxed preload bundles this file.
 */
export const CHANNELS = {
  version: 'parascope:version',
  initialFile: 'parascope:initial-file',
  openDialog: 'parascope:open-dialog',
  openPath: 'parascope:open-path',
  recentFiles: 'parascope:recent-files',
  samples: 'parascope:samples',
  experiments: 'parascope:experiments',
  runExperiment: 'parascope:run-experiment',
  experimentExamples: 'parascope:experiment-examples',
  openExperimentFile: 'parascope:open-experiment-file',
  runExperimentFile: 'parascope:run-experiment-file',
  cancelRun: 'parascope:cancel-run',
  save: 'parascope:save',
  savePdf: 'parascope:save-pdf',
  /** main → page: a MenuAction. */
  menu: 'parascope:menu',
} as const;

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
