/**
 * `parascope report --format md`: a readable summary for a pull request, an issue or a lab
 * notebook. Figures come from Stats (one set of definitions, docs/metrics.md); the experiment's words
 * (title, question, topology, notes) from the trace header. Every string that comes from a trace
 * goes through escapeMarkdown.
 */
import type { Stats } from '../analysis/stats-types.js';
import { verdictSeverity, verdictState, type Trace } from '../model.js';
import { RECORDED_WITH_OLDER_JUDGE, severityLabel, stateLabel, verdictIntervalText } from './verdict-text.js';
import { escapeMarkdown as md } from './escape.js';
import { sweepTable } from './sweep-table.js';
import { sectionTitle, type SectionId } from './section-titles.js';
import { criticalPathParts, summaryTableRows, verdictsSummary } from './summary.js';
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
import { laneKindShort } from '../vocabulary/lane-kinds.js';
import {
  formatCount,
  formatFraction,
  formatMs,
  formatRatio,
  formatSci,
  opRowNumbers,
  THROUGHPUT_HEAD,
  THROUGHPUT_NOTE,
  throughputRowCells,
} from './report-format.js';

/** Rows of the op table shown; the CSV export has all of them. */
export const MD_TOP_OPS = 20;
/** Critical path steps listed. */
export const MD_PATH_STEPS = 20;

/** A section's heading, in the Markdown report's words. */
function heading(id: SectionId, level = 2): string {
  return `${'#'.repeat(level)} ${sectionTitle(id, true)}`;
}

function tableOf(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  return table(
    columns.map(([heading]) => heading),
    rows,
    columns.map(([, numeric]) => numeric),
  );
}

function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const sep = header.map((_, i) => (right[i] ? '---:' : '---'));
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

export function renderMarkdown(stats: Stats, trace: Trace): string {
  const m = trace.meta;
  const out: string[] = [];
  const title = m ? m.experiment.title : `Trace ${stats.source.file}`;
  out.push(`# ${md(title)}`, '');
  if (m) {
    out.push(`**Question:** ${md(m.experiment.question)}`, '');
    if (m.experiment.method) out.push(`**Method:** ${md(m.experiment.method)}`, '');
    out.push(`- Recorded: ${md(m.recordedAt)} with Parascope ${md(m.tool.version)} on ${md(m.host.hostname)} (${md(m.host.platform)})`);
    out.push(`- Topology: ${md(m.topology)}`);
    const params = Object.entries(m.experiment.params);
    if (params.length > 0) out.push(`- Parameters: ${params.map(([k, v]) => `${md(k)} = ${md(String(v))}`).join(', ')}`);
  }
  const s = stats.source;
  out.push(`- Source: ${md(s.file)} (${s.format}, ${formatCount(s.events)} events, ${formatCount(s.warnings)} warning${s.warnings === 1 ? '' : 's'})`, '');

  if (stats.verdicts.length > 0) {
    out.push(heading('verdicts'), '', `${verdictsSummary(stats)}.`, '');
    for (const v of stats.verdicts) {
      const interval = verdictIntervalText(v);
      out.push(`- **${stateLabel(verdictState(v))}** · ${severityLabel(verdictSeverity(v))} — ${md(v.claim)}${interval ? ` (${md(interval)})` : ''}`);
      out.push(`  ${md(v.evidence)}`);
    }
    if (stats.judging) out.push('', `${md(stats.judging.note)}.`);
    if (stats.recordedVerdicts && stats.recordedVerdicts.length > 0) {
      out.push('', `The file's own verdicts, ${RECORDED_WITH_OLDER_JUDGE}:`, '');
      for (const v of stats.recordedVerdicts) {
        out.push(`- ${stateLabel(verdictState(v))} (${RECORDED_WITH_OLDER_JUDGE}) — ${md(v.claim)}`);
        out.push(`  ${md(v.evidence)}`);
      }
    }
    out.push('');
  }

  out.push(heading('overview'), '');
  out.push(table(['Measure', 'Value'], summaryTableRows(stats)), '');

  if (stats.runSpread) {
    out.push(heading('runs'), '', runSpreadNote(stats.runSpread), '');
    out.push(tableOf(runSpreadColumns(stats.runSpread), runSpreadRows(stats.runSpread)), '');
  }

  if (stats.lanes.length > 0) {
    out.push(heading('lanes'), '');
    out.push(
      table(
        ['Lane', 'Kind', 'Ops', 'Busy', 'Idle', 'Utilization'],
        stats.lanes.map((l) => [md(l.name), laneKindShort(l.kind), formatCount(l.ops), formatMs(l.busyMs), formatMs(l.idleMs), formatFraction(l.utilization)]),
        [false, false, true, true, true, true],
      ),
      '',
    );
  }

  const pairs = pairRows(stats, laneNames(stats, trace), md);
  if (pairs.length > 0) {
    out.push(heading('concurrency', 3), '');
    out.push(tableOf(PAIR_COLUMNS, pairs), '');
  }

  if (stats.phases.length > 0) {
    out.push(heading('phases'), '');
    out.push(
      tableOf(
        phaseColumns(stats),
        stats.phases.map((p) => phaseCells(p, stats, md)),
      ),
      '',
    );
    if (stats.phaseComparisons.length > 0) {
      out.push(heading('phase-comparisons', 3), '');
      out.push(
        table(
          [
            'Separate phases',
            'Σ separate',
            'Together',
            'Together wall',
            stats.repeats >= 2 ? `Speedup (median over ${stats.repeats} rounds of Σ separate / together) [95 % interval]` : 'Speedup (Σ separate / together)',
          ],
          stats.phaseComparisons.map((c) => [
            c.separate.map(md).join(' + '),
            formatMs(c.sumOfSeparateMs),
            md(c.together),
            formatMs(c.togetherMs),
            comparisonSpeedup(c, stats),
          ]),
          [false, true, false, true, true],
        ),
        '',
      );
    }
  }

  for (const s of stats.sweeps) {
    const t = sweepTable(s);
    out.push(`## ${md(s.title)}`, '');
    out.push(
      `Speedup = ${md(s.baseline)} wall ÷ the arrangement's wall, at each ${md(s.parameter)}${s.threshold !== undefined ? `; it pays above ${formatRatio(s.threshold)}` : ''}.`,
      '',
    );
    out.push(
      table(
        t.head.map(md),
        t.rows.map((r) => r.map(md)),
        t.head.map((_, i) => i > 0),
      ),
      '',
    );
  }

  out.push(heading('critical-path'), '');
  const cp = stats.criticalPath;
  out.push(
    `Length ${formatMs(cp.lengthMs)} over ${formatCount(cp.ops)} op${cp.ops === 1 ? '' : 's'}: the chain of ops that set the end time, walked back from the op that ends last ` +
      `(each step adds the time after the step before it ended; a wait counts only after what it waited for). ` +
      `By kind: ${criticalPathParts(cp.byKind, cp.lengthMs)}.`,
    '',
  );
  if (cp.path.length > 0) {
    const names = laneNames(stats, trace);
    const steps = cp.path.slice(0, MD_PATH_STEPS);
    out.push(
      tableOf(
        PATH_COLUMNS,
        steps.map((st, i) => pathStepCells(st, i, names, md)),
      ),
    );
    if (cp.path.length > steps.length) out.push('', `${formatCount(cp.path.length - steps.length)} more steps not shown.`);
    out.push('');
  }

  if (stats.slack) {
    out.push(heading('slack'), '');
    out.push(table(['Measure', 'Value'], slackRows(stats.slack, laneNames(stats, trace), md)), '');
  }

  if (stats.checks.length > 0) {
    out.push(heading('checks'), '');
    out.push(
      tableOf(
        CHECK_COLUMNS,
        stats.checks.map((c) => [
          md(c.name),
          c.passed ? '**PASS**' : '**FAIL**',
          formatCount(c.samples),
          formatSci(c.maxAbsError),
          formatSci(c.maxRelError),
          md(c.tolerance),
        ]),
      ),
      '',
    );
  }

  if (stats.adapters.length > 0 || stats.calibration.length > 0) {
    out.push(heading('adapters'), '');
    if (stats.adapters.length > 0) {
      out.push(
        table(
          ['Adapter', 'Vendor', 'Backend', 'Timestamp query', 'Description'],
          stats.adapters.map((a) => [
            md(a.name),
            md(a.vendor),
            md(a.backend),
            a.timestampQuery ? 'yes' : '**no**',
            md(a.description + (a.isFallback ? ' (software fallback)' : '')),
          ]),
        ),
        '',
      );
    }
    if (stats.calibration.length > 0) {
      out.push(
        tableOf(
          CALIBRATION_COLUMNS,
          stats.calibration.map((c) => calibrationCells(c, md)),
        ),
        '',
      );
    }
  }

  if (stats.opPatterns.length > 0) {
    const sorted = stats.opPatterns; // sorted by total time (op-table.ts)
    const shown = sorted.slice(0, MD_TOP_OPS);
    out.push(heading('ops'), '');
    out.push(
      tableOf(
        OP_COLUMNS,
        shown.map((o) => [opPatternName(o, md), o.kind, ...opRowNumbers(o)]),
      ),
    );
    const omitted = sorted.length - shown.length;
    out.push(
      '',
      omitted > 0
        ? `${formatCount(omitted)} more op rows omitted (all ${formatCount(stats.ops.length)} exact names are in \`--format csv\`).`
        : `All ${formatCount(sorted.length)} op rows shown. ${opTableNote((c) => `\`${c}\``)}`,
      '',
    );
  }

  if (stats.throughput.length > 0) {
    const shown = stats.throughput.slice(0, MD_TOP_OPS);
    out.push(heading('throughput'), '');
    out.push(
      table(
        [...THROUGHPUT_HEAD],
        shown.map((r) => [md(r.name), r.kind, ...throughputRowCells(r)]),
        THROUGHPUT_HEAD.map((_, i) => i >= 2),
      ),
    );
    const omitted = stats.throughput.length - shown.length;
    out.push('', `${md(THROUGHPUT_NOTE)}${omitted > 0 ? ` ${formatCount(omitted)} more rows omitted (all are in \`--format json\`).` : ''}`, '');
  }

  if (m && m.notes.length > 0) {
    out.push(heading('notes'), '');
    for (const n of m.notes) out.push(`- ${md(n)}`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
