/**
 * What the first screen says about a bundled sample (issue 13, item 9): that it is a sample, where
 * and when it was recorded — from the trace's own header, never written here — so a first-time user
 * does not take an H200's numbers for their own machine's.
 */
import type { Trace } from '@core/model';

export function sampleNote(trace: Trace, fileName: string): string {
  const m = trace.meta;
  if (m === undefined) return `${fileName} is a sample that comes with Parascope.`;
  const adapters = [...new Set(m.adapters.map((a) => `${a.name} (${a.backend})`))].join(', ');
  const day = m.recordedAt.slice(0, 10);
  return `A sample that comes with Parascope: ${m.experiment.title}, recorded on ${adapters || 'an unnamed adapter'} on ${day}, not on this machine.`;
}
