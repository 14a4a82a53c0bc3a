/**
 * What the desktop app does for the page: the ParascopeApi operations, on the host side. The IPC
 * handlers (ipc.ts) and the application menu (menu.ts) call these; neither does file work itself.
 */
import { existsSync } from 'node:fs';
import type { BrowserWindow } from 'electron';
import { writeFileAtomic } from '../host/trace-file.js';
import type { ExperimentFileInfo, ExperimentInfo } from '../shared/api.js';
import { ExperimentFiles } from '../host/experiment-files.js';
import type { HostRunEvent } from '../host/recordings.js';
import type { AppPaths } from './app-paths.js';
import { chooseExperimentFile, chooseSavePath, chooseTraceToOpen } from './dialogs.js';
import { listExperiments } from '../host/experiment-list.js';
import { safeFileName, withExtension } from '../host/file-names.js';
import { findNode } from './find-node.js';
import { AllowedPaths, listSamples, readHostTraceFile, type HostTraceFile } from '../host/host-files.js';
import { printHtmlToPdf } from './pdf-window.js';
import type { RecentFiles } from './recent-files.js';
import { Recordings } from '../host/recordings.js';

function toBytes(data: unknown): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new Error('save: the data must be a string or an ArrayBuffer');
}

export class AppHost {
  readonly recordings: Recordings;
  private readonly allowed = new AllowedPaths();
  private readonly experimentFiles: ExperimentFiles;

  constructor(
    private readonly paths: AppPaths,
    private readonly recent: RecentFiles,
    private readonly commandLineFile: string | undefined,
    /** Called when the recent files change (the menu's Open Recent is rebuilt). */
    private readonly onRecentChanged: () => void,
  ) {
    this.allowed.allowDir(paths.samplesDir);
    this.allowed.allowDir(paths.recordingsDir);
    for (const f of recent.list()) this.allowed.allowFile(f);
    if (commandLineFile !== undefined) this.allowed.allowFile(commandLineFile);
    this.experimentFiles = new ExperimentFiles(paths.examplesDir);
    this.recordings = new Recordings({
      recordingsDir: paths.recordingsDir,
      nodePath: () => findNode(),
      childScript: paths.recorderScript,
      onSaved: (file) => this.remember(file),
    });
  }

  /** A file the user opened or recorded: readable by path from now on, and first in Open Recent. */
  remember(file: string): void {
    this.allowed.allowFile(file);
    // The list changes at once; saving it may take a moment and never fails the caller.
    void this.recent.add(file);
    this.onRecentChanged();
  }

  async initialFile(): Promise<HostTraceFile | undefined> {
    if (this.commandLineFile !== undefined) {
      const file = await readHostTraceFile(this.commandLineFile);
      this.remember(file.path);
      return file;
    }
    return existsSync(this.paths.defaultSample) ? readHostTraceFile(this.paths.defaultSample) : undefined;
  }

  async openDialog(win: BrowserWindow | undefined): Promise<HostTraceFile | undefined> {
    const chosen = await chooseTraceToOpen(win);
    if (chosen === undefined) return undefined;
    return this.openChosen(chosen);
  }

  /** A file the user picked (dialog, Open Recent): read it and remember it. */
  async openChosen(file: string): Promise<HostTraceFile> {
    const opened = await readHostTraceFile(file);
    this.remember(file);
    return opened;
  }

  /** A file the page names: only those the app itself named (see host-files.ts). */
  async openPath(requested: unknown): Promise<HostTraceFile> {
    const real = await this.allowed.check(requested);
    const file = await readHostTraceFile(real);
    if (typeof requested === 'string') this.remember(requested);
    return { ...file, path: typeof requested === 'string' ? requested : real };
  }

  /** Recent files that still exist. */
  recentFiles(): string[] {
    return this.recent.list().filter((f) => existsSync(f));
  }

  clearRecent(): void {
    void this.recent.clear();
    this.onRecentChanged();
  }

  samples(): Promise<{ name: string; path: string }[]> {
    return listSamples(this.paths.samplesDir);
  }

  experiments(): Promise<ExperimentInfo[]> {
    return Promise.resolve(listExperiments());
  }

  experimentExamples(): Promise<ExperimentFileInfo[]> {
    return this.experimentFiles.examples((m) => console.warn(`example experiment file not valid: ${m}`));
  }

  /** The dialog, then the loader: an invalid file rejects with its one line (FILE:LINE: field: problem). */
  async openExperimentFile(win: BrowserWindow | undefined): Promise<ExperimentFileInfo | undefined> {
    const chosen = await chooseExperimentFile(win);
    return chosen === undefined ? undefined : this.experimentFiles.describePicked(chosen);
  }

  /** Runs an experiment file the page names (an example or a file picked in the dialog). */
  runExperimentFile(runId: string, source: unknown, params: unknown, onEvent: (e: HostRunEvent) => void): void {
    this.recordings.startFile(runId, () => this.experimentFiles.resolve(source), params, onEvent);
  }

  async save(win: BrowserWindow | undefined, suggestedName: unknown, data: unknown): Promise<string | undefined> {
    const bytes = toBytes(data);
    const file = await chooseSavePath(win, safeFileName(suggestedName, 'parascope-export'));
    if (file === undefined) return undefined;
    await writeFileAtomic(file, bytes);
    return file;
  }

  async savePdf(win: BrowserWindow | undefined, suggestedName: unknown, html: unknown): Promise<string | undefined> {
    if (typeof html !== 'string') throw new Error('savePdf: the report must be an HTML string');
    const file = await chooseSavePath(win, withExtension(safeFileName(suggestedName, 'parascope-report.pdf'), '.pdf'));
    if (file === undefined) return undefined;
    const pdf = await printHtmlToPdf(html);
    await writeFileAtomic(file, pdf);
    return file;
  }
}
