/**
 * A verdict's words, declared once for every place that shows one (docs/metrics.md "Verdict
 * states"): the CLI's printed lines, the Markdown, HTML and CSV reports, the text summary and the
 * app's cards. A verdict from before revision 2 is read through `verdictState`/`verdictSeverity`.
 */
import { verdictSeverity, verdictState, type MeasureUnit, type Severity, type Verdict, type VerdictState } from '../model.js';

/** A verdict's measured value as printed: '1.33×' or '42%' (one decimal below 10%); `withUnit` false inside an interval. */
export function formatMeasureValue(unit: MeasureUnit, x: number, withUnit = true): string {
  switch (unit) {
    case 'ratio':
      return `${x.toFixed(2)}${withUnit ? '×' : ''}`;
    case 'percent':
      return `${Math.abs(x) >= 10 ? x.toFixed(0) : x.toFixed(1)}${withUnit ? '%' : ''}`;
    default: {
      const never: never = unit;
      return never;
    }
  }
}

/** The state's badge: 'HOLDS', 'DOES NOT HOLD', 'INCONCLUSIVE'. */
export function stateLabel(state: VerdictState): string {
  switch (state) {
    case 'holds':
      return 'HOLDS';
    case 'does-not-hold':
      return 'DOES NOT HOLD';
    case 'inconclusive':
      return 'INCONCLUSIVE';
    default: {
      const never: never = state;
      return never;
    }
  }
}

/** The severity in words: a warning names a problem, never shown as good news. */
export function severityLabel(severity: Severity): string {
  switch (severity) {
    case 'ok':
      return 'ok';
    case 'warning':
      return 'warning';
    case 'info':
      return 'info';
    default: {
      const never: never = severity;
      return never;
    }
  }
}

/** 'HOLDS · ok', 'HOLDS · warning', 'INCONCLUSIVE · info'. */
export function verdictBadge(v: Verdict): string {
  return `${stateLabel(verdictState(v))} · ${severityLabel(verdictSeverity(v))}`;
}

/** The interval as printed beside a badge: 'speedup 1.33× [1.29, 1.37]', 'speedup 0.92×, one run', 'held in 3 of 5 runs'; empty otherwise. */
export function verdictIntervalText(v: Verdict): string {
  const m = v.measure;
  if (!m) return v.runs !== undefined && v.runs > 1 && v.heldIn !== undefined ? `held in ${v.heldIn} of ${v.runs} runs` : '';
  const f = (x: number, unit = true) => formatMeasureValue(m.unit, x, unit);
  return m.interval ? `${m.name} ${f(m.value)} [${f(m.interval[0], false)}, ${f(m.interval[1], false)}]` : `${m.name} ${f(m.value)}, one run`;
}

/** The note shown beside stored verdicts that today's judge replaced. */
export const RECORDED_WITH_OLDER_JUDGE = 'recorded with an older judge';

/** '3 verdicts: 1 holds, 1 does not hold, 1 inconclusive; 1 warning'. */
export function verdictTally(verdicts: readonly Verdict[]): string {
  const n = (pred: (v: Verdict) => boolean) => verdicts.filter(pred).length;
  const states = (['holds', 'does-not-hold', 'inconclusive'] as const)
    .map((s) => [n((v) => verdictState(v) === s), s] as const)
    .filter(([c]) => c > 0)
    .map(
      ([c, s]) => `${c} ${s === 'holds' ? (c === 1 ? 'holds' : 'hold') : s === 'does-not-hold' ? (c === 1 ? 'does not hold' : 'do not hold') : 'inconclusive'}`,
    );
  const warnings = n((v) => verdictSeverity(v) === 'warning');
  return `${verdicts.length} verdict${verdicts.length === 1 ? '' : 's'}: ${states.join(', ')}${warnings > 0 ? `; ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`;
}
