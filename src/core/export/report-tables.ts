/**
 * The tables the Markdown and the HTML report both print: their columns (heading, and whether the
 * column is numeric, i.e. right-aligned) and the cells of a row, declared once. Each report passes
 * its own escaping (escapeMarkdown or escapeHtml) for the strings that come from the trace.
 */
import type {
  CriticalPathStep,
  OpPatternRow,
  PhaseComparisonStats,
  PhaseStats,
  RunAnswersStats,
  RunSpreadStats,
  SlackStats,
  SpreadStats,
  Stats,
} from '../analysis/stats-types.js';
import type { Calibration, Trace } from '../model.js';
import { formatDuration } from '../time.js';
import { formatCount, formatMs, formatRatio, formatSignedNs, formatSpeedup } from './report-format.js';

export type Column = readonly [heading: string, numeric: boolean];
type Escape = (s: string) => string;

export const PHASE_COLUMNS: readonly Column[] = [
  ['Phase', false],
  ['Wall time', true],
];

/** With rounds (`--repeat K`): the median, its spread and every run. */
export const REPEATED_PHASE_COLUMNS: readonly Column[] = [
  ['Phase', false],
  ['Median wall', true],
  ['Min', true],
  ['Max', true],
  ['Runs, in round order', true],
];

/** The phase table's columns for these stats: the spread columns when the phases ran in rounds. */
export function phaseColumns(stats: Stats): readonly Column[] {
  return stats.repeats >= 2 ? REPEATED_PHASE_COLUMNS : PHASE_COLUMNS;
}

/** One phase's cells under `phaseColumns(stats)`. */
export function phaseCells(p: PhaseStats, stats: Stats, esc: Escape): string[] {
  if (stats.repeats < 2) return [esc(p.name), formatMs(p.wallMs)];
  return [esc(p.name), formatMs(p.wallMs), formatMs(p.minMs), formatMs(p.maxMs), p.runsMs.map(formatMs).join(', ')];
}

/** A comparison's speedup as every report prints it: "1.33× [1.29, 1.37]", or "(one run, no interval)". */
export function comparisonSpeedup(c: PhaseComparisonStats, stats: Stats): string {
  return formatSpeedup(c.speedup, c.ci95, Math.min(stats.repeats, c.ratios.length));
}

export const PATH_COLUMNS: readonly Column[] = [
  ['#', true],
  ['Op', false],
  ['Lane', false],
  ['Start', true],
  ['Duration', true],
  ['Gap before', true],
  ['Adds', true],
];

export const PAIR_COLUMNS: readonly Column[] = [
  ['Lane', false],
  ['Lane', false],
  ['Both at work', true],
];

/** Lane pairs listed in the reports: the ones that overlapped most. */
export const REPORT_PAIRS = 10;

export const OP_COLUMNS: readonly Column[] = [
  ['Op', false],
  ['Kind', false],
  ['Count', true],
  ['Total', true],
  ['% of kind', true],
  ['Avg', true],
  ['Median', true],
  ['Min', true],
  ['Max', true],
  ['Std dev', true],
];

/** What the reports' op table is: the folded one (the CSV keeps every exact name). `code` sets a name as code. */
export function opTableNote(code: (s: string) => string): string {
  return (
    `Per op name and kind, sorted by total time; numbers that stand alone in a name are folded to ${code('*')} ` +
    `(${code('read y[0]')} … ${code('read y[49]')} are one row, ${code('read y[*]')}); % of kind is the share of that kind's total.`
  );
}

/** An op-table row's name cell: the pattern, and how many exact names it holds when more than one. */
export function opPatternName(o: OpPatternRow, esc: Escape): string {
  return o.names > 1 ? `${esc(o.name)} (${formatCount(o.names)} names)` : esc(o.name);
}

export const CHECK_COLUMNS: readonly Column[] = [
  ['Check', false],
  ['Result', false],
  ['Samples', true],
  ['Max abs error', true],
  ['Max rel error', true],
  ['Tolerance', false],
];

export const CALIBRATION_COLUMNS: readonly Column[] = [
  ['Device', false],
  ['Offset uncertainty', true],
  ['Drift over the run', true],
  ['Samples', true],
  ['Method', false],
];

/** Lane names by id, for the critical path's steps: the trace's, then the stats' (a window's stats name the same lanes). */
export function laneNames(stats: Stats, trace: Trace): Map<string, string> {
  return new Map<string, string>([...trace.lanes.map((l) => [l.id, l.name] as const), ...stats.lanes.map((l) => [l.id, l.name] as const)]);
}

/** A critical-path step's cells (PATH_COLUMNS); `i` is its 0-based position on the path. */
export function pathStepCells(step: CriticalPathStep, i: number, names: ReadonlyMap<string, string>, esc: Escape): string[] {
  return [
    String(i + 1),
    esc(step.name),
    esc(names.get(step.laneId) ?? step.laneId),
    formatMs(step.startMs),
    formatMs(step.durMs),
    step.gapMs > 0 ? formatMs(step.gapMs) : '–',
    formatMs(step.contributionMs),
  ];
}

/** The lane pairs that did work at the same time, most first, at most REPORT_PAIRS (PAIR_COLUMNS). */
export function pairRows(stats: Stats, names: ReadonlyMap<string, string>, esc: Escape): string[][] {
  return stats.concurrency.pairs
    .filter((p) => p.ms > 0)
    .sort((x, y) => y.ms - x.ms)
    .slice(0, REPORT_PAIRS)
    .map((p) => [esc(names.get(p.a) ?? p.a), esc(names.get(p.b) ?? p.b), formatMs(p.ms)]);
}

/** `slack` as [label, value] rows (docs/metrics.md revision 2), the sample's names escaped. */
export function slackRows(slack: SlackStats, names: ReadonlyMap<string, string>, esc: Escape): [string, string][] {
  const rows: [string, string][] = [
    ['Data bound (longest path through data dependencies)', formatMs(slack.dataBoundMs)],
    ['GPU work span (first start → last end)', formatMs(slack.gpuSpanMs)],
    ['Potential speedup (GPU work span / data bound)', formatRatio(slack.potentialSpeedup)],
    [
      'Independent ops run one after the other on a GPU lane',
      `${formatCount(slack.independentSerialized)} pairs${slack.undecided > 0 ? ` (${formatCount(slack.undecided)} more undecided)` : ''}`,
    ],
  ];
  if (slack.sample.length > 0) {
    rows.push(['For example', slack.sample.map((p) => `${esc(p.first.name)} → ${esc(p.second.name)} on ${esc(names.get(p.laneId) ?? p.laneId)}`).join('; ')]);
  }
  return rows;
}

type SpreadKey = 'wallMs' | 'gpuBusyMs' | 'hostWaitMs' | 'dataBoundMs' | 'potentialSpeedup' | 'independentSerialized';

/** The answers of a profiled program spread over its runs (docs/metrics.md `runSpread`), in the order they are printed. */
const RUN_ANSWERS: readonly { readonly key: SpreadKey; readonly label: string; readonly short: string; readonly format: (x: number) => string }[] = [
  { key: 'wallMs', label: 'Wall time (the run, start to exit)', short: 'wall', format: formatMs },
  { key: 'gpuBusyMs', label: 'GPU busy (GPU lanes at work)', short: 'GPU busy', format: formatMs },
  { key: 'hostWaitMs', label: 'Host waiting for the GPU (mapAsync, onSubmittedWorkDone)', short: 'host waits', format: formatMs },
  { key: 'dataBoundMs', label: 'Data bound (longest path through data dependencies)', short: 'data bound', format: formatMs },
  { key: 'potentialSpeedup', label: 'Potential speedup (GPU work span / data bound)', short: 'potential speedup', format: formatRatio },
  {
    key: 'independentSerialized',
    label: 'Independent ops run one after the other on a GPU lane (pairs)',
    short: 'independent ops serialized',
    format: (x) => formatCount(Math.round(x * 10) / 10),
  },
];

/** "12.0 ms [11.0 ms, 13.0 ms]" (median [95 % interval]) over two or more runs; one run: "12.0 ms (one run, no interval)". */
export function formatSpread(s: SpreadStats, format: (x: number) => string): string {
  return s.values.length >= 2 ? `${format(s.median)} [${format(s.ci95[0])}, ${format(s.ci95[1])}]` : `${format(s.median)} (one run, no interval)`;
}

export function runSpreadColumns(r: RunSpreadStats): readonly Column[] {
  return r.runs.length >= 2
    ? [
        ['Answer', false],
        ['Median [95 % interval]', true],
        ['Runs, in order', true],
      ]
    : [
        ['Answer', false],
        ['Value', true],
      ];
}

/** The rows under runSpreadColumns: one per answer the runs have; a run without the figure shows "–". */
export function runSpreadRows(r: RunSpreadStats): string[][] {
  return RUN_ANSWERS.flatMap(({ key, label, format }) => {
    const s = r[key];
    if (!s) return [];
    if (r.runs.length < 2) return [[label, formatSpread(s, format)]];
    const each = r.runs.map((x: RunAnswersStats) => {
      const v = x[key];
      return v === undefined ? '–' : format(v);
    });
    return [[label, formatSpread(s, format), each.join(', ')]];
  });
}

/** What the runs table is, in a sentence (both reports). */
export function runSpreadNote(r: RunSpreadStats): string {
  return r.runs.length >= 2
    ? `${r.runs.length} runs of the program, one after the other, each a fresh process: per answer, the median over the runs and its 95 % bootstrap interval (2,000 resamples of the runs, fixed seed), then each run's value; each run's figures are those of its own phase.`
    : 'The program ran once: one run, no interval (parascope profile --repeat K runs it K times and gives each answer a median and an interval).';
}

/** The answers in one line, as `parascope profile` prints them: "3 runs: wall 12.0 ms [11.0 ms, 13.0 ms]; GPU busy …". */
export function runSpreadLine(r: RunSpreadStats): string {
  const parts = RUN_ANSWERS.flatMap(({ key, short, format }) => {
    const s = r[key];
    return s ? [`${short} ${formatSpread(s, format)}`] : [];
  });
  const n = r.runs.length;
  return `${n >= 2 ? `${n} runs, median [95 % interval]` : 'one run, no interval'}: ${parts.join('; ').replaceAll(' (one run, no interval)', '')}`;
}

/** A calibration's cells (CALIBRATION_COLUMNS). */
export function calibrationCells(c: Calibration, esc: Escape): string[] {
  return [
    esc(c.device),
    `±${formatDuration(c.uncertaintyNs)}`,
    c.driftNs === undefined ? 'not measured' : formatSignedNs(c.driftNs),
    formatCount(c.samples),
    esc(c.method),
  ];
}
