// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { computeStats } from '@core/analysis/stats';
import { clipTrace } from '@core/analysis/window';
import { fixtureTrace } from '@core/testing/report-fixture';
import { formatMs } from '@core/export/report-format';
import type { SourceInfo } from '@core/import/types';
import type { TraceDocument } from '../model/document';
import { selectionLabel } from '../model/time-range';
import TraceView from './TraceView.vue';

vi.mock('../timeline/TimelineView.vue', async () => ({ default: (await import('../testing/timeline-stub')).TimelineStub }));

const MS = 1e6;

function doc(): TraceDocument {
  const trace = fixtureTrace();
  const source: SourceInfo = { file: 'fixture.json', format: 'parascope', events: trace.ops.length, warnings: 0, warningSamples: [] };
  return { id: 'doc-1', name: 'fixture.json', bytes: new ArrayBuffer(0), trace, source, stats: computeStats(trace, source) };
}

describe('TraceView', () => {
  it('shows the timeline and the whole trace’s numbers', () => {
    const d = doc();
    const w = mount(TraceView, { props: { doc: d } });
    const timeline = w.findComponent({ name: 'TimelineView' });
    expect(timeline.props('trace')).toBe(d.trace);
    expect(w.get('[data-testid="stat-span"]').text()).toBe(formatMs(d.stats.spanMs));
    expect(w.find('[data-testid="selection-header"]').exists()).toBe(false);
  });

  it('passes the critical path ids when the toggle is on', async () => {
    const d = doc();
    const w = mount(TraceView, { props: { doc: d } });
    const timeline = () => w.findComponent({ name: 'TimelineView' });
    expect(timeline().props('criticalPath')).toEqual(d.stats.criticalPath.path.map((s) => s.id));
    // Each step's segment begins where the step before it ended, or at its own start.
    expect(timeline().props('criticalFrom')).toEqual(d.stats.criticalPath.path.map((s) => Math.round((s.startMs + s.durMs - s.contributionMs) * 1e6)));
    expect(timeline().props('showCriticalPath')).toBe(false);
    await w.get('[data-testid="critical-path-toggle"]').setValue(true);
    expect(timeline().props('showCriticalPath')).toBe(true);
  });

  it('shows the numbers of a selected range under a clear header, and goes back on Clear', async () => {
    const d = doc();
    const w = mount(TraceView, { props: { doc: d } });
    const range = { start: 20 * MS, end: 60 * MS };
    w.findComponent({ name: 'TimelineView' }).vm.$emit('range', range);
    await flushPromises();
    const expected = computeStats(clipTrace(d.trace, range), d.source);
    expect(w.get('[data-testid="selection-header"]').text()).toContain(selectionLabel(range));
    expect(w.get('[data-testid="stat-span"]').text()).toBe(formatMs(expected.spanMs));
    expect(w.get('[data-testid="stat-parallelism"]').text()).toBe(expected.work.parallelism.toFixed(2) + '×');
    await w.get('[data-testid="clear-selection"]').trigger('click');
    expect(w.find('[data-testid="selection-header"]').exists()).toBe(false);
    expect(w.get('[data-testid="stat-span"]').text()).toBe(formatMs(d.stats.spanMs));
  });

  it('an emptied range clears the selection', async () => {
    const w = mount(TraceView, { props: { doc: doc() } });
    const timeline = w.findComponent({ name: 'TimelineView' });
    timeline.vm.$emit('range', { start: 0, end: 30 * MS });
    await flushPromises();
    expect(w.find('[data-testid="selection-header"]').exists()).toBe(true);
    timeline.vm.$emit('range', undefined);
    await flushPromises();
    expect(w.find('[data-testid="selection-header"]').exists()).toBe(false);
  });
});
