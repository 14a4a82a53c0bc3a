/**
 * The dependency-kind vocabulary: how each `DepKind` is named and drawn wherever dependencies are
 * shown (the SVG report's arrows and legend, the app's arrows and selected-op details). One table
 * keyed by kind, in `DEP_KINDS` order (model.ts), so both timelines dash the same kind the same way.
 */
import { DEP_KINDS, type DepKind } from '../model.js';

interface DepKindWords {
  readonly label: string;
  /** Dash pattern of its arrows, px (empty: solid). */
  readonly dash: readonly number[];
  /** Drawn faint: queue order only restates the order a row already shows. */
  readonly faint: boolean;
}

const WORDS: { readonly [K in DepKind]: DepKindWords } = {
  data: { label: 'data dependency', dash: [], faint: false },
  'queue-order': { label: 'queue order', dash: [2, 2], faint: true },
  host: { label: 'host waited', dash: [5, 3], faint: false },
  launch: { label: 'launch', dash: [7, 2, 1, 2], faint: false },
};

/** Opacity of a faint kind's arrows, in the report and in the app. */
export const FAINT_DEP_OPACITY = 0.45;

const INDEX = Object.fromEntries(DEP_KINDS.map((k, i) => [k, i])) as Record<DepKind, number>;

/** Index of a kind in `DEP_KINDS` order (the app stores arrows' kinds as these numbers). */
export function depKindIndex(kind: DepKind): number {
  const i = INDEX[kind] as number | undefined;
  if (i === undefined) throw new Error(`unknown dependency kind: ${String(kind)}`);
  return i;
}

/** How a dependency kind is named wherever it is shown: the report's legend and the app's details. */
export function depKindLabel(kind: DepKind): string {
  return WORDS[kind].label;
}

export function depKindDash(kind: DepKind): readonly number[] {
  return WORDS[kind].dash;
}

export function depKindFaint(kind: DepKind): boolean {
  return WORDS[kind].faint;
}
