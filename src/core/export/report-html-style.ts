/**
 * The HTML report's stylesheet, inline (the report is one self-contained file: no fonts, no
 * links, no URLs). Light by default, dark on screens that ask for it, and always light on paper
 * because the same file is the PDF source. The `.ps-timeline` rules re-theme the inlined SVG.
 */
import { OP_KINDS, type OpKind } from '../model.js';
import { KIND_COLORS } from '../vocabulary/op-kinds.js';
import { OVERLAP_COLOR, SEPARATE_COLORS, TOGETHER_COLOR } from '../vocabulary/colors.js';

/** The CSS colour of an op kind in the report: follows the page's light or dark theme. */
export function kindColorVar(kind: OpKind): string {
  return `var(--${kind})`;
}

/** The critical path's gaps (idle, launch latency) in its stacked bar: hatched, no kind's colour. */
export const GAP_BACKGROUND = 'repeating-linear-gradient(135deg, var(--muted) 0 2px, transparent 2px 5px)';

/** The CSS colour of the i-th separate phase of a comparison, taken in turn. */
export function separateColorVar(i: number): string {
  return `var(--sep${i % SEPARATE_COLORS.light.length})`;
}

/** `--compute: …; --transfer: …;` and so on: the variables `kindColorVar` names. */
const KIND_VARS = OP_KINDS.map((k) => `--${k}: ${KIND_COLORS[k]};`).join(' ');
const sepVars = (colors: readonly string[]): string => colors.map((c, i) => `--sep${i}: ${c};`).join(' ');

export const HTML_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2937; --muted: #6b7280; --card: #f8fafc; --border: #e5e7eb;
  --track: #e9edf2; --accent: #4338ca;
  --holds: #15803d; --holds-bg: #ecfdf5; --holds-border: #86efac;
  --fails: #b91c1c; --fails-bg: #fef2f2; --fails-border: #fca5a5;
  --warn: #a16207; --warn-bg: #fffbeb; --warn-border: #fcd34d;
  ${KIND_VARS}
  --overlap: ${OVERLAP_COLOR.light}; --together: ${TOGETHER_COLOR.light};
  ${sepVars(SEPARATE_COLORS.light)}
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #0b1120; --fg: #e5e7eb; --muted: #9ca3af; --card: #111a2e; --border: #243047;
    --track: #1c263a; --accent: #a5b4fc;
    --holds: #4ade80; --holds-bg: #052e1a; --holds-border: #166534;
    --fails: #f87171; --fails-bg: #3b0d0d; --fails-border: #991b1b;
    --warn: #fbbf24; --warn-bg: #2b220b; --warn-border: #92400e;
    --overlap: ${OVERLAP_COLOR.dark}; --together: ${TOGETHER_COLOR.dark};
    ${sepVars(SEPARATE_COLORS.dark)}
  }
  /* svg.ps-timeline: one type selector more specific than the SVG's own rules, which come later. */
  svg.ps-timeline .ps-bg { fill: #0f172a; }
  svg.ps-timeline .ps-stripe { fill: #131d33; }
  svg.ps-timeline .ps-label-bg { fill: #0f172a; }
  svg.ps-timeline text, svg.ps-timeline .ps-lane { fill: #e5e7eb; }
  svg.ps-timeline .ps-tick-label, svg.ps-timeline .ps-note { fill: #9ca3af; }
  svg.ps-timeline .ps-grid { stroke: #1e293b; }
  svg.ps-timeline .ps-proc-rule { stroke: #334155; }
  svg.ps-timeline .ps-op { stroke: #0f172a; }
  svg.ps-timeline .ps-dep, svg.ps-timeline .ps-legend-dep { stroke: #cbd5e1; }
  svg.ps-timeline .ps-arrowhead { fill: #cbd5e1; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 40px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 15px; margin: 18px 0 8px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 11px; color: var(--muted); font-weight: 600; }
.question { font-size: 16px; margin: 8px 0 14px; padding: 8px 14px; border-left: 4px solid var(--accent); background: var(--card); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 10px 0 0; font-size: 13px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.warn { color: var(--fails); font-weight: 600; }
.verdicts { display: grid; gap: 10px; }
.verdict { border: 1px solid; border-left-width: 6px; border-radius: 6px; padding: 10px 14px; }
/* A verdict's colour is its severity (docs/metrics.md): green only for good news that holds, amber for a problem found. */
.verdict.sev-ok { background: var(--holds-bg); border-color: var(--holds-border); border-left-color: var(--holds); }
.verdict.sev-warning { background: var(--warn-bg); border-color: var(--warn-border); border-left-color: var(--warn); }
.verdict.sev-info { background: var(--card); border-color: var(--border); border-left-color: var(--muted); }
.verdict.older { opacity: .85; }
.verdict .severity { font-size: 12px; color: var(--muted); margin-right: 8px; }
.verdict .interval { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; white-space: nowrap; }
.sev-ok .badge { background: var(--holds); }
.sev-warning .badge { background: var(--warn); }
.sev-info .badge { background: var(--muted); }
.recorded { margin-top: 10px; }
.recorded .verdict { padding: 6px 12px; font-size: 13px; }
.badge { display: inline-block; white-space: nowrap; font-weight: 700; font-size: 12px; letter-spacing: .04em; padding: 1px 8px; border-radius: 4px; color: #fff; margin-right: 8px; vertical-align: 1px; }
.holds .badge, .badge.pass { background: var(--holds); }
.fails .badge, .badge.fail { background: var(--fails); }
@media screen and (prefers-color-scheme: dark) { .badge { color: #0b1120; } }
.claim { font-weight: 600; }
.evidence { margin-top: 4px; font-size: 13px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; margin: 10px 0 14px; }
.tile { background: var(--card); border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; }
.tile .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.tile .label { font-size: 12px; color: var(--muted); }
figure { margin: 10px 0; }
figure.timeline { overflow-x: auto; border: 1px solid var(--border); border-radius: 6px; }
figure.timeline svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: var(--muted); margin-top: 6px; }
.bars { display: grid; grid-template-columns: minmax(140px, max-content) 1fr minmax(190px, max-content); gap: 6px 12px; align-items: center; font-size: 13px; }
.bars .num { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.bar { height: 14px; background: var(--track); border-radius: 3px; overflow: hidden; display: flex; }
.bar > span { display: block; height: 100%; }
.bar > span + span { border-left: 1px solid var(--bg); }
.sweep svg { display: block; max-width: 100%; height: auto; }
.sweep-chart .grid { stroke: var(--border); }
.sweep-chart .axis { stroke: var(--muted); }
.sweep-chart .ref { stroke: var(--muted); stroke-width: 1.5; }
.sweep-chart .threshold { stroke: var(--muted); stroke-dasharray: 5 4; }
.sweep-chart text { fill: var(--fg); font-size: 11px; }
.sweep-chart .tick, .sweep-chart .muted { fill: var(--muted); }
.legend { font-size: 12px; margin: 4px 0 8px; }
.legend-item { margin-right: 12px; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: 0; }
.speedup { font-weight: 700; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name { overflow-wrap: anywhere; }
td .bar { min-width: 120px; }
tbody tr:nth-child(even) td { background: var(--card); }
ul.notes { margin: 6px 0; padding-left: 20px; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--border); padding-top: 8px; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  :root { color-scheme: light; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, .verdict, .tile, figure, .bars > * { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  figure.timeline { overflow: visible; }
  .page-break { break-before: page; page-break-before: always; }
  .screen-only { display: none; }
}
`;
