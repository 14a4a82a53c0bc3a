/**
 * The desktop app's host: the shared host core (src/host/host-core.ts) with what only Electron
 * has, its native dialogs and printToPDF. The IPC handlers (ipc.ts) and the application menu
 * (menu.ts) call these; neither does file work itself.
 */
import type { BrowserWindow } from 'electron';
import type { ExperimentFileInfo } from '../shared/api.js';
import { HostCore } from '../host/host-core.js';
import type { HostTraceFile } from '../host/host-files.js';
import type { RecentFiles } from '../host/recent-files.js';
import { writeFileAtomic } from '../host/trace-file.js';
import type { AppPaths } from './app-paths.js';
import { chooseExperimentFile, chooseSavePath, chooseTraceToOpen } from './dialogs.js';
import { findNode } from './find-node.js';
import { printHtmlToPdf } from './pdf-window.js';

export class AppHost {
  readonly core: HostCore;

  constructor(
    paths: AppPaths,
    recent: RecentFiles,
    version: string,
    commandLineFile: string | undefined,
    /** Called when the recent files change (the menu's Open Recent is rebuilt). */
    onRecentChanged: () => void,
  ) {
    this.core = new HostCore({
      version,
      resources: paths,
      recordingsDir: paths.recordingsDir,
      nodePath: () => findNode(),
      // The desktop app is the user's own: it always profiles programs (browser mode only with --allow-profile).
      profiling: { allowed: true },
      recent,
      ...(commandLineFile !== undefined ? { commandLineFile } : {}),
      printPdf: async (html, file) => writeFileAtomic(file, await printHtmlToPdf(html)),
      onRecentChanged,
      onExampleProblem: (m) => console.warn(`example experiment file not valid: ${m}`),
    });
  }

  async openDialog(win: BrowserWindow | undefined): Promise<HostTraceFile | undefined> {
    const chosen = await chooseTraceToOpen(win);
    if (chosen === undefined) return undefined;
    return this.core.openChosen(chosen);
  }

  /** The dialog, then the loader: an invalid file rejects with its one line (FILE:LINE: field: problem). */
  async openExperimentFile(win: BrowserWindow | undefined): Promise<ExperimentFileInfo | undefined> {
    const chosen = await chooseExperimentFile(win);
    return chosen === undefined ? undefined : this.core.describePickedExperimentFile(chosen);
  }

  save(win: BrowserWindow | undefined, suggestedName: unknown, data: unknown): Promise<string | undefined> {
    return this.core.save(suggestedName, data, (name) => chooseSavePath(win, name));
  }

  savePdf(win: BrowserWindow | undefined, suggestedName: unknown, trace: unknown): Promise<string | undefined> {
    return this.core.savePdf(suggestedName, trace, (name) => chooseSavePath(win, name));
  }
}
