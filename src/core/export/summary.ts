/**
 * The headline figures of a trace, declared once for every place that shows them: the Markdown
 * report's Summary table, the HTML report's tiles and busy bars, the app's tiles, busy bars and
 * compare view. Each measure says how its number is read from Stats, in which unit it is
 * formatted, and what it is called in each place (the words differ on purpose: a table row
 * explains itself, a tile sits under its number, a compare row is a short name). Outputs only
 * render these lists.
 */
import type { Stats } from '../analysis/stats-types.js';
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
}

export const MEASURES = {
  span: {
    value: (s) => s.spanMs,
    unit: 'ms',
    name: 'Span',
    tile: () => 'span (first start → last end)',
    row: { label: 'Span (first start → last end)' },
  },
  'sum-of-parts': {
    value: (s) => s.sumOfPartsMs,
    unit: 'ms',
    name: 'Sum of parts',
    tile: () => 'sum of parts (Σ busy over lanes)',
    row: { label: 'Sum of parts (Σ lane busy)' },
  },
  parallelism: {
    value: (s) => s.parallelism,
    unit: 'ratio',
    name: 'Parallelism',
    tile: () => 'parallelism: lanes at work on average',
    row: { label: 'Parallelism (sum of parts / span)' },
  },
  'compute-transfer': {
    value: (s) => s.overlap.computeTransferMs,
    unit: 'ms',
    name: 'compute ∩ transfer',
    row: {
      label: 'Compute–transfer overlap',
      value: (s) => `${formatMs(s.overlap.computeTransferMs)} (${formatPct(s.overlap.pctOfTransfer)} of transfer time hidden under compute)`,
    },
  },
  'transfer-hidden': {
    value: (s) => s.overlap.pctOfTransfer,
    unit: 'pct',
    name: 'transfer hidden under compute',
    tile: () => 'of transfer time hidden under compute',
    appTile: () => 'of transfer hidden under compute',
  },
  'critical-path': { value: (s) => s.criticalPath.lengthMs, unit: 'ms', name: 'Critical path', appTile: (s) => `critical path (${s.criticalPath.ops} ops)` },
} as const satisfies Record<string, Measure>;

export type MeasureId = keyof typeof MEASURES;

export interface Tile {
  readonly id: MeasureId;
  readonly value: string;
  readonly label: string;
}

const REPORT_TILES: readonly MeasureId[] = ['span', 'sum-of-parts', 'parallelism', 'transfer-hidden'];
const APP_TILES: readonly MeasureId[] = [...REPORT_TILES, 'critical-path'];

/** The tiles over the busy bars: the HTML report's four, or the app's five (its own words where it has them). */
export function summaryTiles(stats: Stats, where: 'report' | 'app'): Tile[] {
  return (where === 'app' ? APP_TILES : REPORT_TILES).map((id) => {
    const m: Measure = MEASURES[id];
    const label = (where === 'app' ? (m.appTile ?? m.tile) : m.tile)!;
    return { id, value: formatMeasure(m.unit, m.value(stats)), label: label(stats) };
  });
}

export interface BusyRow {
  readonly key: OpKind | 'overlap';
  readonly label: string;
  readonly ms: number;
  /** The formatted line beside the bar. */
  readonly detail: string;
}

/** The busy bars: busy time per kind (in OP_KINDS order, of those asked for), then compute ∩ transfer. */
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
  rows.push({
    key: 'overlap',
    label: overlap.name,
    ms: overlap.value(stats),
    detail: `${formatMs(stats.overlap.computeTransferMs)} · ${formatPct(stats.overlap.pctOfTransfer)} of transfer`,
  });
  return rows;
}

/** Busy time of one kind in the Markdown table: "12.0 ms (40.0 % of span), 3 ops". */
function busyCell(stats: Stats, kind: OpKind): string {
  const k = stats[kind];
  const ofSpan = stats.spanMs > 0 ? ` (${formatPct((100 * k.busyMs) / stats.spanMs)} of span)` : '';
  return `${formatMs(k.busyMs)}${ofSpan}, ${formatCount(k.ops)} ops`;
}

function tableRow(stats: Stats, id: MeasureId): [string, string] {
  const m: Measure = MEASURES[id];
  return [m.row!.label, m.row!.value ? m.row!.value(stats) : formatMeasure(m.unit, m.value(stats))];
}

/** The Markdown report's Summary table: [measure, value] rows, each explaining itself. */
export function summaryTableRows(stats: Stats): [string, string][] {
  return [
    tableRow(stats, 'span'),
    tableRow(stats, 'sum-of-parts'),
    tableRow(stats, 'parallelism'),
    ...OP_KINDS.map((kind): [string, string] => [`${kindTitle(kind)} busy`, busyCell(stats, kind)]),
    tableRow(stats, 'compute-transfer'),
  ];
}

/**
 * The verdicts in one line, for the reports' Verdicts section and `record`'s output: '3 verdicts:
 * 1 holds, 1 does not hold, 1 inconclusive; 1 warning'; undefined when there are none.
 */
export function verdictsSummary(stats: Pick<Stats, 'verdicts'>): string | undefined {
  return stats.verdicts.length > 0 ? verdictTally(stats.verdicts) : undefined;
}
