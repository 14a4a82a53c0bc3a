/**
 * The headline figures of a trace, declared once for every place that shows them: the Markdown
 * report's Summary table, the HTML report's tiles and busy bars, the app's tiles, busy bars and
 * compare view. Each measure says how its number is read from Stats, in which unit it is
 * formatted, and what it is called in each place (the words differ on purpose: a table row
 * explains itself, a tile sits under its number, a compare row is a short name). Outputs only
 * render these lists.
 */
import type { CriticalPathByKind, Stats } from '../analysis/stats-types.js';
import { OP_KINDS, type OpKind } from '../model.js';
import { kindLabel, kindTitle } from '../vocabulary/op-kinds.js';
import { formatCount, formatMs, formatPct, formatRatio } from './report-format.js';
import { verdictTally } from './verdict-text.js';

export type MeasureUnit = 'ms' | 'ratio' | 'pct';

/** A figure in its unit, as every report prints it. */
export function formatMeasure(unit: MeasureUnit, x: number): string {
  return unit === 'ms' ? formatMs(x) : unit === 'ratio' ? formatRatio(x) : formatPct(x);
}

export interface Measure {
  readonly value: (s: Stats) => number;
  readonly unit: MeasureUnit;
  /** Its short name: the compare view's row. */
  readonly name: string;
  /** What a tile says under the number (HTML report and app), when the measure has a tile. */
  readonly tile?: (s: Stats) => string;
  /** The app's tile, where it words it more briefly than the report. */
  readonly appTile?: (s: Stats) => string;
  /** Its row in the Markdown report's Summary table; `value` when the row says more than the number. */
  readonly row?: { readonly label: string; readonly value?: (s: Stats) => string };
  /** Whether the trace has what the measure is about (its tile and row are left out otherwise); always when absent. */
  readonly shown?: (s: Stats) => boolean;
}

/** docs/metrics.md: the compute–transfer figures are shown only for traces with transfers. */
const hasTransfers = (s: Stats): boolean => s.transfer.ops > 0;
/** docs/metrics.md: a trace with two or more GPU lanes at work headlines their concurrency. */
const hasGpuLanes = (s: Stats): boolean => s.concurrency.gpuLanes >= 2;

/** "12.0 ms (40.0 % of the shorter lane's busy time)", or of the most that could overlap with more lanes. */
function concurrencyDetail(ms: number, pct: number, lanes: number): string {
  return `${formatMs(ms)} (${formatPct(pct)} of ${lanes > 2 ? 'the most that could overlap: Σ lane busy − the busiest' : "the shorter lane's busy time"})`;
}

export const MEASURES = {
  span: {
    value: (s) => s.spanMs,
    unit: 'ms',
    name: 'Span',
    tile: () => 'span (first start → last end)',
    row: { label: 'Span (first start → last end)' },
  },
  // Revision 2: the headline sum of parts and parallelism are of work; waiting is not work.
  'sum-of-parts': {
    value: (s) => s.work.sumOfPartsMs,
    unit: 'ms',
    name: 'Sum of parts (work)',
    tile: () => 'sum of parts (Σ lane work, waits excluded)',
    row: { label: 'Sum of parts (Σ lane work, waits excluded)' },
  },
  parallelism: {
    value: (s) => s.work.parallelism,
    unit: 'ratio',
    name: 'Parallelism (work)',
    tile: () => 'parallelism: lanes at work on average',
    row: { label: 'Parallelism (work sum of parts / span)' },
  },
  'parallelism-with-waits': {
    value: (s) => s.parallelism,
    unit: 'ratio',
    name: 'Parallelism with waits',
    row: {
      label: 'Parallelism with waits (revision 1)',
      value: (s) => `${formatRatio(s.parallelism)} (sum of parts with waits ${formatMs(s.sumOfPartsMs)} / span)`,
    },
  },
  'gpu-concurrency': {
    value: (s) => s.concurrency.gpuMs,
    unit: 'ms',
    name: 'GPU lanes at work together',
    tile: (s) =>
      `two or more GPU lanes at work (${formatPct(s.concurrency.gpuPctOfShorter)} of the ${s.concurrency.gpuLanes > 2 ? 'most possible' : 'shorter lane'})`,
    appTile: (s) => `GPU lanes together (${formatPct(s.concurrency.gpuPctOfShorter)} of ${s.concurrency.gpuLanes > 2 ? 'most possible' : 'shorter'})`,
    row: {
      label: 'GPU concurrency (≥ 2 GPU lanes at work)',
      value: (s) => concurrencyDetail(s.concurrency.gpuMs, s.concurrency.gpuPctOfShorter, s.concurrency.gpuLanes),
    },
    shown: hasGpuLanes,
  },
  'cpu-concurrency': {
    value: (s) => s.concurrency.cpuMs,
    unit: 'ms',
    name: 'CPU lanes at work together',
    row: { label: 'CPU concurrency (≥ 2 CPU threads at work)', value: (s) => `${formatMs(s.concurrency.cpuMs)} (${formatPct(s.concurrency.cpuPctOfShorter)})` },
    shown: (s) => s.lanes.filter((l) => l.kind === 'cpu').length >= 2,
  },
  'compute-transfer': {
    value: (s) => s.overlap.computeTransferMs,
    unit: 'ms',
    name: 'compute ∩ transfer',
    row: {
      label: 'Compute–transfer overlap',
      value: (s) => `${formatMs(s.overlap.computeTransferMs)} (${formatPct(s.overlap.pctOfTransfer)} of transfer time hidden under compute)`,
    },
    shown: hasTransfers,
  },
  'transfer-hidden': {
    value: (s) => s.overlap.pctOfTransfer,
    unit: 'pct',
    name: 'transfer hidden under compute',
    tile: () => 'of transfer time hidden under compute',
    appTile: () => 'of transfer hidden under compute',
    shown: hasTransfers,
  },
  'critical-path': {
    value: (s) => s.criticalPath.lengthMs,
    unit: 'ms',
    name: 'Critical path',
    appTile: (s) => `critical path (${s.criticalPath.ops} ops)`,
    row: {
      label: 'Critical path (by kind)',
      value: (s) => `${formatMs(s.criticalPath.lengthMs)}: ${criticalPathParts(s.criticalPath.byKind, s.criticalPath.lengthMs)}`,
    },
  },
} as const satisfies Record<string, Measure>;

export type MeasureId = keyof typeof MEASURES;

export interface Tile {
  readonly id: MeasureId;
  readonly value: string;
  readonly label: string;
}

const REPORT_TILES: readonly MeasureId[] = ['span', 'sum-of-parts', 'parallelism', 'gpu-concurrency', 'transfer-hidden'];
const APP_TILES: readonly MeasureId[] = [...REPORT_TILES, 'critical-path'];

/** Whether a measure applies to the trace (docs/metrics.md says when a figure is shown). */
export function measureShown(id: MeasureId, stats: Stats): boolean {
  const m: Measure = MEASURES[id];
  return m.shown === undefined || m.shown(stats);
}

/** The tiles over the busy bars, of the measures the trace has: the HTML report's, or the app's (its own words where it has them). */
export function summaryTiles(stats: Stats, where: 'report' | 'app'): Tile[] {
  return (where === 'app' ? APP_TILES : REPORT_TILES)
    .filter((id) => measureShown(id, stats))
    .map((id) => {
      const m: Measure = MEASURES[id];
      const label = (where === 'app' ? (m.appTile ?? m.tile) : m.tile)!;
      return { id, value: formatMeasure(m.unit, m.value(stats)), label: label(stats) };
    });
}

/** The parts of the critical path, in the order of CRITICAL_PATH_PARTS, those that are there: "compute 5.00 ms (50.0 %), gap …". */
export function criticalPathParts(byKind: CriticalPathByKind, lengthMs: number): string {
  const parts = criticalPathSegments(byKind).map((p) => `${p.label} ${formatMs(p.ms)} (${formatPct(lengthMs > 0 ? (100 * p.ms) / lengthMs : 0)})`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

export type CriticalPathPart = keyof CriticalPathByKind;
/** The stacked bar's order: the op kinds, then the gaps. */
export const CRITICAL_PATH_PARTS: readonly CriticalPathPart[] = [...OP_KINDS, 'gap'];

export interface CriticalPathSegment {
  readonly part: CriticalPathPart;
  readonly label: string;
  readonly ms: number;
}

/** The critical path's breakdown as bar segments: each part with time on it, in CRITICAL_PATH_PARTS order. */
export function criticalPathSegments(byKind: CriticalPathByKind): CriticalPathSegment[] {
  return CRITICAL_PATH_PARTS.filter((p) => byKind[p] > 0).map((p) => ({
    part: p,
    label: p === 'gap' ? 'gaps (idle, launch latency)' : kindLabel(p),
    ms: byKind[p],
  }));
}

export interface BusyRow {
  readonly key: OpKind | 'overlap';
  readonly label: string;
  readonly ms: number;
  /** The formatted line beside the bar. */
  readonly detail: string;
}

/** The busy bars: busy time per kind (in OP_KINDS order, of those asked for), then compute ∩ transfer when the trace has transfers. */
export function busyRows(stats: Stats, kinds: readonly OpKind[] = OP_KINDS): BusyRow[] {
  const span = stats.spanMs;
  const rows: BusyRow[] = kinds.map((kind) => {
    const k = stats[kind];
    return {
      key: kind,
      label: `${kindLabel(kind)} busy`,
      ms: k.busyMs,
      detail: `${formatMs(k.busyMs)} · ${formatPct(span > 0 ? (100 * k.busyMs) / span : 0)} of span · ${formatCount(k.ops)} ops`,
    };
  });
  const overlap = MEASURES['compute-transfer'];
  if (overlap.shown(stats)) {
    rows.push({
      key: 'overlap',
      label: overlap.name,
      ms: overlap.value(stats),
      detail: `${formatMs(stats.overlap.computeTransferMs)} · ${formatPct(stats.overlap.pctOfTransfer)} of transfer`,
    });
  }
  return rows;
}

/** Busy time of one kind in the Markdown table: "12.0 ms (40.0 % of span), 3 ops". */
function busyCell(stats: Stats, kind: OpKind): string {
  const k = stats[kind];
  const ofSpan = stats.spanMs > 0 ? ` (${formatPct((100 * k.busyMs) / stats.spanMs)} of span)` : '';
  return `${formatMs(k.busyMs)}${ofSpan}, ${formatCount(k.ops)} ops`;
}

function tableRow(stats: Stats, id: MeasureId): [string, string][] {
  if (!measureShown(id, stats)) return [];
  const m: Measure = MEASURES[id];
  return [[m.row!.label, m.row!.value ? m.row!.value(stats) : formatMeasure(m.unit, m.value(stats))]];
}

/** The Markdown report's Summary table (the default `parascope report` text): [measure, value] rows, each explaining itself. */
export function summaryTableRows(stats: Stats): [string, string][] {
  return [
    ...tableRow(stats, 'span'),
    ...tableRow(stats, 'sum-of-parts'),
    ...tableRow(stats, 'parallelism'),
    ...tableRow(stats, 'parallelism-with-waits'),
    ...tableRow(stats, 'gpu-concurrency'),
    ...tableRow(stats, 'cpu-concurrency'),
    ...OP_KINDS.map((kind): [string, string] => [`${kindTitle(kind)} busy`, busyCell(stats, kind)]),
    ...tableRow(stats, 'compute-transfer'),
    ...tableRow(stats, 'critical-path'),
  ];
}

/**
 * The verdicts in one line, for the reports' Verdicts section and `record`'s output: '3 verdicts:
 * 1 holds, 1 does not hold, 1 inconclusive; 1 warning'; undefined when there are none.
 */
export function verdictsSummary(stats: Pick<Stats, 'verdicts'>): string | undefined {
  return stats.verdicts.length > 0 ? verdictTally(stats.verdicts) : undefined;
}
