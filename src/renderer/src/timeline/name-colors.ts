/**
 * Colour by name (issue 13, item 6): each op gets one of NAME_PALETTE's colours from a hash of its
 * folded name (op-name-fold.ts: the op table's rows), so `read y[3]` and `read y[48]`, or
 * `matmul 1` and `matmul 2`, share a colour (as Perfetto colours slices), one colour per row of the
 * folded op table, while different names are told apart — a CPU-only trace, all of kind `cpu`, is
 * no longer one green wall. The hash is FNV-1a (32 bit): stable across runs and machines, so a
 * name keeps its colour from one session to the next.
 */
import type { Trace } from '@core/model.js';
import { foldOpName } from '@core/analysis/op-name-fold.js';
import { textOn } from './theme.js';

/** Twelve colours told apart on white and on the dark page (ColorBrewer Paired, reordered so neighbours differ). */
export const NAME_PALETTE: readonly string[] = [
  '#1f78b4',
  '#33a02c',
  '#e31a1c',
  '#ff7f00',
  '#6a3d9a',
  '#b15928',
  '#a6cee3',
  '#b2df8a',
  '#fb9a99',
  '#fdbf6f',
  '#cab2d6',
  '#ffff99',
];
/** Text readable on each palette colour, by the rule the kind colours' text follows (theme.ts). */
export const NAME_PALETTE_TEXT: readonly string[] = NAME_PALETTE.map(textOn);

/** The palette index of a name: FNV-1a over the UTF-16 code units of its folded form. */
export function nameColorIndex(name: string): number {
  const folded = foldOpName(name);
  let h = 0x811c9dc5;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % NAME_PALETTE.length;
}

/** Each op's palette index, by op id; names are hashed once each, not once per op. */
export function nameColors(trace: Trace): Uint8Array {
  const out = new Uint8Array(trace.ops.length);
  const byName = new Map<string, number>();
  for (const op of trace.ops) {
    let c = byName.get(op.name);
    if (c === undefined) byName.set(op.name, (c = nameColorIndex(op.name)));
    out[op.id] = c;
  }
  return out;
}
