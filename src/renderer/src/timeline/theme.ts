/**
 * Colours of the canvas timeline. A canvas cannot use CSS, so the component reads the page's CSS
 * variables into a `TimelineTheme` object and hands it to the renderer; light and dark pages
 * (and any theme that sets the variables) are drawn in their own colours.
 *
 * Op colours are the report's Okabe–Ito palette (KIND_COLORS): told apart under the common
 * colour-vision deficiencies and readable on white as well as on a dark page.
 */
import { OP_KINDS, type OpKind } from '@core/model.js';
import { KIND_COLORS } from '@core/vocabulary/op-kinds.js';
import { PHASE_COLORS } from '@core/vocabulary/colors.js';

export interface TimelineTheme {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  /** Band behind every other lane. */
  readonly stripe: string;
  /** Band of a process header row. */
  readonly processBand: string;
  readonly axisBackground: string;
  readonly hover: string;
  /** Outline of the selected op and its arrows: must stand out on every kind colour (the foreground does, drawn with a background-coloured inner line). */
  readonly selection: string;
  readonly critical: string;
  readonly arrow: string;
  readonly rangeFill: string;
  readonly rangeStroke: string;
  readonly font: string;
  /** Phase tints, used in turn: distinct from the op palette. */
  readonly phases: readonly string[];
  readonly kinds: Readonly<Record<OpKind, string>>;
  /** Text colour readable on each kind's colour. */
  readonly kindText: Readonly<Record<OpKind, string>>;
}

/**
 * CSS variable → theme field, first set one wins: `--timeline-*`, then the app's own (styles/theme.css).
 * Kind colours: `--timeline-<kind>`, then `--<kind>` (e.g. `--compute`), then KIND_COLORS.
 */
export const THEME_VARIABLES = {
  background: ['--timeline-bg', '--bg'],
  foreground: ['--timeline-fg', '--fg'],
  muted: ['--timeline-muted', '--muted'],
  grid: ['--timeline-grid', '--grid'],
  stripe: ['--timeline-stripe'],
  processBand: ['--timeline-process', '--bg-panel'],
  axisBackground: ['--timeline-axis-bg', '--bg'],
  hover: ['--timeline-hover', '--fg'],
  selection: ['--timeline-selection', '--fg'],
  critical: ['--timeline-critical'],
  arrow: ['--timeline-arrow', '--fg'],
  rangeFill: ['--timeline-range-fill'],
  rangeStroke: ['--timeline-range-stroke', '--accent'],
  font: ['--timeline-font'],
} as const satisfies Record<Exclude<keyof TimelineTheme, 'kinds' | 'kindText' | 'phases'>, readonly string[]>;

type Base = Omit<TimelineTheme, 'kinds' | 'kindText'>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const LIGHT: Base = {
  background: '#ffffff',
  foreground: '#1f2328',
  muted: '#59636e',
  grid: 'rgba(31, 35, 40, 0.10)',
  stripe: 'rgba(31, 35, 40, 0.035)',
  processBand: 'rgba(31, 35, 40, 0.07)',
  axisBackground: '#ffffff',
  hover: '#1f2328',
  selection: '#000000',
  critical: '#d62728',
  arrow: 'rgba(31, 35, 40, 0.65)',
  rangeFill: 'rgba(9, 105, 218, 0.12)',
  rangeStroke: '#0969da',
  font: '11px system-ui, sans-serif',
  phases: PHASE_COLORS,
};

export const DARK: Base = {
  background: '#0d1117',
  foreground: '#e6edf3',
  muted: '#9198a1',
  grid: 'rgba(230, 237, 243, 0.10)',
  stripe: 'rgba(230, 237, 243, 0.04)',
  processBand: 'rgba(230, 237, 243, 0.08)',
  axisBackground: '#0d1117',
  hover: '#e6edf3',
  selection: '#ffffff',
  critical: '#ff6b6b',
  arrow: 'rgba(230, 237, 243, 0.6)',
  rangeFill: 'rgba(88, 166, 255, 0.16)',
  rangeStroke: '#58a6ff',
  font: '11px system-ui, sans-serif',
  phases: PHASE_COLORS,
};

/**
 * The theme from CSS variable values (as `getComputedStyle(el).getPropertyValue` returns them;
 * empty or missing values fall back to the light or dark defaults).
 */
export function themeFrom(read: (variable: string) => string | undefined, dark: boolean): TimelineTheme {
  const defaults = dark ? DARK : LIGHT;
  const base: Mutable<Base> = { ...defaults };
  for (const key of Object.keys(THEME_VARIABLES) as (keyof typeof THEME_VARIABLES)[]) {
    for (const name of THEME_VARIABLES[key]) {
      const v = read(name)?.trim();
      if (v) {
        base[key] = v;
        break;
      }
    }
  }
  const kinds = { ...KIND_COLORS };
  for (const k of OP_KINDS) {
    const v = read(`--timeline-${k}`)?.trim() || read(`--${k}`)?.trim();
    if (v) kinds[k] = v;
  }
  const kindText = {} as Record<OpKind, string>;
  for (const k of OP_KINDS) kindText[k] = textOn(kinds[k]);
  return { ...base, kinds, kindText };
}

/** Black or white, whichever reads better on `color` (#rgb/#rrggbb; anything else gets white). */
export function textOn(color: string): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return '#ffffff';
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white vs with black: (1.05) / (L + 0.05) vs (L + 0.05) / 0.05.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#111111';
}
