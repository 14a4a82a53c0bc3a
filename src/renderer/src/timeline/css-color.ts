/**
 * CSS colour strings as the pixel buffer needs them (pixel-frame.ts): red, green, blue 0–255 and
 * alpha 0–1. The timeline's colours come from the theme (CSS variables) and the fixed palettes:
 * hex and rgb()/rgba() in practice, parsed here without a canvas; anything else a page may set
 * (a named colour, hsl(), oklch()) is left to the browser's own parser (`resolveCssColor`).
 */

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  /** 0–1. */
  readonly a: number;
}

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB = /^rgba?\(\s*([^)]*)\)$/i;

/** `s` as #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(…), rgba(…) or `transparent`; undefined for any other form. */
export function parseCssColor(s: string): Rgba | undefined {
  const t = s.trim();
  if (t.toLowerCase() === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = HEX.exec(t);
  if (hex) {
    const h = hex[1]!;
    const digits = h.length <= 4 ? [...h].map((c) => c + c) : (h.match(/../g) as string[]);
    const [r, g, b, a] = digits.map((d) => parseInt(d, 16));
    return { r: r!, g: g!, b: b!, a: a === undefined ? 1 : a / 255 };
  }
  const rgb = RGB.exec(t);
  if (!rgb) return undefined;
  // Legacy commas (rgba(1, 2, 3, 0.5)) or the modern form (rgb(1 2 3 / 50%)).
  const parts = rgb[1]!.includes(',') ? rgb[1]!.split(',') : rgb[1]!.replace('/', ' ').split(/\s+/);
  const nums = parts.map((p) => p.trim()).filter((p) => p !== '');
  if (nums.length !== 3 && nums.length !== 4) return undefined;
  const channel = (p: string): number => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p));
  const [r, g, b] = nums.slice(0, 3).map(channel) as [number, number, number];
  const alpha = nums[3] === undefined ? 1 : nums[3].endsWith('%') ? parseFloat(nums[3]) / 100 : parseFloat(nums[3]);
  if (![r, g, b, alpha].every(Number.isFinite)) return undefined;
  const clamp = (v: number, hi: number): number => Math.min(hi, Math.max(0, v));
  return { r: Math.round(clamp(r, 255)), g: Math.round(clamp(g, 255)), b: Math.round(clamp(b, 255)), a: clamp(alpha, 1) };
}

const resolved = new Map<string, Rgba>();

/**
 * `s` as parseCssColor reads it, else as the browser draws it: the colour a 1 × 1 canvas filled
 * with it holds (sRGB, 8 bits, as the canvas would have drawn the colour itself). Memoized: a
 * frame asks for the same score of colours every time. Without a canvas, or for what no parser
 * takes, opaque black — what a canvas does with a fillStyle it cannot parse is keep the last one,
 * and black is its first.
 */
export function resolveCssColor(s: string): Rgba {
  let c = resolved.get(s);
  if (c === undefined) {
    c = parseCssColor(s) ?? probe(s) ?? { r: 0, g: 0, b: 0, a: 1 };
    resolved.set(s, c);
  }
  return c;
}

function probe(s: string): Rgba | undefined {
  if (typeof OffscreenCanvas !== 'function') return undefined;
  const ctx = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
  if (!ctx) return undefined;
  ctx.fillStyle = s;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
  return { r: r!, g: g!, b: b!, a: a! / 255 };
}
