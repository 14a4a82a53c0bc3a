/**
 * The numbers of a time window of a trace: the ops clipped to the window (clipTrace), analysed by
 * the same computeStats as the whole trace, so a selection's figures mean exactly what the
 * whole trace's mean.
 */
import { markRaw } from 'vue';
import { computeStats } from '@core/analysis/stats';
import type { Stats } from '@core/analysis/stats-types';
import { clipTrace } from '@core/analysis/window';
import type { TraceDocument } from './document';
import { ordered, type TimeRange } from './time-range';

export function selectionStats(doc: Pick<TraceDocument, 'trace' | 'source'>, range: TimeRange): Stats {
  const { start, end } = ordered(range);
  return markRaw(computeStats(clipTrace(doc.trace, { start, end }), doc.source));
}
