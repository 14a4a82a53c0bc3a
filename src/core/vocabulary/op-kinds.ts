/**
 * The op-kind vocabulary: how each `OpKind` is named, coloured and numbered wherever it is shown
 * or counted (the reports, the SVG timeline, the app's timeline, tables and charts, the analysis's
 * per-kind arrays). One table keyed by kind, so a new kind is a type error here until it has a
 * name and a colour; the order of everything per kind is `OP_KINDS` (model.ts).
 */
import { OP_KINDS, type OpKind } from '../model.js';

interface OpKindWords {
  /** How the kind reads in a sentence or a legend ("CPU", not "cpu"). */
  readonly label: string;
  /** Its colour in the reports and, unless the page's CSS sets `--<kind>`, in the app. */
  readonly color: string;
}

/**
 * Okabe–Ito palette: told apart under the common colour-vision deficiencies and readable on white
 * as well as on a dark page. Sync is grey because it is waiting, not work.
 */
const WORDS: { readonly [K in OpKind]: OpKindWords } = {
  compute: { label: 'compute', color: '#0072B2' },
  transfer: { label: 'transfer', color: '#E69F00' },
  cpu: { label: 'CPU', color: '#009E73' },
  sync: { label: 'sync (waiting)', color: '#A3A3A3' },
  other: { label: 'other', color: '#CC79A7' },
};

/** Index of each kind in `OP_KINDS` order: the analysis keeps per-kind numbers in arrays of KIND_COUNT slots. */
export const KIND_INDEX: Readonly<Record<OpKind, number>> = Object.fromEntries(OP_KINDS.map((k, i) => [k, i])) as Record<OpKind, number>;
export const KIND_COUNT = OP_KINDS.length;
export const KIND_COMPUTE = KIND_INDEX.compute;
export const KIND_TRANSFER = KIND_INDEX.transfer;
export const KIND_CPU = KIND_INDEX.cpu;
export const KIND_SYNC = KIND_INDEX.sync;
export const KIND_OTHER = KIND_INDEX.other;

export function kindIndex(kind: OpKind): number {
  const i = KIND_INDEX[kind] as number | undefined;
  // Only a foreign object cast to Op can get here: importers map every kind onto OpKind.
  if (i === undefined) throw new Error(`unknown op kind: ${String(kind)}`);
  return i;
}

/** The colour of each kind (the report's; the app's unless its CSS overrides it). */
export const KIND_COLORS: Readonly<Record<OpKind, string>> = Object.fromEntries(OP_KINDS.map((k) => [k, WORDS[k].color])) as Record<OpKind, string>;

/** How a kind is named wherever it is shown: legends, tooltips, tables. */
export function kindLabel(kind: OpKind): string {
  return WORDS[kind].label;
}

/** The label at the start of a sentence or a table row: "Sync (waiting)", "CPU". */
export function kindTitle(kind: OpKind): string {
  const label = kindLabel(kind);
  return label.charAt(0).toUpperCase() + label.slice(1);
}
