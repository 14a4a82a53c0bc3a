// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { computeStats } from '@core/analysis/stats';
import { fixtureTrace } from '@core/testing/report-fixture';
import { formatMs } from '@core/export/report-format';
import type { SourceInfo } from '@core/import/types';
import type { Trace } from '@core/model';
import { traceEnd, type TraceDocument } from '../model/document';
import CompareView from './CompareView.vue';

vi.mock('../timeline/TimelineView.vue', async () => ({ default: (await import('../testing/timeline-stub')).TimelineStub }));

function doc(id: string, name: string, trace: Trace): TraceDocument {
  const source: SourceInfo = { file: name, format: 'parascope', events: trace.ops.length, warnings: 0, warningSamples: [] };
  return { id, name, bytes: new ArrayBuffer(0), trace, source, stats: computeStats(trace, source) };
}

/** The fixture with every op twice as long: a slower run of the same experiment. */
function slower(): Trace {
  const t = fixtureTrace();
  return { ...t, ops: t.ops.map((o) => ({ ...o, start: (o.start * 2) as typeof o.start, dur: (o.dur * 2) as typeof o.dur })) };
}

describe('CompareView', () => {
  it('puts two traces on one time scale and moves both with either', async () => {
    const a = doc('a', 'fast <b>run</b>.json', fixtureTrace());
    const b = doc('b', 'slow.json', slower());
    const w = mount(CompareView, { props: { documents: [a, b], activeId: 'b' } });
    expect(w.find('[data-testid="compare-view"]').exists()).toBe(true);
    const timelines = w.findAllComponents({ name: 'TimelineView' });
    expect(timelines).toHaveLength(2);
    const full = { start: 0, end: Math.max(traceEnd(a.trace), traceEnd(b.trace)) };
    expect(timelines[0]!.props('window')).toEqual(full);
    expect(timelines[1]!.props('window')).toEqual(full);

    timelines[1]!.vm.$emit('viewport', { start: 5e6, end: 25e6 });
    await flushPromises();
    for (const t of w.findAllComponents({ name: 'TimelineView' })) expect(t.props('window')).toEqual({ start: 5e6, end: 25e6 });
  });

  it('shows both traces’ numbers and the difference', () => {
    const a = doc('a', 'a.json', fixtureTrace());
    const b = doc('b', 'b.json', slower());
    const w = mount(CompareView, { props: { documents: [a, b], activeId: 'b' } });
    const span = w
      .get('[data-testid="compare-table"]')
      .findAll('tbody tr')[0]!
      .findAll('td')
      .map((td) => td.text());
    expect(span).toEqual(['Span', formatMs(a.stats.spanMs), formatMs(b.stats.spanMs), `+${formatMs(b.stats.spanMs - a.stats.spanMs)}`, '+100.0 %']);
  });

  it('renders document names with markup as text', () => {
    const a = doc('a', '<b>bold</b>.json', fixtureTrace());
    const b = doc('b', '<script>x</script>.json', fixtureTrace());
    const w = mount(CompareView, { props: { documents: [a, b] } });
    expect(w.find('b').exists()).toBe(false);
    expect(w.find('script').exists()).toBe(false);
    expect(w.text()).toContain('<b>bold</b>.json');
  });

  it('asks for a second trace when only one is open', async () => {
    const w = mount(CompareView, { props: { documents: [doc('a', 'a.json', fixtureTrace())] } });
    expect(w.findAllComponents({ name: 'TimelineView' })).toHaveLength(0);
    await w
      .findAll('button')
      .find((b) => b.text().startsWith('Open another'))!
      .trigger('click');
    expect(w.emitted('open')).toHaveLength(1);
  });
});
