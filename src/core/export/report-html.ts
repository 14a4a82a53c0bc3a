/**
 * `parascope report --format html` (and the source of `--format pdf`): one self-contained HTML
 * file, inline CSS and an inline SVG timeline, no scripts and no URL of any kind, so it opens
 * offline, mails as one attachment and prints the same everywhere. Figures come from Stats (the
 * definitions of docs/metrics.md), the experiment's words from the trace header. Every string from
 * the trace or the stats goes through escapeHtml.
 */
import type { PhaseComparisonStats, Stats, SweepStats } from '../analysis/stats-types.js';
import { verdictSeverity, verdictState, type Phase, type Trace, type Verdict } from '../model.js';
import { RECORDED_WITH_OLDER_JUDGE, severityLabel, stateLabel, verdictIntervalText } from './verdict-text.js';
import { clipTraceMapped } from '../analysis/window.js';
import { escapeHtml as h } from './escape.js';
import { GAP_BACKGROUND, HTML_STYLE, kindColorVar, separateColorVar } from './report-html-style.js';
import {
  formatCount,
  formatFraction,
  formatMs,
  formatPct,
  formatRatio,
  formatSci,
  opRowNumbers,
  THROUGHPUT_HEAD,
  THROUGHPUT_NOTE,
  throughputRowCells,
} from './report-format.js';
import { renderTimelineSvg } from './svg-timeline.js';
import { kindLabel } from '../vocabulary/op-kinds.js';
import { laneKindColorOf, laneKindLabel } from '../vocabulary/lane-kinds.js';
import { sweepChartSvg } from './svg-sweep-chart.js';
import { sweepTable } from './sweep-table.js';
import { sectionTitle } from './section-titles.js';
import { busyRows, criticalPathSegments, summaryTiles, verdictsSummary } from './summary.js';
import {
  CALIBRATION_COLUMNS,
  calibrationCells,
  CHECK_COLUMNS,
  laneNames,
  OP_COLUMNS,
  opTableNote,
  opPatternName,
  PAIR_COLUMNS,
  pairRows,
  PATH_COLUMNS,
  phaseColumns,
  phaseCells,
  comparisonSpeedup,
  pathStepCells,
  slackRows,
  runSpreadColumns,
  runSpreadNote,
  runSpreadRows,
  type Column,
} from './report-tables.js';

export interface HtmlReportOptions {
  /** Width of the timeline SVG in px (it shrinks to the page). Default 1130. */
  readonly timelineWidth?: number;
  /** Dependency arrows drawn at most. Default: the timeline's default. */
  readonly maxArrows?: number;
}

/** Op table rows shown (sorted by total time); the CSV export has all of them. */
export const HTML_TOP_OPS = 100;
export const HTML_PATH_STEPS = 20;

/** Phases pictured one by one at their own scale; a trace with more says how many are left out. */
export const HTML_PHASE_PICTURES = 8;

export function renderHtml(stats: Stats, trace: Trace, opts: HtmlReportOptions = {}): string {
  const m = trace.meta;
  const title = m ? m.experiment.title : `Trace ${stats.source.file}`;
  // The first page carries the answer: the question, the verdicts, the headline numbers and the
  // phase chart. The pictures and the tables that back it up follow from the next page on.
  const body = [
    header(stats, trace, title),
    verdicts(stats),
    overlap(stats),
    runs(stats),
    phases(stats),
    '<div class="page-break"></div>',
    timelines(stats, trace, opts),
    lanes(stats, trace),
    ...stats.sweeps.map(sweep),
    criticalPath(stats, trace),
    slack(stats, trace),
    opTable(stats),
    throughputTable(stats),
    checks(stats),
    adapters(stats),
    notes(trace),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${h(title)} — Parascope report</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<main>
${body}
<footer>Parascope report${m ? ` · Parascope ${h(m.tool.version)}` : ''} · ${h(stats.schema)} · source ${h(stats.source.file)}</footer>
</main>
</body>
</html>
`;
}

/**
 * The whole trace at one scale, then each phase at its own (the first run of each phase name, in
 * trace order): at the whole trace's scale a recording's phases are combs too thin to read. The
 * critical path is outlined in every picture.
 */
function timelines(stats: Stats, trace: Trace, opts: HtmlReportOptions): string {
  const width = opts.timelineWidth ?? 1130;
  const critical = new Set(stats.criticalPath.path.map((s) => s.id));
  const svgOf = (t: Trace, path: ReadonlySet<number>): string =>
    renderTimelineSvg(t, { width, inline: true, criticalPath: path, ...(opts.maxArrows === undefined ? {} : { maxArrows: opts.maxArrows }) });
  const caption =
    'One row per lane (GPU queue or CPU thread), grouped by process; phases above. Arrows run from the end of an op to the start of the op that depended on it' +
    (critical.size > 0 ? '; the critical path is outlined in red' : '') +
    '. <span class="screen-only">Hover an op for its name and times.</span>';
  let out = `<section><h2>${sectionTitle('timeline')}</h2><figure class="timeline">${svgOf(trace, critical)}</figure><figcaption>${caption}</figcaption></section>`;

  const firstOfName: Phase[] = [];
  const seen = new Set<string>();
  for (const p of trace.phases) {
    if (seen.has(p.name) || !(p.end > p.start)) continue;
    seen.add(p.name);
    firstOfName.push(p);
  }
  if (firstOfName.length === 0) return out;
  const shown = firstOfName.slice(0, HTML_PHASE_PICTURES);
  const figures = shown.map((p) => {
    const { trace: window, newId } = clipTraceMapped(trace, p);
    const path = new Set<number>();
    for (const id of critical) if (newId[id] !== undefined && newId[id]! >= 0) path.add(newId[id]!);
    const round = p.round !== undefined ? `, round ${p.round}` : '';
    return `<figure class="timeline phase-picture"><figcaption><strong>${h(p.name)}</strong> <span class="muted">${formatMs((p.end - p.start) / 1e6)}${round}</span></figcaption>${svgOf(window, path)}</figure>`;
  });
  const more = firstOfName.length - shown.length;
  const note = more > 0 ? `<p class="muted">${formatCount(more)} more phase${more === 1 ? '' : 's'} not pictured; the app shows every one.</p>` : '';
  out += section(sectionTitle('phase-timelines'), figures.join('\n') + note);
  return out;
}

/** Bar width in %, clamped: stats are finite but a ratio can exceed 1 by rounding. */
function pct(part: number, whole: number): string {
  if (!(whole > 0)) return '0';
  return String(Math.round(Math.min(100, Math.max(0, (100 * part) / whole)) * 100) / 100);
}

function bar(segments: readonly { readonly value: number; readonly color: string; readonly title?: string }[], whole: number): string {
  const spans = segments
    .map((s) => `<span style="width:${pct(s.value, whole)}%;background:${s.color}"${s.title ? ` title="${h(s.title)}"` : ''}></span>`)
    .join('');
  return `<div class="bar">${spans}</div>`;
}

function swatch(color: string): string {
  return `<span class="swatch" style="background:${color}"></span>`;
}

function section(title: string, inner: string): string {
  return `<section><h2>${h(title)}</h2>\n${inner}\n</section>`;
}

function tableHtml(head: readonly Column[], rows: readonly (readonly string[])[]): string {
  const th = head.map(([label, num]) => `<th${num ? ' class="num"' : ''}>${h(label)}</th>`).join('');
  const tr = rows.map((cells) => `<tr>${cells.map((c, i) => `<td class="${head[i]?.[1] ? 'num' : 'name'}">${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

function header(stats: Stats, trace: Trace, title: string): string {
  const m = trace.meta;
  const s = stats.source;
  const rows: [string, string][] = [];
  if (m) {
    rows.push(['Recorded', `${h(m.recordedAt)} on ${h(m.host.hostname)} (${h(m.host.platform)}; ${h(m.host.cpus)}; Node ${h(m.host.node)})`]);
    rows.push(['Tool', `Parascope ${h(m.tool.version)}`]);
    rows.push(['Topology', h(m.topology)]);
    const params = Object.entries(m.experiment.params);
    if (params.length > 0) rows.push(['Parameters', params.map(([k, v]) => `${h(k)} = ${h(String(v))}`).join(', ')]);
  }
  const warn =
    s.warnings > 0
      ? `<span class="warn">${formatCount(s.warnings)} warning${s.warnings === 1 ? '' : 's'} (events skipped, edges ignored)</span>`
      : '0 warnings';
  rows.push(['Source', `${h(s.file)} · ${h(s.format)} · ${formatCount(s.events)} events · ${warn}`]);
  const meta = rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('');
  const method = m?.experiment.method ? `<br><span class="eyebrow">Method</span><br>${h(m.experiment.method)}` : '';
  const question = m ? `<p class="question"><span class="eyebrow">Question</span><br>${h(m.experiment.question)}${method}</p>` : '';
  return `<header><div class="eyebrow">Parascope report${m ? ` · ${h(m.experiment.id)}` : ''}</div><h1>${h(title)}</h1>${question}<dl class="meta">${meta}</dl></header>`;
}

/** One verdict card: state badge, severity as the colour (a warning is never green), the interval, the evidence. */
function verdictCard(v: Verdict, older = false): string {
  const state = verdictState(v);
  const severity = older ? 'info' : verdictSeverity(v);
  const interval = older ? '' : verdictIntervalText(v);
  return (
    `<div class="verdict sev-${severity}${older ? ' older' : ''}" data-state="${state}"><div><span class="badge">${stateLabel(state)}</span>` +
    `<span class="severity">${h(older ? RECORDED_WITH_OLDER_JUDGE : severityLabel(severity))}</span>` +
    `<span class="claim">${h(v.claim)}</span>${interval ? ` <span class="interval">${h(interval)}</span>` : ''}</div>` +
    `<div class="evidence">${h(v.evidence)}</div></div>`
  );
}

function verdicts(stats: Stats): string {
  if (stats.verdicts.length === 0) return '';
  const cards = stats.verdicts.map((v) => verdictCard(v)).join('\n');
  const note = stats.judging ? `<p class="muted">${h(stats.judging.note)}.</p>` : '';
  const recorded =
    stats.recordedVerdicts && stats.recordedVerdicts.length > 0
      ? // Not a <details>: a closed one would print as its summary alone, and the stored verdicts must stand beside today's on paper too.
        `<div class="recorded"><p class="muted">${stats.recordedVerdicts.length} verdict(s) ${RECORDED_WITH_OLDER_JUDGE}, as the file stores them:</p>` +
        `<div class="verdicts">${stats.recordedVerdicts.map((v) => verdictCard(v, true)).join('\n')}</div></div>`
      : '';
  return section(sectionTitle('verdicts'), `<p class="muted">${h(verdictsSummary(stats) ?? '')}.</p><div class="verdicts">${cards}</div>${note}${recorded}`);
}

function overlap(stats: Stats): string {
  const span = stats.spanMs;
  const tiles = summaryTiles(stats, 'report')
    .map((t) => `<div class="tile"><div class="value">${h(t.value)}</div><div class="label">${h(t.label)}</div></div>`)
    .join('');
  // Every kind, `other` included even when empty: a printed report shows the same rows for every trace.
  const rows = busyRows(stats).map((r) => {
    const color = r.key === 'overlap' ? 'var(--overlap)' : kindColorVar(r.key);
    return `<div>${swatch(color)}${h(r.label)}</div>${bar([{ value: r.ms, color }], span)}<div class="num">${r.detail}</div>`;
  });
  const explain =
    `<p class="muted">Bars are busy time (the union of the ops' intervals) against the span of ${formatMs(span)}. ` +
    `Parallelism ${formatRatio(stats.work.parallelism)} = sum of parts of work ${formatMs(stats.work.sumOfPartsMs)} / span; above 1 means lanes worked at the same time. ` +
    `Sync is waiting: it never counts as compute or as work (with the waits, as revision 1 counted: ${formatRatio(stats.parallelism)}).</p>`;
  return section(sectionTitle('overview'), `<div class="tiles">${tiles}</div><div class="bars">${rows.join('\n')}</div>${explain}`);
}

/** A profiled program's answers across its runs (docs/metrics.md `runSpread`). */
function runs(stats: Stats): string {
  const r = stats.runSpread;
  if (!r) return '';
  const rows = runSpreadRows(r).map((cells) => cells.map(h));
  return section(sectionTitle('runs'), `<p class="muted">${h(runSpreadNote(r))}</p>${tableHtml(runSpreadColumns(r), rows)}`);
}

function lanes(stats: Stats, trace: Trace): string {
  if (stats.lanes.length === 0) return '';
  const pairs = pairRows(stats, laneNames(stats, trace), h);
  const rows = stats.lanes.map((l) => {
    const color = kindColorVar(laneKindColorOf(l.kind));
    return [
      h(l.name),
      laneKindLabel(l.kind),
      formatCount(l.ops),
      formatMs(l.busyMs),
      formatMs(l.idleMs),
      bar([{ value: l.utilization, color }], 1),
      formatFraction(l.utilization),
    ];
  });
  return section(
    sectionTitle('lanes'),
    tableHtml(
      [
        ['Lane', false],
        ['Kind', false],
        ['Ops', true],
        ['Busy', true],
        ['Idle', true],
        ['Utilization', false],
        ['', true],
      ],
      rows,
    ) +
      `<p class="muted">Utilization = busy / span; idle = span − busy.</p>` +
      (pairs.length > 0 ? `<h3>${h(sectionTitle('concurrency'))}</h3>${tableHtml(PAIR_COLUMNS, pairs)}` : ''),
  );
}

function phases(stats: Stats): string {
  if (stats.phases.length === 0) return '';
  const table = tableHtml(
    phaseColumns(stats),
    stats.phases.map((p) => phaseCells(p, stats, h)),
  );
  const charts = stats.phaseComparisons.map((c) => comparisonChart(c, stats)).join('\n');
  return section(sectionTitle('phases'), table + (charts ? `<h3>${sectionTitle('phase-comparisons')}</h3>${charts}` : ''));
}

/** Each separate phase, their sum (stacked) and the phase running them together, on one scale. */
function comparisonChart(c: PhaseComparisonStats, stats: Stats): string {
  const wall = new Map(stats.phases.map((p) => [p.name, p.wallMs]));
  const parts = c.separate.map((name, i) => ({ name, ms: wall.get(name) ?? 0, color: separateColorVar(i) }));
  const max = Math.max(c.sumOfSeparateMs, c.togetherMs, ...parts.map((p) => p.ms), 0);
  const rows: string[] = parts.map(
    (p) => `<div>${swatch(p.color)}${h(p.name)}</div>${bar([{ value: p.ms, color: p.color }], max)}<div class="num">${formatMs(p.ms)}</div>`,
  );
  rows.push(
    `<div><strong>Σ separate</strong></div>${bar(
      parts.map((p) => ({ value: p.ms, color: p.color, title: `${p.name}: ${formatMs(p.ms)}` })),
      max,
    )}<div class="num"><strong>${formatMs(c.sumOfSeparateMs)}</strong></div>`,
  );
  rows.push(
    `<div>${swatch('var(--together)')}<strong>${h(c.together)}</strong> (together)</div>${bar([{ value: c.togetherMs, color: 'var(--together)' }], max)}` +
      `<div class="num"><strong>${formatMs(c.togetherMs)}</strong></div>`,
  );
  const verdict =
    c.speedup > 1 ? 'running them together was faster' : c.speedup > 0 ? 'running them together was not faster' : 'the together phase has no length';
  return (
    `<div class="bars">${rows.join('\n')}</div>` +
    (stats.repeats >= 2
      ? `<p><span class="speedup">Speedup ${comparisonSpeedup(c, stats)}</span> <span class="muted">= the median over ${c.ratios.length} rounds of Σ separate / together, with its 95 % bootstrap interval (the bars: the phases' median walls): ${verdict}.</span></p>`
      : `<p><span class="speedup">Speedup ${comparisonSpeedup(c, stats)}</span> <span class="muted">= Σ separate ${formatMs(c.sumOfSeparateMs)} / together ${formatMs(c.togetherMs)}: ${verdict}.</span></p>`)
  );
}

/** A parameter sweep: its chart (speedup against the swept value) and the walls it comes from. */
function sweep(s: SweepStats): string {
  const t = sweepTable(s);
  const table = tableHtml(
    t.head.map((label, i) => [label, i > 0] as const),
    t.rows.map((r) => r.map((c) => h(c))),
  );
  return section(s.title, `<figure class="sweep">${sweepChartSvg(s, { width: 760, inline: true })}</figure>${table}`);
}

function criticalPath(stats: Stats, trace: Trace): string {
  const cp = stats.criticalPath;
  const names = laneNames(stats, trace);
  const steps = cp.path.slice(0, HTML_PATH_STEPS);
  const share = stats.spanMs > 0 ? ` (${formatPct((100 * cp.lengthMs) / stats.spanMs)} of the span)` : '';
  let inner =
    `<p>Length <strong>${formatMs(cp.lengthMs)}</strong>${share} over <strong>${formatCount(cp.ops)}</strong> op${cp.ops === 1 ? '' : 's'}: ` +
    `the chain of ops that set the end time, walked back from the op that ends last. Each step adds the time after the step before it ended (a wait counts only after what it waited for), so the parts below sum to the length.</p>`;
  const segments = criticalPathSegments(cp.byKind).map((p) => ({
    value: p.ms,
    color: p.part === 'gap' ? GAP_BACKGROUND : kindColorVar(p.part),
    title: `${p.label}: ${formatMs(p.ms)}`,
  }));
  if (segments.length > 0) {
    const legend = criticalPathSegments(cp.byKind)
      .map((p) => `<span>${swatch(p.part === 'gap' ? GAP_BACKGROUND : kindColorVar(p.part))}${h(p.label)} ${formatMs(p.ms)}</span>`)
      .join(' ');
    inner += `<div class="bars"><div><strong>By kind</strong></div>${bar(segments, cp.lengthMs)}<div class="num">${formatMs(cp.lengthMs)}</div></div><p class="muted">${legend}</p>`;
  }
  if (steps.length > 0) {
    inner += tableHtml(
      PATH_COLUMNS,
      steps.map((s, i) => pathStepCells(s, i, names, h)),
    );
    if (cp.path.length > steps.length) inner += `<p class="muted">${formatCount(cp.path.length - steps.length)} more steps not shown.</p>`;
  }
  return section(sectionTitle('critical-path'), inner);
}

function slack(stats: Stats, trace: Trace): string {
  if (!stats.slack) return '';
  const rows = slackRows(stats.slack, laneNames(stats, trace), h);
  return section(
    sectionTitle('slack'),
    `<dl class="meta">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
      `<p class="muted">The data bound is the longest path through data dependencies alone, each op weighted by its duration: what the work could take with unlimited queues. Pairs: neighbours on a GPU lane with no data path between them, which could have run at the same time.</p>`,
  );
}

function opTable(stats: Stats): string {
  if (stats.opPatterns.length === 0) return '';
  // Folded by name pattern and sorted by total time (op-table.ts).
  const sorted = stats.opPatterns;
  const shown = sorted.slice(0, HTML_TOP_OPS);
  const rows = shown.map((o) => [opPatternName(o, h), `${swatch(kindColorVar(o.kind))}${h(kindLabel(o.kind))}`, ...opRowNumbers(o)]);
  const omitted = sorted.length - shown.length;
  const note =
    omitted > 0
      ? `<p class="muted">${formatCount(omitted)} more rows omitted; <code>--format csv</code> has all ${formatCount(stats.ops.length)} exact names.</p>`
      : `<p class="muted">${opTableNote((c) => `<code>${h(c)}</code>`)}</p>`;
  return section(sectionTitle('ops'), tableHtml(OP_COLUMNS, rows) + note);
}

function throughputTable(stats: Stats): string {
  if (stats.throughput.length === 0) return '';
  const shown = stats.throughput.slice(0, HTML_TOP_OPS);
  const more = stats.throughput.length - shown.length;
  return section(
    sectionTitle('throughput'),
    tableHtml(
      THROUGHPUT_HEAD.map((label, i) => [label, i >= 2] as const),
      shown.map((r) => [h(r.name), `${swatch(kindColorVar(r.kind))}${h(kindLabel(r.kind))}`, ...throughputRowCells(r)]),
    ) + `<p class="muted">${h(THROUGHPUT_NOTE)}${more > 0 ? ` ${formatCount(more)} more rows omitted; <code>--format json</code> has all.` : ''}</p>`,
  );
}

function checks(stats: Stats): string {
  if (stats.checks.length === 0) return '';
  return section(
    sectionTitle('checks'),
    tableHtml(
      CHECK_COLUMNS,
      stats.checks.map((c) => [
        h(c.name),
        c.passed ? '<span class="badge pass">PASS</span>' : '<span class="badge fail">FAIL</span>',
        formatCount(c.samples),
        formatSci(c.maxAbsError),
        formatSci(c.maxRelError),
        h(c.tolerance),
      ]),
    ),
  );
}

function adapters(stats: Stats): string {
  if (stats.adapters.length === 0 && stats.calibration.length === 0) return '';
  let inner = '';
  if (stats.adapters.length > 0) {
    inner += tableHtml(
      [
        ['Adapter', false],
        ['Vendor', false],
        ['Architecture', false],
        ['Backend', false],
        ['Timestamp query', false],
        ['Description', false],
      ],
      stats.adapters.map((a) => [
        h(a.name),
        h(a.vendor),
        h(a.architecture || '—'),
        h(a.backend),
        a.timestampQuery ? 'yes' : '<span class="warn">no</span>',
        h(a.description + (a.isFallback ? ' (software fallback)' : '')),
      ]),
    );
  }
  if (stats.calibration.length > 0) {
    inner += `<h3>${h(sectionTitle('calibration'))}</h3>`;
    inner += tableHtml(
      CALIBRATION_COLUMNS,
      stats.calibration.map((c) => calibrationCells(c, h)),
    );
    inner += `<p class="muted">GPU op times are placed on the host clock with these offsets; differences smaller than the uncertainty plus the drift are not meaningful.</p>`;
  }
  return section(sectionTitle('adapters'), inner);
}

function notes(trace: Trace): string {
  const list = trace.meta?.notes ?? [];
  if (list.length === 0) return '';
  return section(sectionTitle('notes'), `<ul class="notes">${list.map((n) => `<li>${h(n)}</li>`).join('')}</ul>`);
}
