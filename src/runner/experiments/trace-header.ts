/**
 * Additions to a finished trace's header (its verdicts, notes), apart from types.ts so that the
 * judges, which use them, import nothing of the recorder's: the page imports the judges (judges.ts).
 */
import type { Trace, Verdict } from '../../core/model.js';

/** The trace with its verdicts filled in (they are judged from the finished, aligned trace). */
export function withVerdicts(trace: Trace, verdicts: readonly Verdict[]): Trace {
  if (!trace.meta) throw new Error('a recorded trace has a header');
  return { ...trace, meta: { ...trace.meta, verdicts } };
}

/** The trace with `notes` appended to its header's notes. */
export function withNotes(trace: Trace, notes: readonly string[]): Trace {
  if (!trace.meta) throw new Error('a recorded trace has a header');
  return { ...trace, meta: { ...trace.meta, notes: [...trace.meta.notes, ...notes] } };
}
