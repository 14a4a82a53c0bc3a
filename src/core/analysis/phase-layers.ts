import type { Phase } from '../model.js';

/**
 * A layer (row) per phase, greedy by start, so that phases overlapping in time (nested ones)
 * stack instead of covering each other: a phase goes to the first layer free at its start. Used
 * by the report's SVG timeline and the app's timeline alike.
 */
export function layerPhases(phases: readonly Phase[]): number[] {
  const ends: number[] = [];
  const layer = new Array<number>(phases.length).fill(0);
  const order = phases.map((_, i) => i).sort((a, b) => phases[a]!.start - phases[b]!.start || a - b);
  for (const i of order) {
    const p = phases[i]!;
    let k = ends.findIndex((e) => e <= p.start);
    if (k < 0) {
      k = ends.length;
      ends.push(p.end);
    } else ends[k] = p.end;
    layer[i] = k;
  }
  return layer;
}
