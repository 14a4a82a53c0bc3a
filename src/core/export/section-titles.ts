/**
 * The section headings of a trace's report, declared once for the HTML report, the app's trace
 * panel (which has the same sections) and the Markdown report, which words three of them for a
 * document read top to bottom as plain text.
 */
const TITLES = {
  verdicts: 'Verdicts',
  timeline: 'Timeline',
  'phase-timelines': 'Each phase at its own scale',
  overview: 'Overlap and parallelism',
  runs: 'Across runs',
  lanes: 'Lanes',
  sweep: 'Sweep',
  phases: 'Phases',
  'phase-comparisons': 'Phase comparisons',
  'critical-path': 'Critical path',
  concurrency: 'Lanes at work together',
  slack: 'Slack: what the data dependencies allow',
  ops: 'Ops',
  throughput: 'Throughput',
  checks: 'Correctness checks',
  adapters: 'Adapters and calibration',
  calibration: 'Clock calibration (GPU timestamps → host time)',
  notes: 'Notes',
} as const;

export type SectionId = keyof typeof TITLES;

const MARKDOWN: Partial<Record<SectionId, string>> = {
  overview: 'Summary',
  ops: 'Top ops by total time',
  adapters: 'Adapters and clock calibration',
};

/** A section's heading in the HTML report and the app, or (`markdown`) in the Markdown report. */
export function sectionTitle(id: SectionId, markdown = false): string {
  return (markdown ? MARKDOWN[id] : undefined) ?? TITLES[id];
}
