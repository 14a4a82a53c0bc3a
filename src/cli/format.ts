/** Plain-text tables and summaries for the terminal. */
import type { AdapterInfo, Trace, Verdict } from '../core/model.js';
import type { Experiment } from '../runner/experiments/types.js';
import { phaseStats } from '../core/analysis/phases.js';
import { sweepToMs } from '../core/analysis/stats.js';
import { sweepStats } from '../core/analysis/sweeps.js';
import { sweepTable } from '../core/export/sweep-table.js';
import { formatSpeedup } from '../core/export/report-format.js';
import { verdictBadge } from '../core/export/verdict-text.js';
import { verdictsSummary } from '../core/export/summary.js';

export function table(header: readonly string[], rows: readonly (readonly string[])[], alignRight: readonly boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (alignRight[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

export function formatDevices(adapters: readonly AdapterInfo[]): string {
  if (adapters.length === 0) return 'No adapters found.';
  return table(
    ['#', 'name', 'vendor', 'architecture', 'backend', 'timestamp-query', 'description'],
    adapters.map((a, i) => [
      String(i + 1),
      a.name,
      a.vendor,
      a.architecture,
      a.backend,
      a.timestampQuery ? 'yes' : 'NO',
      a.description + (a.isFallback ? ' (software)' : ''),
    ]),
  );
}

export function formatExperiments(list: readonly Experiment[]): string {
  return list
    .map(
      (e) => `${e.id}\n  ${e.title}\n  question: ${e.question}\n  defaults: --size ${e.defaults.size} --reps ${e.defaults.reps} --repeat ${e.defaults.repeat}`,
    )
    .join('\n\n');
}

export function formatRecording(trace: Trace, file: string): string {
  const m = trace.meta!;
  const out: string[] = [];
  out.push(`${m.experiment.id}: ${m.experiment.title}`);
  out.push(`topology: ${m.topology}`);
  out.push('');
  const ph = phaseStats(trace);
  const msOf = (x: number) => (x / 1e6).toFixed(3);
  if (ph.repeats >= 2) {
    // Over K rounds: the median, its spread and every run (docs/metrics.md `repeats`).
    out.push(
      table(
        ['phase', 'median ms', 'min', 'max', `runs (${ph.repeats} rounds)`],
        ph.phases.map((p) => [p.name, msOf(p.wallNs), msOf(p.minNs), msOf(p.maxNs), p.runsNs.map(msOf).join(' ')]),
        [false, true, true, true, false],
      ),
    );
  } else
    out.push(
      table(
        ['phase', 'wall ms'],
        ph.phases.map((p) => [p.name, msOf(p.wallNs)]),
        [false, true],
      ),
    );
  out.push('');
  for (const c of ph.comparisons) {
    const rounds = c.ratios.length;
    out.push(
      `${c.together} vs ${c.separate.join(' + ')}: speedup ${formatSpeedup(c.speedup, c.ci95, rounds)}${rounds >= 2 ? `, the median of ${rounds} per-round ratios with its 95 % interval` : ''}`,
    );
  }
  if (ph.comparisons.length > 0) out.push('');
  for (const s of sweepStats(trace, ph.phases).map(sweepToMs)) {
    const t = sweepTable(s);
    out.push(`${s.title} (speedup = ${s.baseline} wall ÷ the arrangement's${s.threshold !== undefined ? `; pays above ${s.threshold.toFixed(2)}×` : ''}):`);
    out.push(
      table(
        t.head,
        t.rows,
        t.head.map((_, i) => i > 0),
      ),
    );
    out.push('');
  }
  for (const c of m.checks) {
    out.push(
      `${c.passed ? 'PASS' : 'FAIL'}  ${c.name}: ${c.samples} samples, max abs error ${c.maxAbsError.toExponential(2)}, max rel error ${c.maxRelError.toExponential(2)}`,
    );
  }
  const tally = verdictsSummary(m);
  if (tally) out.push(`${tally}:`);
  for (const v of m.verdicts) out.push(verdictLines(v));
  for (const c of m.calibration) {
    out.push(
      `clock: ${c.device} GPU→host offset ±${(c.uncertaintyNs / 1000).toFixed(1)} µs (${c.samples} samples${c.driftNs !== undefined ? `, drift over the run ${(c.driftNs / 1000).toFixed(1)} µs` : ''})`,
    );
  }
  const kinds = new Map<string, number>();
  for (const o of trace.ops) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  out.push(`trace: ${file} (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')} ops; ${trace.deps.length} dependencies)`);
  return out.join('\n');
}

/** A verdict as `record` prints it: its state and severity, the claim, then the evidence (which opens with the interval). */
export function verdictLines(v: Verdict): string {
  return `${verdictBadge(v).padEnd(24)} ${v.claim}\n    ${v.evidence}`;
}
