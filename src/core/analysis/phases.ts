/**
 * Phase wall times and the phase comparisons that answer an experiment's question
 * (docs/metrics.md: speedup = Σ wall(separate phases) / wall(the phase running them together)).
 */
import type { Trace } from '../model.js';

export interface PhaseWall {
  readonly name: string;
  readonly wallNs: number;
}

export interface PhaseComparisonNs {
  readonly separate: readonly string[];
  readonly together: string;
  readonly sumOfSeparateNs: number;
  readonly togetherNs: number;
  /** sumOfSeparate / together; 0 when the together phase has no length. */
  readonly speedup: number;
}

export interface PhaseResult {
  readonly phases: readonly PhaseWall[];
  readonly comparisons: readonly PhaseComparisonNs[];
}

export function phaseStats(trace: Trace): PhaseResult {
  // A phase that ends before it starts (a broken foreign trace) has no length rather than a negative one.
  const phases = trace.phases.map((p) => ({ name: p.name, wallNs: Math.max(0, p.end - p.start) }));

  // Comparisons refer to phases by name; should a name repeat, the first phase of that name counts.
  const wallByName = new Map<string, number>();
  for (const p of phases) if (!wallByName.has(p.name)) wallByName.set(p.name, p.wallNs);

  const comparisons: PhaseComparisonNs[] = [];
  for (const c of trace.meta?.comparisons ?? []) {
    const together = wallByName.get(c.together);
    const separate = c.separate.map((name) => wallByName.get(name));
    // A comparison with a missing phase (e.g. an experiment that was cancelled part way) is skipped
    // rather than reported with a made-up number.
    if (together === undefined || separate.some((w) => w === undefined)) continue;
    let sum = 0;
    for (const w of separate) sum += w ?? 0;
    comparisons.push({
      separate: [...c.separate],
      together: c.together,
      sumOfSeparateNs: sum,
      togetherNs: together,
      speedup: together > 0 ? sum / together : 0,
    });
  }
  return { phases, comparisons };
}
