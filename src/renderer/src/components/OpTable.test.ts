// @vitest-environment happy-dom
import { mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { OpPatternRow } from '@core/analysis/stats-types';
import { EVIL_SCRIPT, EVIL_SCRIPT_FOLDED, fixtureStats } from '@core/testing/report-fixture';
import { computeStats } from '@core/analysis/stats';
import { scenario } from '@core/testing/scenario';
import { formatMs } from '@core/export/report-format';
import OpTable from './OpTable.vue';
import { sortOpRows } from './op-table-sort';

function row(name: string, count: number, totalMs: number, names = 1): OpPatternRow {
  return { name, kind: 'compute', count, totalMs, pctOfTotal: 0, avgMs: totalMs / count, medMs: 0, minMs: 0, maxMs: 0, stdDevMs: 0, names };
}

const ROWS: readonly OpPatternRow[] = [row('matmul', 10, 40), row('Add', 3, 5), row('copy', 7, 12), row('zeta', 1, 20)];

function names(w: VueWrapper): string[] {
  return w.findAll('tbody tr').map((tr) => tr.find('td .reveal').text());
}

async function clickHeader(w: VueWrapper, column: string): Promise<void> {
  await w.get(`button[data-column="${column}"]`).trigger('click');
}

describe('OpTable', () => {
  it('starts by total time, biggest first (the order of Stats), with cells formatted as the reports do', () => {
    const w = mount(OpTable, { props: { rows: fixtureStats().opPatterns, exact: fixtureStats().ops } });
    const first = w.get('tbody tr').findAll('td');
    expect(first[0]!.find('.reveal').text()).toBe('wait');
    expect(first[3]!.text()).toBe(formatMs(65));
    expect(first[3]!.classes()).toContain('num');
    expect(w.get('th[aria-sort="descending"]').text()).toContain('Total');
  });

  it('sorts by a numeric column, biggest first, then reversed on a second click', async () => {
    const w = mount(OpTable, { props: { rows: ROWS, exact: ROWS } });
    await clickHeader(w, 'count');
    expect(names(w)).toEqual(['matmul', 'copy', 'Add', 'zeta']);
    expect(w.get('th[aria-sort="descending"]').text()).toContain('Count');
    await clickHeader(w, 'count');
    expect(names(w)).toEqual(['zeta', 'Add', 'copy', 'matmul']);
    expect(w.get('th[aria-sort="ascending"]').text()).toContain('Count');
  });

  it('sorts by name A→Z first, then Z→A', async () => {
    const w = mount(OpTable, { props: { rows: ROWS, exact: ROWS } });
    await clickHeader(w, 'name');
    expect(names(w)).toEqual(['Add', 'copy', 'matmul', 'zeta']);
    await clickHeader(w, 'name');
    expect(names(w)).toEqual(['zeta', 'matmul', 'copy', 'Add']);
  });

  it('shows the first rows only, and all of them on request', async () => {
    const many = Array.from({ length: 250 }, (_, i) => row(`op${i}`, 1, 250 - i));
    const w = mount(OpTable, { props: { rows: many, exact: many } });
    expect(w.findAll('tbody tr')).toHaveLength(200);
    expect(w.text()).toContain('50 more rows not shown');
    await w.get('[data-testid="op-table-show-all"]').trigger('click');
    expect(w.findAll('tbody tr')).toHaveLength(250);
    expect(w.find('[data-testid="op-table-show-all"]').exists()).toBe(false);
  });

  it('renders an op name with markup as text', () => {
    const w = mount(OpTable, { props: { rows: fixtureStats().opPatterns, exact: fixtureStats().ops } });
    expect(w.element.querySelector('script')).toBeNull();
    expect(w.text()).toContain(EVIL_SCRIPT_FOLDED);
    expect(w.text()).not.toContain(EVIL_SCRIPT); // one name: no expander, the folded name only
  });
});

/** Stats of reads of y[0] (2, 6 ns), y[1] (4 ns), y[12] (8 ns) and a matmul (1 ns): read y[*] folds three names. */
function foldedStats() {
  const trace = scenario([
    ['gpu', 'read y[0]', 'transfer', 0, 2],
    ['gpu', 'read y[1]', 'transfer', 10, 4],
    ['gpu', 'read y[0]', 'transfer', 20, 6],
    ['gpu', 'read y[12]', 'transfer', 30, 8],
    ['gpu', 'matmul', 'compute', 40, 1],
  ]);
  return computeStats(trace, { file: 't.json', format: 'chrome', events: 5, warnings: 0, warningSamples: [] });
}

describe('OpTable folded by name pattern', () => {
  it('shows one row per pattern with its numbers over all its ops, expandable into its exact names', async () => {
    const s = foldedStats();
    const w = mount(OpTable, { props: { rows: s.opPatterns, exact: s.ops } });
    const rows = w.findAll('[data-testid="op-row"]');
    expect(rows).toHaveLength(2);
    const cells = rows[0]!.findAll('td');
    expect(cells[0]!.text()).toContain('read y[*]');
    expect(cells[0]!.text()).toContain('3 names');
    // read y[*]: 4 ops, total 2 + 4 + 6 + 8 = 20 ns, average 5 ns, median (4 + 6) / 2 = 5 ns
    expect(cells[2]!.text()).toBe('4');
    expect(cells[3]!.text()).toBe(formatMs(20e-6));
    expect(cells[5]!.text()).toBe(formatMs(5e-6));
    expect(w.findAll('[data-testid="op-member-row"]')).toHaveLength(0);
    await w.get('[data-testid="op-row-expand"]').trigger('click');
    // Exact rows by total: read y[0] (8 ns, 2 ops), read y[12] (8 ns), read y[1] (4 ns); ties keep Stats' order (name).
    const members = w.findAll('[data-testid="op-member-row"]');
    expect(members.map((m) => m.find('.reveal').text())).toEqual(['read y[0]', 'read y[12]', 'read y[1]']);
    expect(members[0]!.findAll('td')[2]!.text()).toBe('2');
    await w.get('[data-testid="op-row-expand"]').trigger('click');
    expect(w.findAll('[data-testid="op-member-row"]')).toHaveLength(0);
  });

  it('is filtered by the search: a row stays when its pattern or a name matches, listing the names that do', async () => {
    const s = foldedStats();
    const w = mount(OpTable, { props: { rows: s.opPatterns, exact: s.ops, filter: (n: string) => n.includes('y[1') } });
    expect(w.findAll('[data-testid="op-row"]')).toHaveLength(1);
    await w.get('[data-testid="op-row-expand"]').trigger('click');
    expect(w.findAll('[data-testid="op-member-row"]').map((m) => m.find('.reveal').text())).toEqual(['read y[12]', 'read y[1]']);
    await w.setProps({ filter: (n: string) => n === 'nothing' });
    expect(w.findAll('[data-testid="op-row"]')).toHaveLength(0);
    expect(w.get('[data-testid="op-table-no-match"]').text()).toContain('No op name matches');
  });

  it('asks the timeline to show a row: its exact names and kind', async () => {
    const s = foldedStats();
    const w = mount(OpTable, { props: { rows: s.opPatterns, exact: s.ops } });
    await w.get('[data-testid="op-row-reveal"]').trigger('click');
    expect(w.emitted('reveal')).toEqual([[{ label: 'read y[*]', names: ['read y[0]', 'read y[12]', 'read y[1]'], kind: 'transfer' }]]);
    await w.get('[data-testid="op-row-expand"]').trigger('click');
    await w.findAll('[data-testid="op-member-row"] .reveal')[2]!.trigger('click');
    expect(w.emitted('reveal')![1]).toEqual([{ label: 'read y[1]', names: ['read y[1]'], kind: 'transfer' }]);
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
