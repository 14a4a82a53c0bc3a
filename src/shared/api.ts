/**
 * The one API the renderer may call: `window.parascope`. This interface is the contract between
 * the page and whatever hosts it. Both hosts implement it with one host core (src/host/host-core.ts)
 * behind two transports, each checked against the method table in ./routes.ts:
 * - in Electron by the preload script (src/preload/index.ts) over IPC to the main process;
 * - in browser mode (`parascope serve`) by src/renderer/src/api/http-api.ts over HTTP and a
 *   WebSocket to the CLI's server (src/cli/serve/).
 * Traces cross it as bytes (ArrayBuffer): the renderer imports and analyses them itself with
 * src/core, so a trace's numbers are computed by the same code in the app, the CLI and reports.
 * No imports here: the renderer type-checks against this file without Electron's or Node's types.
 */

/**
 * A trace file's bytes (gzip or not) and where it came from, generic over how the bytes travel:
 * the page holds an ArrayBuffer (TraceFile), the host and IPC a Uint8Array, the run socket base64.
 * Declared once so the wire variants (./ipc-channels.ts, ./routes.ts, src/host) cannot drift.
 */
export interface TraceFileOf<Bytes> {
  /** What to call it: the file name. */
  readonly name: string;
  /** Where it lives on the host, when it has a path there (recent files, Save As default). */
  readonly path?: string;
  readonly bytes: Bytes;
}

/** A trace file as the page holds it. */
export type TraceFile = TraceFileOf<ArrayBuffer>;

export interface ExperimentInfo {
  readonly id: string;
  readonly title: string;
  readonly question: string;
  readonly method: string;
  /** `repeat`: the rounds of the timed phases when `--repeat` is not given (docs/metrics.md `repeats`). */
  readonly defaults: { readonly size: number; readonly reps: number; readonly repeat: number };
}

/** The most rounds `--repeat` (and the app's Rounds field) accepts; checked by the CLI, the host and the recorder. */
export const MAX_REPEAT = 100;
/**
 * The rounds an experiment runs when `--repeat` is not given: the built-ins' defaults (the catalog)
 * and experiment files'. 5 rounds make a bootstrap interval that means something (it spans the
 * least to the greatest of five ratios) while the chapter's sizes finish in seconds on a GPU.
 */
export const DEFAULT_REPEAT = 5;

export interface ExperimentParams {
  readonly size: number;
  readonly reps: number;
  readonly adapter?: string;
  /** Rounds of the timed phases (`--repeat K`, docs/metrics.md `repeats`); absent: the experiment's default. */
  readonly repeat?: number;
}

/**
 * A user experiment file (`parascope.experiment/1`, docs/experiments.md) the host can run: one it
 * knows by path (a bundled example, or a file picked in Electron's dialog), or the text the page
 * read itself (browser mode's file picker). The host re-reads and re-validates it when it runs.
 */
export interface ExperimentFileSource {
  /** The file name: how messages name it (`custom-kernel.yaml:12: ops[0].kind: …`). */
  readonly name: string;
  /** Where it lives on the host; a `file:` WGSL reference in it resolves beside it. */
  readonly path?: string;
  /** Its text, when the page read the file itself; `file:` references cannot resolve then. */
  readonly text?: string;
}

/** A validated experiment file, as the Experiments view lists it. */
export interface ExperimentFileInfo {
  readonly source: ExperimentFileSource;
  /** The file's `name:`. */
  readonly title: string;
  readonly question: string;
  readonly method?: string;
  readonly devices: number;
  readonly ops: number;
  readonly phases: readonly string[];
  /** Whether it came with Parascope (resources/experiments). */
  readonly example: boolean;
}

/** An experiment file runs with the sizes it gives; only the adapter and the rounds can be chosen. */
export interface ExperimentFileParams {
  readonly adapter?: string;
  /** Rounds of the file's phases (`--repeat K`); absent: the default for files (5). */
  readonly repeat?: number;
}

/**
 * How far a run is, as the recorder reports it (src/runner/experiments/types.ts), the progress
 * event carries it and the page's progress bar shows it.
 */
export interface ProgressReport {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  /** The round under way and the rounds in all (`--repeat K`), once the timed rounds have begun. */
  readonly round?: number;
  readonly rounds?: number;
  /** Once, before the run: e.g. a chapter-size run on a software adapter will take very long. */
  readonly warning?: string;
}

/**
 * What a running recording reports, generic over the file 'done' carries (the page's TraceFile;
 * the host's, IPC's and the run socket's variants are this with their own file type).
 */
export type RunEventOf<File> =
  | (ProgressReport & {
      readonly type: 'progress';
      /** A profiled program (profileProgram): the GPU ops it has recorded so far (no total: the bar is indeterminate). */
      readonly gpuOps?: number;
      /** A profiled program: the last lines of its stdout and stderr, as they came. */
      readonly output?: readonly string[];
    })
  /**
   * The recording, already saved on the host (in the recordings folder) before it is shown.
   * `notes`: what the page should say about it (a profiled program's exit code, a cancel that kept
   * what ran, why the trace is incomplete); `output`: a profiled program's last lines.
   */
  | { readonly type: 'done'; readonly file: File; readonly notes?: readonly string[]; readonly output?: readonly string[] }
  /** `output`: a profiled program's last lines (why it made no GPU work, say). */
  | { readonly type: 'error'; readonly message: string; readonly output?: readonly string[] }
  | { readonly type: 'cancelled' };

/** What a running recording reports, as the page gets it. */
export type RunEvent = RunEventOf<TraceFile>;

/**
 * "Profile a program" (`parascope profile` from the app): the command line, checked on the host.
 * `command` is argv (`['node', 'app.mjs', '--size', '512']`) or one string the host splits with
 * shell-like quoting ('…', "…", \); it is never run through a shell. Node.js programs only.
 */
export interface ProfileRequest {
  readonly command: string | readonly string[];
  /** Where it runs, an absolute path; absent: the host's working directory (ProfilingInfo.cwd). */
  readonly cwd?: string;
  /** Time compute passes as wholes instead of one pass per dispatch (`--per-pass`). */
  readonly perPass?: boolean;
  /** Seconds before each run is killed (what ran is kept); 0 or absent: never. */
  readonly timeoutS?: number;
  /** Runs of the program, one after the other (`--repeat K`, 1..MAX_REPEAT); absent: 1. */
  readonly repeat?: number;
}

/** A bundled example program (resources/programs) the form offers as a preset. */
export interface ProfileExample {
  readonly name: string;
  /** The command line to put in the form, the script's path on the host quoted where needed. */
  readonly command: string;
  readonly description: string;
}

/**
 * Whether this host profiles programs: the desktop app always; browser mode only when started
 * with `parascope serve --allow-profile` (it runs commands as the user who started it).
 */
export type ProfilingInfo =
  { readonly allowed: true; readonly cwd: string; readonly examples: readonly ProfileExample[] } | { readonly allowed: false; readonly reason: string };

/**
 * Menu commands the host forwards to the page (Electron's application menu; browser mode: none),
 * generic over the file 'open-file' carries like RunEventOf.
 */
export type MenuActionOf<File> =
  | { readonly type: 'open-dialog' }
  | { readonly type: 'open-file'; readonly file: File }
  | { readonly type: 'save-as' }
  | { readonly type: 'export'; readonly format: ExportFormat }
  | { readonly type: 'run-experiment' }
  /** File → Open Experiment File…: the Experiments view opens one (openExperimentFile). */
  | { readonly type: 'open-experiment-file' };

/** A menu command as the page gets it. */
export type MenuAction = MenuActionOf<TraceFile>;

export type ExportFormat = 'html' | 'pdf' | 'csv' | 'json' | 'chrome';

/**
 * The trace a PDF report is built from, generic over how bytes travel like TraceFileOf: one the
 * host can read by path (a recording, a sample, a file it opened), or, for a file the host never
 * saw (browser mode's picker, a dropped file), its name and bytes. Never HTML: the host builds the
 * report itself and prints only that (a page could otherwise print any file it can name).
 */
export type PdfSourceOf<Bytes> = { readonly path: string } | { readonly name: string; readonly bytes: Bytes };

/** A PDF report's trace as the page names it. */
export type PdfSource = PdfSourceOf<ArrayBuffer>;

export interface ParascopeApi {
  /** Which host implements the API. */
  readonly host: 'electron' | 'browser';
  /** The application version (package.json "version"). */
  version(): Promise<string>;
  /**
   * The trace to show at start: a file named on the command line (`npm start -- FILE`,
   * `parascope open FILE`, `parascope serve FILE`), else the bundled sample recording.
   */
  initialFile(): Promise<TraceFile | undefined>;
  /** Lets the user pick a trace file (a native dialog in Electron); undefined when cancelled. */
  openDialog(): Promise<TraceFile | undefined>;
  /** Reads a trace file the host knows by path (recent files, samples). */
  openPath(path: string): Promise<TraceFile>;
  recentFiles(): Promise<readonly string[]>;
  /** The bundled sample recordings (resources/samples). */
  samples(): Promise<readonly { readonly name: string; readonly path: string }[]>;
  experiments(): Promise<readonly ExperimentInfo[]>;
  /**
   * Starts a recording in a plain-Node child process (never inside Electron: Dawn cannot read
   * GPU buffers there). Events arrive on `onEvent` until 'done', 'error' or 'cancelled'.
   * Returns a run id for `cancelRun`.
   */
  runExperiment(id: string, params: ExperimentParams, onEvent: (e: RunEvent) => void): Promise<string>;
  /** The example experiment files that come with Parascope (resources/experiments), validated. */
  experimentExamples(): Promise<readonly ExperimentFileInfo[]>;
  /**
   * Lets the user pick an experiment file (a native dialog in Electron, the browser's picker in
   * browser mode) and validates it on the host. Undefined when cancelled; an invalid file rejects
   * with the loader's one line, `FILE:LINE: field: what is wrong`.
   */
  openExperimentFile(): Promise<ExperimentFileInfo | undefined>;
  /** Runs an experiment file like a built-in experiment: same events, same recordings folder. */
  runExperimentFile(source: ExperimentFileSource, params: ExperimentFileParams, onEvent: (e: RunEvent) => void): Promise<string>;
  /** Whether this host profiles programs (and if not, why and how to allow it); its cwd and the example programs. */
  profiling(): Promise<ProfilingInfo>;
  /**
   * Profiles a Node.js WebGPU program (`parascope profile`): progress carries the elapsed time, the
   * GPU ops so far and the program's last output lines; 'done' the trace, saved in the recordings
   * folder, with notes (exit code, incomplete). A cancel kills the program and still ends in
   * 'done' with what ran, marked incomplete ('cancelled' only when nothing ran on the GPU). One run
   * at a time, shared with the recordings. Returns a run id for `cancelRun`.
   */
  profileProgram(request: ProfileRequest, onEvent: (e: RunEvent) => void): Promise<string>;
  cancelRun(runId: string): Promise<void>;
  /**
   * Saves bytes the page produced (a report, a trace) where the user chooses (a dialog in
   * Electron; a download in the browser). Resolves to where it went, undefined if cancelled.
   */
  save(suggestedName: string, data: string | ArrayBuffer): Promise<string | undefined>;
  /**
   * Builds the HTML report of `trace` on the host (the same report as the HTML export), prints it
   * to PDF with no script and no request beyond the report itself (Electron's printToPDF; Chromium
   * on the server in browser mode) and saves it.
   */
  savePdf(suggestedName: string, trace: PdfSource): Promise<string | undefined>;
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onMenu(listener: (action: MenuAction) => void): () => void;
}
