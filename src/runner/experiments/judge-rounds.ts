/**
 * From findings to verdicts (docs/metrics.md, revision 2, "Verdict states"): a judge reads one run
 * of an experiment and returns findings (a claim, whether it held on that run, its evidence, the
 * measured value against its threshold where it has one, and whether it is good news or names a
 * problem); `judgeRounds` judges every round of a `--repeat K` recording on its own and combines
 * the findings claim by claim into verdicts with a state (holds, does not hold, inconclusive) and a
 * severity. A threshold claim is decided by the 95 % bootstrap interval of the median of its
 * per-round values; one without a threshold by how many rounds it held in. Pure: core only.
 */
import { bootstrapMedianCi95, median } from '../../core/analysis/bootstrap.js';
import { formatMeasureValue } from '../../core/export/verdict-text.js';
import type { HoldsWhen, MeasureUnit, Phase, Severity, Trace, Verdict, VerdictMeasure, VerdictState } from '../../core/model.js';

/**
 * What a finding says about its claim, for its severity: `good` (good news when it holds), `problem`
 * (it names a problem when it holds: "idle 70% waiting for the host"), `required` (must hold: a
 * correctness check; a problem when it does not), `neutral` (neither).
 */
export type Polarity = 'good' | 'problem' | 'required' | 'neutral';

/** One run's measured value against the claim's threshold. */
export interface FindingMeasure {
  readonly name: string;
  readonly unit: MeasureUnit;
  readonly value: number;
  readonly threshold: number;
  readonly holdsWhen: HoldsWhen;
}

/** One claim judged on one run: what a judge returns. */
export interface Finding {
  readonly claim: string;
  readonly evidence: string;
  /** Whether the claim held on this run (for a measured claim: the value against the threshold). */
  readonly holds: boolean;
  /** A claim judged on a range within one run (ex4's idle gaps, to the calibration's uncertainty) may be inconclusive already. */
  readonly state?: VerdictState;
  readonly polarity: Polarity;
  readonly measure?: FindingMeasure;
}

/** A judge: one run of an experiment's trace → its findings. */
export type JudgeOne = (trace: Trace) => readonly Finding[];

// ---- the rule ----------------------------------------------------------------------------------

/** The state of a measured claim whose value lies in [lo, hi] (lo = hi for one run). */
export function stateOf(holdsWhen: HoldsWhen, threshold: number, lo: number, hi: number): VerdictState {
  switch (holdsWhen) {
    case 'above':
      return lo > threshold ? 'holds' : hi <= threshold ? 'does-not-hold' : 'inconclusive';
    case 'at-least':
      return lo >= threshold ? 'holds' : hi < threshold ? 'does-not-hold' : 'inconclusive';
    case 'below':
      return hi < threshold ? 'holds' : lo >= threshold ? 'does-not-hold' : 'inconclusive';
    case 'at-most':
      return hi <= threshold ? 'holds' : lo > threshold ? 'does-not-hold' : 'inconclusive';
    default: {
      const never: never = holdsWhen;
      return never;
    }
  }
}

/** docs/metrics.md "Verdict states", severity: never `ok` for a claim that names a problem. */
export function severityOf(polarity: Polarity, state: VerdictState): Severity {
  switch (polarity) {
    case 'good':
      return state === 'holds' ? 'ok' : 'info';
    case 'problem':
      return state === 'holds' ? 'warning' : 'info';
    case 'required':
      return state === 'holds' ? 'ok' : 'warning';
    case 'neutral':
      return 'info';
    default: {
      const never: never = polarity;
      return never;
    }
  }
}

/** A finding's state on its own run. */
export function findingState(f: Finding): VerdictState {
  if (f.measure) return stateOf(f.measure.holdsWhen, f.measure.threshold, f.measure.value, f.measure.value);
  return f.state ?? (f.holds ? 'holds' : 'does-not-hold');
}

// ---- printed form ------------------------------------------------------------------------------

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

/** 'above 1.05×', 'at 10% or more': where the value must lie for the claim to hold. */
export function holdsWhenText(m: Pick<VerdictMeasure, 'unit' | 'threshold' | 'holdsWhen'>): string {
  const t = formatMeasureValue(m.unit, m.threshold);
  switch (m.holdsWhen) {
    case 'above':
      return `above ${t}`;
    case 'at-least':
      return `at ${t} or more`;
    case 'below':
      return `below ${t}`;
    case 'at-most':
      return `at ${t} or less`;
    default: {
      const never: never = m.holdsWhen;
      return never;
    }
  }
}

/**
 * The judgement as the evidence opens with it: 'speedup 1.33× [1.29, 1.37], holds above 1.05× (5
 * runs)'; 'speedup 0.92×, does not hold (holds above 1.05×; one run, no interval)'.
 */
export function measureText(m: VerdictMeasure, state: VerdictState): string {
  const f = (x: number, u = true) => formatMeasureValue(m.unit, x, u);
  const value = m.interval ? `${m.name} ${f(m.value)} [${f(m.interval[0], false)}, ${f(m.interval[1], false)}]` : `${m.name} ${f(m.value)}`;
  const rule = holdsWhenText(m);
  const runs = m.interval ? `${m.values.length} runs` : 'one run, no interval';
  switch (state) {
    case 'holds':
      return `${value}, holds ${rule} (${runs})`;
    case 'does-not-hold':
      return `${value}, does not hold (holds ${rule}; ${runs})`;
    case 'inconclusive':
      return `${value}, inconclusive: the interval contains ${f(m.threshold)} (holds ${rule}; ${runs})`;
    default: {
      const never: never = state;
      return never;
    }
  }
}

const STATE_WORDS: Readonly<Record<VerdictState, string>> = { holds: 'held', 'does-not-hold': 'did not hold', inconclusive: 'was inconclusive' };

// ---- one run, and rounds -----------------------------------------------------------------------

/** The verdict of a finding judged on a single run. */
export function settle(f: Finding): Verdict {
  const state = findingState(f);
  const base = { claim: f.claim, holds: state === 'holds', state, severity: severityOf(f.polarity, state), runs: 1 };
  if (!f.measure) return { ...base, evidence: f.evidence };
  const measure: VerdictMeasure = { ...f.measure, value: finite(f.measure.value), values: [finite(f.measure.value)] };
  return { ...base, evidence: `${measureText(measure, state)}. ${f.evidence}`, measure };
}

/** The rounds of a repeated recording, ascending; empty when its phases ran once. */
export function roundsOf(trace: Trace): number[] {
  return [...new Set(trace.phases.flatMap((p) => (p.round !== undefined ? [p.round] : [])))].sort((a, b) => a - b);
}

/** The trace as one round sees it: that round's phases and those without a round; the ops as they are (the midpoint rule picks each phase's). */
export function roundView(trace: Trace, round: number): Trace {
  const phases: Phase[] = trace.phases.filter((p) => p.round === undefined || p.round === round);
  return { ...trace, phases };
}

/**
 * The verdicts of a trace: each round judged on its own view of the trace and the findings
 * combined claim by claim (a claim's key is its text, in the order claims first appear); a trace
 * without rounds is judged once. A measured claim made in every round with one rule is decided by
 * the interval of its per-round values; any other claim by its per-round states (all held: holds;
 * none: does not hold; otherwise inconclusive, "held in 3 of 5 runs"); a claim a round did not
 * make did not hold in that round.
 */
export function judgeRounds(trace: Trace, judgeOne: JudgeOne): Verdict[] {
  const rounds = roundsOf(trace);
  if (rounds.length === 0) return judgeOne(trace).map(settle);
  const perRound = rounds.map((r) => judgeOne(roundView(trace, r)));
  const claims: string[] = [];
  for (const fs of perRound) for (const f of fs) if (!claims.includes(f.claim)) claims.push(f.claim);
  return claims.map((claim) =>
    combine(
      claim,
      rounds,
      perRound.map((fs) => fs.find((f) => f.claim === claim)),
    ),
  );
}

/** One claim's findings over the rounds (undefined where a round did not make it) → its verdict. */
export function combine(claim: string, rounds: readonly number[], found: readonly (Finding | undefined)[]): Verdict {
  const present = found.filter((f): f is Finding => f !== undefined);
  const first = present[0];
  if (!first) throw new Error(`no round made the claim '${claim}'`);
  const runs = rounds.length;
  const m = first.measure;
  const sameRule = (f: Finding | undefined) =>
    f?.measure !== undefined && m !== undefined && f.measure.threshold === m.threshold && f.measure.holdsWhen === m.holdsWhen && f.measure.unit === m.unit;
  if (m && found.every(sameRule)) {
    const values = found.map((f) => finite(f!.measure!.value));
    const value = median(values);
    const interval = bootstrapMedianCi95(values);
    const measure: VerdictMeasure = { name: m.name, unit: m.unit, threshold: m.threshold, holdsWhen: m.holdsWhen, value, values, interval };
    const state = stateOf(m.holdsWhen, m.threshold, interval[0], interval[1]);
    // The round whose value is nearest the median speaks for the evidence (the first such on a tie).
    let at = 0;
    for (let i = 1; i < values.length; i++) if (Math.abs(values[i]! - value) < Math.abs(values[at]! - value)) at = i;
    const values_ = values.map((v) => formatMeasureValue(m.unit, v, false)).join(', ');
    return {
      claim,
      holds: state === 'holds',
      state,
      severity: severityOf(first.polarity, state),
      runs,
      measure,
      evidence: `${measureText(measure, state)}; per run ${values_}. Round ${rounds[at]} (nearest the median): ${found[at]!.evidence}`,
    };
  }
  const states = found.map((f) => (f ? findingState(f) : 'does-not-hold'));
  const held = states.filter((s) => s === 'holds').length;
  const state: VerdictState = held === runs ? 'holds' : states.every((s) => s === 'does-not-hold') ? 'does-not-hold' : 'inconclusive';
  // The evidence of the first round whose state is the verdict's (for a mixed verdict, the first round).
  const at = Math.max(
    0,
    states.findIndex((s) => s === state),
  );
  const shown = found[at];
  const tally =
    state === 'inconclusive'
      ? `Held in ${held} of ${runs} runs${(['does-not-hold', 'inconclusive'] as const)
          .map((s) => {
            const n = states.filter((x) => x === s).length;
            return n > 0 ? `, ${STATE_WORDS[s]} in ${n}` : '';
          })
          .join('')}.`
      : held === runs
        ? `Held in all ${runs} runs.`
        : `Held in none of the ${runs} runs.`;
  return {
    claim,
    holds: state === 'holds',
    state,
    severity: severityOf(first.polarity, state),
    runs,
    heldIn: held,
    evidence: `${tally} Round ${rounds[at]}: ${shown ? shown.evidence : 'the claim was not made in this round'}`,
  };
}
