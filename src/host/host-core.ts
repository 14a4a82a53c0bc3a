/**
 * The host side of ParascopeApi (src/shared/api.ts), once for both hosts: Electron main (over IPC,
 * src/main/ipc.ts) and `parascope serve` (over HTTP and a WebSocket, src/cli/serve/). It holds the
 * file-access policy (which paths the page may read: see host-files.ts), the recent files, the
 * initial file, samples, experiments and experiment files, the recordings, and the save and PDF
 * naming rules, and builds PDF reports from a trace. What differs between the hosts comes in as
 * options and arguments: where the recent files are kept, how a save path is chosen (Electron's
 * dialog, serve's save folder) and how the report's HTML becomes a PDF (Electron's printToPDF,
 * serve's Chromium). Pure Node, no Electron import.
 *
 * Arguments from the page are `unknown`: they crossed a transport, and each is checked here.
 */
import { existsSync } from 'node:fs';
import type { ExperimentFileInfo, ExperimentInfo, ProfilingInfo } from '../shared/api.js';
import { ExperimentFiles } from './experiment-files.js';
import { listExperiments } from './experiment-list.js';
import { EXPORT_FALLBACK_NAME, pdfFileName, safeFileName } from './file-names.js';
import { AllowedPaths, listSamples, readHostTraceFile, type HostTraceFile } from './host-files.js';
import type { RecentFiles } from './recent-files.js';
import { profileExamples } from './profile-examples.js';
import { profileJob } from './profile-job.js';
import { parseProfileRequest } from './profile-request.js';
import { reportHtmlFor } from './report-pdf.js';
import { Recordings, type HostRunEvent } from './recordings.js';
import type { ResourcePaths } from './resource-paths.js';
import { writeFileAtomic } from './trace-file.js';

/** The refusal of a host that was given no profiling policy. */
const NOT_THIS_HOST = 'this host does not run programs';

export interface HostCoreOptions {
  /** The application version (package.json "version"). */
  readonly version: string;
  /**
   * Samples, examples, the default sample, the recorder, the example programs and the profiler's
   * preload (resource-paths.ts); the renderer is not the core's. Without `programsDir` the profile
   * form has no presets; without `profilePreload` the one beside the bundle is used.
   */
  readonly resources: Omit<ResourcePaths, 'rendererDir' | 'recorderScript' | 'programsDir' | 'profilePreload'> & {
    readonly recorderScript?: string;
    readonly programsDir?: string;
    readonly profilePreload?: string;
  };
  /**
   * Whether the page may profile programs (it runs commands as this user): the desktop app always,
   * browser mode only with `--allow-profile`; refused, with the reason, when absent.
   */
  readonly profiling?: { readonly allowed: true } | { readonly allowed: false; readonly reason: string };
  /** Where a profiled program runs when the page names no directory; default: this process's. */
  readonly cwd?: string;
  /** Finished recordings go here before the page gets them. */
  readonly recordingsDir: string;
  /** The plain Node.js to run the recorder on; may throw a one-line error (none found). */
  readonly nodePath: () => string;
  /** The recent files (recent-files.ts), loaded; their store is the host's. */
  readonly recent: RecentFiles;
  /** The trace named on the command line, shown first instead of the default sample. */
  readonly commandLineFile?: string;
  /** Prints the HTML report the core built to a PDF file at `file`. */
  readonly printPdf: (html: string, file: string) => Promise<void>;
  /** Called when the recent files change (Electron rebuilds its Open Recent menu). */
  readonly onRecentChanged?: () => void;
  /** Told of each bundled example experiment file that does not validate (it is left out). */
  readonly onExampleProblem?: (message: string) => void;
  /** The recorder's stderr lines (Dawn warnings). */
  readonly onRecorderStderr?: (line: string) => void;
}

/**
 * Where to save a file suggested as `name` (already made safe): Electron's dialog, which resolves
 * undefined when the user cancels, or browser mode's save folder, which always has a place.
 */
export type ChooseSavePath<Saved extends string | undefined> = (name: string) => Promise<Saved>;

function toBytes(data: unknown): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new Error('save: the data must be a string or an ArrayBuffer');
}

export class HostCore {
  readonly recordings: Recordings;
  /** What the page may read by path: the command-line file, the samples, the recordings, and what it opened since. */
  private readonly allowed = new AllowedPaths();
  private readonly experimentFiles: ExperimentFiles;

  constructor(private readonly opts: HostCoreOptions) {
    this.allowed.allowDir(opts.resources.samplesDir);
    this.allowed.allowDir(opts.recordingsDir);
    for (const f of opts.recent.list()) this.allowed.allowFile(f);
    if (opts.commandLineFile !== undefined) this.allowed.allowFile(opts.commandLineFile);
    this.experimentFiles = new ExperimentFiles(opts.resources.examplesDir);
    const recorderScript = opts.resources.recorderScript;
    this.recordings = new Recordings({
      recordingsDir: opts.recordingsDir,
      nodePath: opts.nodePath,
      ...(recorderScript !== undefined ? { childScript: recorderScript } : {}),
      onSaved: (file) => this.remember(file),
      ...(opts.onRecorderStderr ? { onStderr: opts.onRecorderStderr } : {}),
    });
  }

  version(): string {
    return this.opts.version;
  }

  /** A file the user opened or recorded: readable by path from now on, and first in the recent files. */
  remember(file: string): void {
    this.allowed.allowFile(file);
    // The list changes at once; saving it may take a moment and never fails the caller.
    void this.opts.recent.add(file);
    this.opts.onRecentChanged?.();
  }

  /** The command-line file (remembered), else the default sample, else none. */
  async initialFile(): Promise<HostTraceFile | undefined> {
    const commandLineFile = this.opts.commandLineFile;
    if (commandLineFile !== undefined) {
      const file = await readHostTraceFile(commandLineFile);
      this.remember(file.path);
      return file;
    }
    const sample = this.opts.resources.defaultSample;
    return existsSync(sample) ? readHostTraceFile(sample) : undefined;
  }

  /** A file the user picked in the host's own UI (dialog, Open Recent): read it and remember it. */
  async openChosen(file: string): Promise<HostTraceFile> {
    const opened = await readHostTraceFile(file);
    this.remember(file);
    return opened;
  }

  /** A file the page names: only those the host itself named (host-files.ts); its path as asked. */
  async openPath(requested: unknown): Promise<HostTraceFile> {
    const real = await this.allowed.check(requested);
    const file = await readHostTraceFile(real);
    if (typeof requested === 'string') this.remember(requested);
    return { ...file, path: typeof requested === 'string' ? requested : real };
  }

  /** Recent files that still exist. */
  recentFiles(): string[] {
    return this.opts.recent.list().filter((f) => existsSync(f));
  }

  clearRecent(): void {
    void this.opts.recent.clear();
    this.opts.onRecentChanged?.();
  }

  samples(): Promise<{ name: string; path: string }[]> {
    return listSamples(this.opts.resources.samplesDir);
  }

  experiments(): Promise<ExperimentInfo[]> {
    return Promise.resolve(listExperiments());
  }

  experimentExamples(): Promise<ExperimentFileInfo[]> {
    return this.experimentFiles.examples(this.opts.onExampleProblem);
  }

  /** A file the user picked in the host's own dialog, validated: an invalid one throws the loader's one line. */
  describePickedExperimentFile(file: string): ExperimentFileInfo {
    return this.experimentFiles.describePicked(file);
  }

  /** Text the page read itself (browser mode's picker), validated the same way. */
  describeExperimentText(name: unknown, text: unknown): ExperimentFileInfo {
    return this.experimentFiles.describeText(name, text);
  }

  /** Starts a built-in experiment; every outcome arrives on `onEvent` (recordings.ts). */
  runExperiment(runId: string, experiment: unknown, params: unknown, onEvent: (e: HostRunEvent) => void): void {
    this.recordings.start(runId, experiment, params, onEvent);
  }

  /** Runs an experiment file the page names (an example, a file picked in a dialog, or its text). */
  runExperimentFile(runId: string, source: unknown, params: unknown, onEvent: (e: HostRunEvent) => void): void {
    this.recordings.startFile(runId, () => this.experimentFiles.resolve(source), params, onEvent);
  }

  /** Whether the page may profile programs; when it may, the default working directory and the example programs. */
  profiling(): Promise<ProfilingInfo> {
    const policy = this.opts.profiling ?? { allowed: false, reason: NOT_THIS_HOST };
    if (!policy.allowed) return Promise.resolve(policy);
    const programsDir = this.opts.resources.programsDir;
    return Promise.resolve({ allowed: true, cwd: this.cwd(), examples: programsDir === undefined ? [] : profileExamples(programsDir) });
  }

  /**
   * Profiles the program the page names (profile-request.ts checks it; profile-job.ts runs it) as
   * one of the recordings' runs: one at a time, saved in the recordings folder before 'done',
   * remembered. Refused with the policy's reason, before anything is read, where not allowed.
   */
  profileProgram(runId: string, request: unknown, onEvent: (e: HostRunEvent) => void): void {
    const policy = this.opts.profiling ?? { allowed: false, reason: NOT_THIS_HOST };
    if (!policy.allowed) {
      // Events only after the call returned, as for every run.
      void Promise.resolve().then(() => {
        try {
          onEvent({ type: 'error', message: policy.reason });
        } catch {
          // The receiver is gone.
        }
      });
      return;
    }
    const preload = this.opts.resources.profilePreload;
    this.recordings.startProfile(runId, () => profileJob(parseProfileRequest(request, this.cwd()), preload), onEvent);
  }

  private cwd(): string {
    return this.opts.cwd ?? process.cwd();
  }

  cancelRun(runId: unknown): void {
    if (typeof runId === 'string') this.recordings.cancel(runId);
  }

  /** Cancels every run and waits until each has ended (the host is closing). */
  cancelAll(): Promise<void> {
    return this.recordings.cancelAll();
  }

  /** Writes what the page produced, atomically, where `choose` says; undefined when cancelled. */
  async save<Saved extends string | undefined>(suggestedName: unknown, data: unknown, choose: ChooseSavePath<Saved>): Promise<Saved> {
    const bytes = toBytes(data);
    const file = await choose(safeFileName(suggestedName, EXPORT_FALLBACK_NAME));
    if (file !== undefined) await writeFileAtomic(file, bytes);
    return file;
  }

  /**
   * Builds the report of the trace the page names (report-pdf.ts: a path it may read, or bytes)
   * and prints it to a PDF where `choose` says (named .pdf); undefined when cancelled. The page
   * never hands over HTML: it could otherwise print any file the printer can reach.
   */
  async savePdf<Saved extends string | undefined>(suggestedName: unknown, trace: unknown, choose: ChooseSavePath<Saved>): Promise<Saved> {
    const html = await reportHtmlFor(trace, this.allowed);
    const file = await choose(pdfFileName(suggestedName));
    if (file !== undefined) await this.opts.printPdf(html, file);
    return file;
  }
}
