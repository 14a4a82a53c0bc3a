/**
 * `parascope report --format verdicts-csv`: a recording's verdicts (docs/metrics.md "Verdict
 * states"), one row each, as RFC 4180 CSV with the op table's quoting and formula guard
 * (report-csv.ts): today's verdicts first, then, where today's judge differs from the file, the
 * file's own, `judged` = "recorded with an older judge". Empty cells where a verdict has no such
 * field (no measure, one run, a verdict from before revision 2).
 */
import type { Stats } from '../analysis/stats-types.js';
import { verdictSeverity, verdictState, type Verdict } from '../model.js';
import { csvNumber, textField } from './report-csv.js';
import { RECORDED_WITH_OLDER_JUDGE } from './verdict-text.js';

export const VERDICTS_CSV_HEADER = [
  'judged',
  'claim',
  'state',
  'severity',
  'holds',
  'runs',
  'measure',
  'value',
  'ciLow',
  'ciHigh',
  'threshold',
  'holdsWhen',
  'heldIn',
  'evidence',
] as const;

const CRLF = '\r\n';

export function renderVerdictsCsv(stats: Stats): string {
  const judged = stats.judging?.by === 'recording' ? 'as recorded' : stats.judging ? 'today' : 'as recorded';
  const lines = [VERDICTS_CSV_HEADER.join(',')];
  for (const v of stats.verdicts) lines.push(row(judged, v));
  for (const v of stats.recordedVerdicts ?? []) lines.push(row(RECORDED_WITH_OLDER_JUDGE, v, true));
  return lines.join(CRLF) + CRLF;
}

function row(judged: string, v: Verdict, older = false): string {
  const m = v.measure;
  const n = (x: number | undefined) => (x === undefined ? '' : csvNumber(x));
  return [
    textField(judged),
    textField(v.claim),
    verdictState(v),
    // A stored verdict is shown, not judged: its severity is today's verdict's business.
    older ? '' : verdictSeverity(v),
    String(v.holds),
    n(v.runs),
    m ? textField(m.name) : '',
    n(m?.value),
    n(m?.interval?.[0]),
    n(m?.interval?.[1]),
    n(m?.threshold),
    m?.holdsWhen ?? '',
    n(v.heldIn),
    textField(v.evidence),
  ].join(',');
}
