/**
 * Colours for canvas charts. A canvas cannot use CSS variables, so the chart reads the theme's
 * variables off the page when it draws, and draws again when the OS theme changes.
 */
import { KIND_COLORS } from '@core/vocabulary/op-kinds';
import { OVERLAP_COLOR, SEPARATE_COLORS, TOGETHER_COLOR } from '@core/vocabulary/colors';
import type { OpKind } from '@core/model';

export interface ChartPalette {
  readonly fg: string;
  readonly muted: string;
  readonly grid: string;
  readonly track: string;
  readonly overlap: string;
  readonly together: string;
  /** Shades for the separate phases, alternating so a stacked sum shows its parts. */
  readonly separate: readonly string[];
  readonly kinds: Readonly<Record<OpKind, string>>;
}

/** Light theme values: what a chart uses when the page has no styles (tests, first paint). */
export const DEFAULT_PALETTE: ChartPalette = {
  fg: '#1f2328',
  muted: '#59636e',
  grid: '#e6e9ed',
  track: '#e9edf2',
  overlap: OVERLAP_COLOR.light,
  together: TOGETHER_COLOR.light,
  separate: SEPARATE_COLORS.light,
  kinds: KIND_COLORS,
};

/** The palette of the theme in force on `el`, each missing variable falling back to the light one. */
export function readPalette(el: Element): ChartPalette {
  let style: CSSStyleDeclaration | undefined;
  try {
    style = getComputedStyle(el);
  } catch {
    return DEFAULT_PALETTE;
  }
  const v = (name: string, fallback: string): string => style?.getPropertyValue(name).trim() || fallback;
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    fg: v('--fg', DEFAULT_PALETTE.fg),
    muted: v('--muted', DEFAULT_PALETTE.muted),
    grid: v('--grid', DEFAULT_PALETTE.grid),
    track: v('--track', DEFAULT_PALETTE.track),
    overlap: v('--overlap', DEFAULT_PALETTE.overlap),
    together: v('--together', DEFAULT_PALETTE.together),
    separate: dark ? SEPARATE_COLORS.dark : DEFAULT_PALETTE.separate,
    kinds: KIND_COLORS,
  };
}
