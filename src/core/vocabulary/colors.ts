/**
 * Colours that are not per op kind but still mean the same thing in the reports and in the app:
 * phase tints, the compute ∩ transfer overlap, and the bars of a phase comparison. Light and dark
 * values where the two differ; op-kind colours are in op-kinds.ts.
 */

/** Phase tints, used in turn: distinct from the op palette, alternating so adjacent phases read as two. */
export const PHASE_COLORS = ['#7c3aed', '#0891b2', '#be185d', '#4d7c0f'] as const;

/** Compute ∩ transfer bars. */
export const OVERLAP_COLOR = { light: '#6d28d9', dark: '#a78bfa' } as const;
/** The phase that runs the separate ones together. */
export const TOGETHER_COLOR = { light: '#4338ca', dark: '#818cf8' } as const;
/** Shades of slate for the separate phases, alternating dark/light so a stacked sum shows its parts. */
export const SEPARATE_COLORS = {
  light: ['#475569', '#94a3b8', '#64748b', '#cbd5e1'],
  dark: ['#94a3b8', '#475569', '#cbd5e1', '#64748b'],
} as const;
