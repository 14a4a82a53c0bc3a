/**
 * The timeline as one static SVG, for the HTML/PDF report: a row per lane grouped by process,
 * a time axis, ops coloured by kind with tooltips, phases as bands above the rows and dependency
 * arrows (end of the source op → start of the target op).
 *
 * Level of detail: an SVG with a rect per op is unusable past ~10⁴ ops, and traces have 10⁶.
 * Per lane, ops at least a pixel wide get a rect of their own (capped at half a rect per pixel
 * column); everything else is merged per (pixel column, kind), and runs of adjacent covered
 * columns of one kind become one rect. The output is therefore bounded by lanes × width, not by
 * the number of ops.
 *
 * Every string from the trace goes through escapeHtml: trace files are untrusted input.
 */
import type { Dep, Lane, Op, Phase, Trace } from '../model.js';
import { DEP_KINDS, OP_KINDS } from '../model.js';
import { KIND_COLORS, kindIndex, kindLabel } from '../vocabulary/op-kinds.js';
import { laneTitle } from '../vocabulary/lane-kinds.js';
import { AXIS_H, BAR_H, CHAR_W, labelColumnPx, laneLabelPx, LANE_INDENT, PAGE_TIMELINE, PROCESS_CHAR_SCALE, processLabelPx } from '../timeline/geometry.js';
import { bandCount, bandIndex, firstColumn, lastColumn, MERGED_OPS_NOTE, OWN_RECT_MIN_PX } from '../timeline/lod.js';
import { depKindDash, depKindFaint, depKindLabel, FAINT_DEP_OPACITY } from '../vocabulary/dep-kinds.js';
import { PHASE_COLORS } from '../vocabulary/colors.js';
import { niceTicks, tickLabel, tickTimes } from '../timeline/ticks.js';
import { formatDuration } from '../time.js';
import { escapeHtml } from './escape.js';
import { layerPhases } from '../analysis/phase-layers.js';
import { phaseColorSlots, phaseLabel } from '../timeline/phase-names.js';
import { recordingRegions, type RecordingRegion } from '../analysis/recording-regions.js';

export interface TimelineSvgOptions {
  /** Total width in px (labels included). */
  readonly width: number;
  /** Dependency arrows drawn at most; the rest are counted in a note. Default 2000. */
  readonly maxArrows?: number;
  /**
   * For an <svg> inlined in HTML: leaves out the xmlns attribute, which the HTML parser supplies,
   * so that a self-contained report holds no URL at all.
   */
  readonly inline?: boolean;
  /** Ops to outline as the critical path (op ids of this trace), drawn over the others. */
  readonly criticalPath?: ReadonlySet<number>;
}

export const DEFAULT_MAX_ARROWS = 2000;

// Layout, px: the printed page's numbers (core/timeline/geometry.ts).
const FONT = 12;
const { pad: PAD, rowH: ROW_H, processH: PROC_H, phaseH: PHASE_H, legendLineH: LEGEND_LINE_H } = PAGE_TIMELINE;
/** Phase labels are 11 px: narrower per character than CHAR_W's 12 px. */
const PHASE_CHAR_SCALE = 0.95;

/** Rounds coordinates to 0.1 px: invisible on screen, and it keeps the file small. */
function r(x: number): string {
  return String(Math.round(x * 10) / 10);
}

function truncate(s: string, maxPx: number, charW = CHAR_W): string {
  const max = Math.floor(maxPx / charW);
  if (s.length <= max) return s;
  if (max <= 1) return '';
  return `${s.slice(0, max - 1)}…`;
}

interface Row {
  readonly lane: Lane;
  readonly y: number;
}

interface Layout {
  readonly width: number;
  readonly plotX: number;
  readonly plotW: number;
  readonly t0: number;
  readonly scale: number;
  x(t: number): number;
}

export function renderTimelineSvg(trace: Trace, opts: TimelineSvgOptions): string {
  const width = Math.max(320, Math.floor(Number.isFinite(opts.width) ? opts.width : 0));
  const requested = opts.maxArrows ?? DEFAULT_MAX_ARROWS;
  const maxArrows = Number.isNaN(requested) ? DEFAULT_MAX_ARROWS : Math.max(0, Math.floor(requested));

  const groups = groupLanes(trace);
  const labelW = labelColumnWidth(groups, width);
  const plotX = labelW;
  const plotW = width - labelW - PAD * 2;

  let t0 = Infinity;
  let t1 = -Infinity;
  for (const o of trace.ops) {
    if (o.start < t0) t0 = o.start;
    if (o.start + o.dur > t1) t1 = o.start + o.dur;
  }
  for (const p of trace.phases) {
    if (p.start < t0) t0 = p.start;
    if (p.end > t1) t1 = p.end;
  }
  if (!Number.isFinite(t0)) {
    t0 = 0;
    t1 = 1;
  }
  const span = Math.max(1, t1 - t0);
  const scale = plotW / span;
  const layout: Layout = { width, plotX, plotW, t0, scale, x: (t) => plotX + (t - t0) * scale };

  const phaseLayers = layerPhases(trace.phases);
  const phaseRows = phaseLayers.reduce((n, k) => Math.max(n, k + 1), 0);
  const phasesY = PAD;
  const axisY = phasesY + phaseRows * PHASE_H;
  const lanesY = axisY + AXIS_H;

  // Rows, grouped by process.
  const rows: Row[] = [];
  const headers: { name: string; y: number }[] = [];
  let y = lanesY;
  for (const g of groups) {
    headers.push({ name: g.name, y });
    y += PROC_H;
    for (const lane of g.lanes) {
      rows.push({ lane, y });
      y += ROW_H;
    }
  }
  const lanesBottom = y;

  const arrows = renderArrows(trace, rows, layout, maxArrows);
  const ops = renderOps(trace, rows, layout, opts.criticalPath);
  const legend = renderLegend(trace, width, lanesBottom + PAD, maxArrows, arrows.omitted, arrows.drawn, ops.merged);
  const height = Math.ceil(legend.bottom + PAD);

  const out: string[] = [];
  const xmlns = opts.inline ? '' : ' xmlns="http://www.w3.org/2000/svg"';
  out.push(
    `<svg${xmlns} class="ps-timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
      `aria-label="Timeline: ${trace.ops.length} ops on ${rows.length} lanes" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" font-size="${FONT}">`,
  );
  out.push(STYLE);
  out.push(
    '<defs><marker id="ps-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">' +
      '<path class="ps-arrowhead" d="M0,0L10,5L0,10z"/></marker>' +
      '<marker id="ps-arrow-sm" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse">' +
      '<path class="ps-arrowhead ps-arrowhead-sm" d="M0,0L10,5L0,10z"/></marker></defs>',
  );
  out.push(`<rect class="ps-bg" x="0" y="0" width="${width}" height="${height}"/>`);

  // Lane stripes first, so everything else draws over them.
  rows.forEach((row, i) => {
    if (i % 2 === 1) out.push(`<rect class="ps-stripe" x="0" y="${r(row.y)}" width="${width}" height="${ROW_H}"/>`);
  });
  out.push(renderPhases(trace.phases, phaseLayers, layout, phasesY, lanesY, lanesBottom));
  if (phaseRows > 0) out.push(renderRegions(recordingRegions(trace), layout, phasesY));
  out.push(renderAxis(layout, span, axisY, lanesY, lanesBottom));

  out.push('<g class="ps-ops">', ops.svg, '</g>');
  out.push('<g class="ps-arrows" fill="none">', arrows.svg, '</g>');

  // Labels last, on an opaque column, so a long op or an arrow never covers a lane name.
  out.push(`<rect class="ps-label-bg" x="0" y="${lanesY}" width="${plotX - 2}" height="${lanesBottom - lanesY}"/>`);
  rows.forEach((row, i) => {
    if (i % 2 === 1) out.push(`<rect class="ps-stripe" x="0" y="${r(row.y)}" width="${plotX - 2}" height="${ROW_H}"/>`);
  });
  for (const h of headers) {
    out.push(`<line class="ps-proc-rule" x1="0" x2="${width}" y1="${r(h.y)}" y2="${r(h.y)}"/>`);
    const text = truncate(h.name, plotX - PAD * 2, CHAR_W * PROCESS_CHAR_SCALE);
    out.push(`<text class="ps-proc" x="${PAD}" y="${r(h.y + PROC_H / 2 + 4)}">${escapeHtml(text)}<title>${escapeHtml(h.name)}</title></text>`);
  }
  for (const row of rows) {
    const text = truncate(row.lane.name, plotX - PAD * 2 - LANE_INDENT);
    out.push(
      `<text class="ps-lane" x="${PAD + LANE_INDENT}" y="${r(row.y + ROW_H / 2 + 4)}">${escapeHtml(text)}` +
        `<title>${escapeHtml(laneTitle(row.lane, true))}</title></text>`,
    );
  }
  out.push(legend.svg);
  out.push('</svg>');
  return out.join('\n');
}

/** Each dependency kind's dash (and opacity, when faint), from the vocabulary, as the app draws them. */
const DEP_STYLE = DEP_KINDS.filter((k) => depKindDash(k).length > 0)
  .sort()
  .map(
    (k) =>
      `.ps-timeline .ps-dep-${k}{stroke-dasharray:${depKindDash(k).join(' ')}${depKindFaint(k) ? `;stroke-opacity:${String(FAINT_DEP_OPACITY).replace(/^0/, '')}` : ''}}`,
  )
  .join('\n');

const STYLE = `<style>
.ps-timeline .ps-bg{fill:#fff}
.ps-timeline .ps-stripe{fill:#f4f6f9}
.ps-timeline .ps-label-bg{fill:#fff;fill-opacity:.92}
.ps-timeline text{fill:#1f2937}
.ps-timeline .ps-proc{font-weight:600}
.ps-timeline .ps-lane{fill:#374151}
.ps-timeline .ps-proc-rule{stroke:#d1d5db;stroke-width:1}
.ps-timeline .ps-grid{stroke:#e5e7eb;stroke-width:1}
.ps-timeline .ps-tick{stroke:#6b7280;stroke-width:1}
.ps-timeline .ps-tick-label,.ps-timeline .ps-note{fill:#4b5563;font-size:11px}
.ps-timeline .ps-axis{stroke:#6b7280;stroke-width:1}
.ps-timeline .ps-op{stroke:#fff;stroke-width:.5}
.ps-timeline .ps-merged{fill-opacity:.8}
.ps-timeline .ps-phase{fill-opacity:.16;stroke-opacity:.7;stroke-width:1}
.ps-timeline .ps-phase-shade{fill-opacity:.05}
.ps-timeline .ps-phase-edge{stroke-opacity:.5;stroke-width:1;stroke-dasharray:3 3}
.ps-timeline .ps-phase-label{font-size:11px;font-weight:600}
.ps-timeline .ps-region{fill:none;stroke:#6b7280;stroke-width:1;stroke-dasharray:3 3}
.ps-timeline .ps-region-label{font-size:11px;fill:#6b7280}
.ps-timeline .ps-dep,.ps-timeline .ps-legend-dep{stroke:#1e293b;stroke-width:1.2;stroke-opacity:.75}
${DEP_STYLE}
.ps-timeline .ps-dep-same{stroke-width:.8;stroke-opacity:.3;stroke-dasharray:none}
.ps-timeline .ps-arrowhead{fill:#1e293b}
.ps-timeline .ps-arrowhead-sm{fill-opacity:.45}
</style>`;

interface LaneGroup {
  readonly name: string;
  readonly lanes: readonly Lane[];
}

function groupLanes(trace: Trace): LaneGroup[] {
  const byPid = new Map<number, Lane[]>();
  for (const l of trace.lanes) {
    const list = byPid.get(l.pid);
    if (list) list.push(l);
    else byPid.set(l.pid, [l]);
  }
  const procs = [...trace.processes].sort((a, b) => a.sortIndex - b.sortIndex || a.pid - b.pid);
  const order: { pid: number; name: string }[] = procs.map((p) => ({ pid: p.pid, name: p.name }));
  const known = new Set(order.map((p) => p.pid));
  for (const pid of [...byPid.keys()].sort((a, b) => a - b)) if (!known.has(pid)) order.push({ pid, name: `process ${pid}` });
  const groups: LaneGroup[] = [];
  for (const p of order) {
    const lanes = byPid.get(p.pid);
    if (!lanes || lanes.length === 0) continue;
    groups.push({ name: p.name, lanes: [...lanes].sort((a, b) => a.sortIndex - b.sortIndex || a.tid - b.tid) });
  }
  return groups;
}

function labelColumnWidth(groups: readonly LaneGroup[], width: number): number {
  let longest = 0;
  for (const g of groups) {
    longest = Math.max(longest, processLabelPx(g.name));
    for (const l of g.lanes) longest = Math.max(longest, laneLabelPx(l.name));
  }
  return labelColumnPx(longest, PAGE_TIMELINE.labelMin, Math.min(PAGE_TIMELINE.labelMax, width * PAGE_TIMELINE.labelMaxShare));
}

/** A recording's set-up, warm-up and after-the-phases spans: dashed, muted boxes in the first phase row. */
function renderRegions(regions: readonly RecordingRegion[], l: Layout, top: number): string {
  return regions
    .map((reg) => {
      // Clipped to the plot: a picture of one phase holds only the edge of its neighbours, if that.
      const x0 = Math.max(l.plotX, l.x(reg.start));
      const w = Math.min(l.plotX + l.plotW, l.x(reg.end)) - x0;
      if (w < 1) return '';
      const title = `<title>${escapeHtml(`${reg.label}: ${formatDuration(reg.end - reg.start)}`)}</title>`;
      const full = `${reg.kind} · ${formatDuration(reg.end - reg.start)}`;
      const label = full.length * CHAR_W * PHASE_CHAR_SCALE <= w - 8 ? full : truncate(reg.kind, w - 8, CHAR_W * PHASE_CHAR_SCALE);
      return (
        `<rect class="ps-region" x="${r(x0)}" y="${r(top + 1)}" width="${r(w)}" height="${PHASE_H - 3}" rx="3">${title}</rect>` +
        (label ? `<text class="ps-region-label" x="${r(x0 + 4)}" y="${r(top + PHASE_H / 2 + 3)}">${escapeHtml(label)}${title}</text>` : '')
      );
    })
    .filter((x) => x !== '')
    .join('\n');
}

function renderPhases(phases: readonly Phase[], layers: readonly number[], l: Layout, top: number, lanesY: number, lanesBottom: number): string {
  const out: string[] = [];
  const slots = phaseColorSlots(phases);
  phases.forEach((p, i) => {
    const color = PHASE_COLORS[(slots[i] ?? i) % PHASE_COLORS.length]!;
    const x0 = l.x(p.start);
    const w = Math.max(1, l.x(p.end) - x0);
    const y = top + (layers[i] ?? 0) * PHASE_H;
    const dur = formatDuration(p.end - p.start);
    const title = `<title>${escapeHtml(`phase ${phaseLabel(p)}: ${formatDuration(p.start)} – ${formatDuration(p.end)} (${dur})`)}</title>`;
    out.push(`<rect class="ps-phase-shade" x="${r(x0)}" y="${lanesY}" width="${r(w)}" height="${lanesBottom - lanesY}" fill="${color}"/>`);
    out.push(`<line class="ps-phase-edge" x1="${r(x0)}" x2="${r(x0)}" y1="${r(y)}" y2="${lanesBottom}" stroke="${color}"/>`);
    out.push(`<line class="ps-phase-edge" x1="${r(x0 + w)}" x2="${r(x0 + w)}" y1="${r(y)}" y2="${lanesBottom}" stroke="${color}"/>`);
    out.push(
      `<rect class="ps-phase" x="${r(x0)}" y="${r(y + 1)}" width="${r(w)}" height="${PHASE_H - 3}" rx="3" fill="${color}" stroke="${color}">${title}</rect>`,
    );
    const full = `${phaseLabel(p)} · ${dur}`;
    const label = full.length * CHAR_W * PHASE_CHAR_SCALE <= w - 8 ? full : truncate(p.name, w - 8, CHAR_W * PHASE_CHAR_SCALE);
    if (label) out.push(`<text class="ps-phase-label" x="${r(x0 + 4)}" y="${r(y + PHASE_H / 2 + 3)}">${escapeHtml(label)}${title}</text>`);
  });
  return out.join('\n');
}

function renderAxis(l: Layout, span: number, axisY: number, lanesY: number, lanesBottom: number): string {
  const ticks = niceTicks(span, Math.max(2, Math.floor(l.plotW / 90)));
  const out: string[] = [];
  const baseY = axisY + AXIS_H - 4;
  out.push(`<line class="ps-axis" x1="${r(l.plotX)}" x2="${r(l.plotX + l.plotW)}" y1="${baseY}" y2="${baseY}"/>`);
  for (const t of tickTimes(l.t0, l.t0 + span, ticks.step)) {
    const x = r(l.x(t));
    out.push(`<line class="ps-grid" x1="${x}" x2="${x}" y1="${lanesY}" y2="${lanesBottom}"/>`);
    out.push(`<line class="ps-tick" x1="${x}" x2="${x}" y1="${baseY - 4}" y2="${baseY}"/>`);
    out.push(`<text class="ps-tick-label" x="${x}" y="${baseY - 7}" text-anchor="middle">${tickLabel(t, ticks)}</text>`);
  }
  return out.join('\n');
}

interface RenderedOps {
  readonly svg: string;
  /** Ops drawn as part of a merged rect. */
  readonly merged: number;
}

/** The critical path's outline in the report: the app's red (theme.ts `critical`). */
const CRITICAL_STROKE = '#d62728';

function renderOps(trace: Trace, rows: readonly Row[], l: Layout, critical: ReadonlySet<number> = new Set()): RenderedOps {
  const rowOf = new Map(rows.map((row, i) => [row.lane.id, i]));
  const perRow: Op[][] = rows.map(() => []);
  for (const o of trace.ops) {
    const i = rowOf.get(o.laneId);
    if (i !== undefined) perRow[i]!.push(o);
  }
  const cols = Math.max(1, Math.ceil(l.plotW));
  const ownCap = Math.max(1, Math.floor(l.plotW / 2));
  const out: string[] = [];
  let merged = 0;
  const outlines: string[] = [];
  rows.forEach((row, i) => {
    const ops = perRow[i]!;
    const barY = r(row.y + (ROW_H - BAR_H) / 2);
    let own = ops.filter((o) => o.dur * l.scale >= OWN_RECT_MIN_PX);
    let rest = ops.filter((o) => o.dur * l.scale < OWN_RECT_MIN_PX);
    if (own.length > ownCap) {
      // Too many to draw one by one (overlapping ops): keep the longest, merge the others.
      const sorted = [...own].sort((a, b) => b.dur - a.dur);
      own = sorted.slice(0, ownCap);
      rest = rest.concat(sorted.slice(ownCap));
    }
    merged += rest.length;
    out.push(...mergedRects(rest, row, l, cols));
    for (const o of own) {
      const x = l.x(o.start);
      const w = Math.max(OWN_RECT_MIN_PX, o.dur * l.scale);
      const title = `${o.name}\n${kindLabel(o.kind)} on ${row.lane.name}\nstart ${formatDuration(o.start)}, duration ${formatDuration(o.dur)}`;
      out.push(
        `<rect class="ps-op" x="${r(x)}" y="${barY}" width="${r(w)}" height="${BAR_H}" fill="${KIND_COLORS[o.kind]}"><title>${escapeHtml(title)}</title></rect>`,
      );
    }
    // The critical path's ops outlined, merged ones too (an outline of at least a pixel).
    for (const o of ops) {
      if (!critical.has(o.id)) continue;
      const w = Math.max(1, o.dur * l.scale);
      outlines.push(`<rect class="ps-critical" x="${r(l.x(o.start))}" y="${barY}" width="${r(w)}" height="${BAR_H}"/>`);
    }
  });
  if (outlines.length > 0) out.push(`<g fill="none" stroke="${CRITICAL_STROKE}" stroke-width="2">`, ...outlines, '</g>');
  return { svg: out.join('\n'), merged };
}

/**
 * One rect per run of adjacent pixel columns covered by ops of one kind (difference arrays:
 * O(ops + columns)). When several kinds are merged on one lane each kind gets its own band of the
 * bar, so dense compute cannot hide the transfers under it.
 */
function mergedRects(ops: readonly Op[], row: Row, l: Layout, cols: number): string[] {
  if (ops.length === 0) return [];
  let mask = 0;
  for (const o of ops) mask |= 1 << kindIndex(o.kind);
  const bandH = BAR_H / bandCount(mask);
  const top = row.y + (ROW_H - BAR_H) / 2;
  const out: string[] = [];
  OP_KINDS.forEach((kind, k) => {
    if ((mask & (1 << k)) === 0) return;
    const cover = new Int32Array(cols + 1);
    const starts = new Int32Array(cols);
    for (const o of ops) {
      if (o.kind !== kind) continue;
      const a = (o.start - l.t0) * l.scale;
      const b = a + o.dur * l.scale;
      const c0 = firstColumn(a, cols - 1);
      cover[c0]!++;
      cover[lastColumn(a, b, cols - 1) + 1]!--;
      starts[c0]!++;
    }
    const y = r(top + bandIndex(mask, k) * bandH);
    let depth = 0;
    let runStart = -1;
    let runOps = 0;
    for (let c = 0; c <= cols; c++) {
      depth += c < cols ? cover[c]! : 0;
      const covered = c < cols && depth > 0;
      if (covered) {
        if (runStart < 0) {
          runStart = c;
          runOps = 0;
        }
        runOps += starts[c]!;
      } else if (runStart >= 0) {
        const from = l.t0 + runStart / l.scale;
        const to = l.t0 + c / l.scale;
        const title = `${runOps} ${kindLabel(kind)} op${runOps === 1 ? '' : 's'} narrower than a pixel, merged\non ${row.lane.name}, ${formatDuration(from)} – ${formatDuration(to)}`;
        out.push(
          `<rect class="ps-merged" x="${r(l.plotX + runStart)}" y="${y}" width="${c - runStart}" height="${r(bandH)}" fill="${KIND_COLORS[kind]}"><title>${escapeHtml(title)}</title></rect>`,
        );
        runStart = -1;
      }
    }
  });
  return out;
}

interface RenderedArrows {
  readonly svg: string;
  readonly drawn: number;
  readonly omitted: number;
}

/**
 * Arrows from the end of the source op to the start of the target op. Over the limit, arrows
 * between lanes go first: a same-lane edge only restates the order the row already shows.
 */
function renderArrows(trace: Trace, rows: readonly Row[], l: Layout, maxArrows: number): RenderedArrows {
  const rowY = new Map(rows.map((row) => [row.lane.id, row.y]));
  const cross: Dep[] = [];
  const same: Dep[] = [];
  for (const d of trace.deps) {
    const a = trace.ops[d.from];
    const b = trace.ops[d.to];
    if (!a || !b || !rowY.has(a.laneId) || !rowY.has(b.laneId)) continue;
    (a.laneId === b.laneId ? same : cross).push(d);
  }
  const chosen = cross.concat(same).slice(0, maxArrows);
  const out: string[] = [];
  for (const d of chosen) {
    const a = trace.ops[d.from]!;
    const b = trace.ops[d.to]!;
    const x1 = l.x(a.start + a.dur);
    const x2 = l.x(b.start);
    const ya = rowY.get(a.laneId)!;
    const yb = rowY.get(b.laneId)!;
    if (a.laneId === b.laneId) {
      // A small, faint hop over the bar, landing on the target's start: the row already shows
      // the order, so these must not hide the ops (a queue has one per op).
      const top = ya + (ROW_H - BAR_H) / 2;
      const dx = Math.max(2, Math.min(30, (x2 - x1) / 3));
      const path = `M${r(x1)},${r(top)}C${r(x1 + dx)},${r(top - 5)} ${r(x2 - dx)},${r(top - 5)} ${r(x2)},${r(top)}`;
      out.push(`<path class="ps-dep ps-dep-same ps-dep-${d.kind}" d="${path}" marker-end="url(#ps-arrow-sm)"/>`);
    } else {
      const y1 = ya + ROW_H / 2;
      const y2 = yb + ROW_H / 2;
      const dx = Math.max(12, Math.min(60, Math.abs(x2 - x1) / 2));
      const path = `M${r(x1)},${r(y1)}C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${r(x2)},${r(y2)}`;
      out.push(`<path class="ps-dep ps-dep-${d.kind}" d="${path}" marker-end="url(#ps-arrow)"/>`);
    }
  }
  return { svg: out.join('\n'), drawn: chosen.length, omitted: trace.deps.length - chosen.length };
}

function renderLegend(
  trace: Trace,
  width: number,
  top: number,
  maxArrows: number,
  omittedArrows: number,
  drawnArrows: number,
  mergedOps: number,
): { svg: string; bottom: number } {
  const out: string[] = ['<g class="ps-legend">'];
  let x = PAD;
  let y = top;
  const place = (w: number): void => {
    if (x + w > width - PAD && x > PAD) {
      x = PAD;
      y += LEGEND_LINE_H;
    }
  };
  const present = new Set(trace.ops.map((o) => o.kind));
  for (const kind of OP_KINDS) {
    if (!present.has(kind)) continue;
    const label = kindLabel(kind);
    const w = 16 + label.length * CHAR_W + 14;
    place(w);
    out.push(`<rect x="${r(x)}" y="${r(y + 3)}" width="12" height="12" rx="2" fill="${KIND_COLORS[kind]}"/>`);
    out.push(`<text x="${r(x + 16)}" y="${r(y + 13)}">${label}</text>`);
    x += w;
  }
  const depKinds = new Set(trace.deps.map((d) => d.kind));
  for (const kind of DEP_KINDS) {
    if (!depKinds.has(kind) || drawnArrows === 0) continue;
    const label = depKindLabel(kind);
    const w = 32 + label.length * CHAR_W + 14;
    place(w);
    out.push(`<line class="ps-legend-dep ps-dep-${kind}" x1="${r(x)}" x2="${r(x + 26)}" y1="${r(y + 9)}" y2="${r(y + 9)}" marker-end="url(#ps-arrow)"/>`);
    out.push(`<text x="${r(x + 32)}" y="${r(y + 13)}">${label}</text>`);
    x += w;
  }
  const notes: string[] = [];
  if (omittedArrows > 0)
    notes.push(`${omittedArrows} of ${trace.deps.length} dependencies not drawn as arrows (at most ${maxArrows} are drawn, those between lanes first).`);
  if (mergedOps > 0) notes.push(`${mergedOps} ops ${MERGED_OPS_NOTE}.`);
  for (const n of notes) {
    x = PAD;
    y += LEGEND_LINE_H;
    out.push(`<text class="ps-note" x="${PAD}" y="${r(y + 13)}">${escapeHtml(n)}</text>`);
  }
  out.push('</g>');
  return { svg: out.join('\n'), bottom: y + LEGEND_LINE_H };
}
