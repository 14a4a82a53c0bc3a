/**
 * How a phase is named and coloured on a timeline (the app's canvas and the reports' SVG alike):
 * the runs of one phase over repeated rounds (`--repeat K`) share a colour — the colour belongs to
 * the name, in order of first appearance — and each run's label says its round.
 */
import type { Phase } from '../model.js';

/** Per phase, its colour slot: the index of its name among the names in order of first appearance. */
export function phaseColorSlots(phases: readonly Phase[]): number[] {
  const slot = new Map<string, number>();
  return phases.map((p) => {
    let s = slot.get(p.name);
    if (s === undefined) slot.set(p.name, (s = slot.size));
    return s;
  });
}

/** The phase's label: its name, and its round when it ran in rounds ('GPU1 time · round 2'). */
export function phaseLabel(p: Phase): string {
  return p.round !== undefined ? `${p.name} · round ${p.round}` : p.name;
}
