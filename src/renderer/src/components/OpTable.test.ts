// @vitest-environment happy-dom
import { mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { OpRow } from '@core/analysis/stats-types';
import { EVIL_SCRIPT, fixtureStats } from '@core/testing/report-fixture';
import { formatMs } from '@core/export/report-format';
import OpTable from './OpTable.vue';
import { sortOpRows } from './op-table-sort';

function row(name: string, count: number, totalMs: number): OpRow {
  return { name, kind: 'compute', count, totalMs, pctOfTotal: 0, avgMs: totalMs / count, medMs: 0, minMs: 0, maxMs: 0, stdDevMs: 0 };
}

const ROWS: readonly OpRow[] = [row('matmul', 10, 40), row('Add', 3, 5), row('copy', 7, 12), row('zeta', 1, 20)];

function names(w: VueWrapper): string[] {
  return w.findAll('tbody tr').map((tr) => tr.find('td').text());
}

async function clickHeader(w: VueWrapper, column: string): Promise<void> {
  await w.get(`button[data-column="${column}"]`).trigger('click');
}

describe('OpTable', () => {
  it('starts by total time, biggest first (the order of Stats), with cells formatted as the reports do', () => {
    const w = mount(OpTable, { props: { rows: fixtureStats().ops } });
    const first = w.get('tbody tr').findAll('td');
    expect(first[0]!.text()).toBe('wait');
    expect(first[3]!.text()).toBe(formatMs(65));
    expect(first[3]!.classes()).toContain('num');
    expect(w.get('th[aria-sort="descending"]').text()).toContain('Total');
  });

  it('sorts by a numeric column, biggest first, then reversed on a second click', async () => {
    const w = mount(OpTable, { props: { rows: ROWS } });
    await clickHeader(w, 'count');
    expect(names(w)).toEqual(['matmul', 'copy', 'Add', 'zeta']);
    expect(w.get('th[aria-sort="descending"]').text()).toContain('Count');
    await clickHeader(w, 'count');
    expect(names(w)).toEqual(['zeta', 'Add', 'copy', 'matmul']);
    expect(w.get('th[aria-sort="ascending"]').text()).toContain('Count');
  });

  it('sorts by name A→Z first, then Z→A', async () => {
    const w = mount(OpTable, { props: { rows: ROWS } });
    await clickHeader(w, 'name');
    expect(names(w)).toEqual(['Add', 'copy', 'matmul', 'zeta']);
    await clickHeader(w, 'name');
    expect(names(w)).toEqual(['zeta', 'matmul', 'copy', 'Add']);
  });

  it('shows the first rows only, and all of them on request', async () => {
    const many = Array.from({ length: 250 }, (_, i) => row(`op${i}`, 1, 250 - i));
    const w = mount(OpTable, { props: { rows: many } });
    expect(w.findAll('tbody tr')).toHaveLength(200);
    expect(w.text()).toContain('50 more rows not shown');
    await w.get('[data-testid="op-table-show-all"]').trigger('click');
    expect(w.findAll('tbody tr')).toHaveLength(250);
    expect(w.find('[data-testid="op-table-show-all"]').exists()).toBe(false);
  });

  it('renders an op name with markup as text', () => {
    const w = mount(OpTable, { props: { rows: fixtureStats().ops } });
    expect(w.element.querySelector('script')).toBeNull();
    expect(w.text()).toContain(EVIL_SCRIPT);
  });
});

describe('sortOpRows', () => {
  it('keeps the given order among equal values (a stable sort)', () => {
    const rows = [row('b', 1, 1), row('a', 1, 2), row('c', 1, 3)];
    expect(sortOpRows(rows, 'count', 'desc').map((r) => r.name)).toEqual(['b', 'a', 'c']);
    expect(sortOpRows(rows, 'count', 'asc').map((r) => r.name)).toEqual(['b', 'a', 'c']);
    expect(sortOpRows(rows, 'totalMs', 'asc').map((r) => r.name)).toEqual(['b', 'a', 'c']);
  });
});
