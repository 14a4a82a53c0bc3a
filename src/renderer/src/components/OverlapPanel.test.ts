// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { Stats } from '@core/analysis/stats-types';
import { EVIL_LANE, EVIL_SCRIPT, fixtureStats } from '@core/testing/report-fixture';
import { formatFraction, formatMs, formatPct, formatRatio } from '@core/export/report-format';
import OverlapPanel from './OverlapPanel.vue';

function mountPanel(stats: Stats = fixtureStats()) {
  return mount(OverlapPanel, { props: { stats } });
}

describe('OverlapPanel', () => {
  it('shows span, sum of parts and parallelism exactly as the reports format them', () => {
    const stats = fixtureStats();
    const w = mountPanel(stats);
    expect(w.find('[data-testid="overlap-panel"]').exists()).toBe(true);
    expect(w.get('[data-testid="stat-span"]').text()).toBe(formatMs(stats.spanMs));
    // Revision 2: the headline sum of parts and parallelism are of work (97 ms / 72 ms); revision 1's
    // figure with the waits (2.25×) is named beside it.
    expect(w.get('[data-testid="stat-sum-of-parts"]').text()).toBe(formatMs(stats.work.sumOfPartsMs));
    expect(w.get('[data-testid="stat-parallelism"]').text()).toBe(formatRatio(stats.work.parallelism));
    expect(w.get('[data-testid="stat-span"]').text()).toBe('72.00 ms');
    expect(w.get('[data-testid="stat-parallelism"]').text()).toBe('1.35×');
    expect(w.get('[data-testid="parallelism-with-waits"]').text()).toBe('2.25×');
    expect(w.get('[data-testid="stat-gpu-concurrency"]').text()).toBe(formatMs(30));
  });

  it('shows the critical path by kind as a stacked bar, the lane pairs and the slack', () => {
    const w = mountPanel();
    const bar = w.get('[data-testid="critical-path-by-kind"]');
    // byKind {compute 60, cpu 5, gap 5} of 70 ms
    expect(bar.findAll('.stack span').map((s) => (s.element as HTMLElement).style.width)).toEqual([
      `${(100 * 60) / 70}%`,
      `${(100 * 5) / 70}%`,
      `${(100 * 5) / 70}%`,
    ]);
    expect(w.get('[data-testid="critical-path-gap"]').text()).toBe(`gaps (idle, launch latency) ${formatMs(5)} (${formatPct((100 * 5) / 70)})`);
    expect(
      w
        .get('[data-testid="lane-pairs"]')
        .findAll('tbody tr')
        .map((r) => r.findAll('td').map((td) => td.text())),
    ).toEqual([['gpu1 queue', EVIL_LANE, formatMs(30)]]);
    expect(w.get('[data-testid="slack"]').text()).toContain(`Potential speedup (GPU work span / data bound)${formatRatio(60 / 65)}`);
    expect(w.get('[data-testid="slack"]').text()).toContain(`matmul → ${EVIL_SCRIPT} on gpu1 queue`);
    const { slack: _, ...noSlack } = fixtureStats();
    expect(mountPanel(noSlack).find('[data-testid="slack"]').exists()).toBe(false);
  });

  it('prints busy time per kind and the compute–transfer overlap', () => {
    const stats = fixtureStats();
    const w = mountPanel(stats);
    expect(w.get('[data-testid="busy-compute"]').text()).toContain(`${formatMs(60)} · ${formatPct((100 * 60) / 72)} of span · 2 ops`);
    expect(w.get('[data-testid="busy-sync"]').text()).toContain(formatMs(65));
    expect(w.get('[data-testid="busy-overlap"]').text()).toContain(`${formatMs(30)} · ${formatPct(100)} of transfer`);
  });

  it('shows one card per verdict, with HOLDS / DOES NOT HOLD, the claim and the evidence', () => {
    const w = mountPanel();
    const cards = w.findAll('[data-testid="verdict"]');
    expect(cards).toHaveLength(2);
    expect(cards[0]!.text()).toContain('HOLDS');
    expect(cards[0]!.text()).toContain('together is faster');
    // Verdicts from before revision 2 carry no severity: neutral, neither green nor red.
    expect(cards[0]!.classes()).toEqual(expect.arrayContaining(['sev-info', 'state-holds']));
    expect(cards[1]!.text()).toContain('DOES NOT HOLD');
    expect(cards[1]!.text()).toContain('only 33 % of transfer overlapped');
    expect(cards[1]!.classes()).toEqual(expect.arrayContaining(['sev-info', 'state-does-not-hold']));
  });

  it("shows today's verdicts by state and severity, and the file's own beside them", () => {
    const stats: Stats = {
      ...fixtureStats(),
      verdicts: [
        {
          claim: 'together is faster',
          holds: false,
          state: 'inconclusive',
          severity: 'info',
          runs: 5,
          measure: { name: 'speedup', unit: 'ratio', threshold: 1.05, holdsWhen: 'above', value: 1.04, values: [1, 1.04, 1.1, 1.02, 1.08], interval: [1, 1.1] },
          evidence: 'E',
        },
        { claim: 'idle waiting for the host', holds: true, state: 'holds', severity: 'warning', runs: 1, evidence: 'W' },
        { claim: 'weights correct', holds: true, state: 'holds', severity: 'ok', runs: 1, evidence: 'C' },
      ],
      judging: { by: 'today', note: "judged by today's judge of 'x'; the verdicts stored in the file differ: recorded with an older judge" },
      recordedVerdicts: [{ claim: 'together is faster', holds: true, evidence: 'old' }],
    };
    const w = mountPanel(stats);
    const cards = w.findAll('[data-testid="verdict"]');
    expect(cards.map((c) => [c.attributes('data-state'), c.attributes('data-severity'), c.get('[data-testid="verdict-state"]').text()])).toEqual([
      ['inconclusive', 'info', 'INCONCLUSIVE'],
      ['holds', 'warning', 'HOLDS'],
      ['holds', 'ok', 'HOLDS'],
    ]);
    // A problem found is amber, never green; only good news that holds is.
    expect(cards[1]!.classes()).toContain('sev-warning');
    expect(cards[2]!.classes()).toContain('sev-ok');
    expect(cards[0]!.get('[data-testid="verdict-interval"]').text()).toBe('speedup 1.04× [1.00, 1.10]');
    expect(w.get('[data-testid="verdicts-note"]').text()).toContain('recorded with an older judge');
    const recorded = w.get('[data-testid="recorded-verdicts"]');
    expect(recorded.get('summary').text()).toBe('1 verdict(s) recorded with an older judge, as the file stores them');
    expect(recorded.findAll('[data-testid="recorded-verdict"]').map((c) => c.text())).toEqual([expect.stringContaining('HOLDS')]);
    expect(recorded.get('[data-testid="recorded-verdict"]').classes()).toContain('sev-info');
  });

  it('lists lanes with busy, idle and utilization', () => {
    const stats = fixtureStats();
    const w = mountPanel(stats);
    const rows = w.get('[data-testid="lane-utilization"]').findAll('tbody tr');
    expect(rows).toHaveLength(stats.lanes.length);
    const first = rows[0]!.findAll('td').map((td) => td.text());
    expect(first).toEqual(['gpu1 queue', 'GPU queue', '2', formatMs(60), formatMs(12), '', formatFraction(60 / 72)]);
  });

  it('draws the phase comparison (speedup stated) only when there is one', () => {
    const stats = fixtureStats();
    const w = mountPanel(stats);
    const chart = w.get('[data-testid="phase-chart"]');
    // The fixture ran in three rounds: the median ratio with its interval.
    expect(chart.get('[data-testid="speedup"]').text()).toBe(
      `Speedup ${formatRatio(1.5)} [1.40, 1.60] = the median over 3 rounds of Σ separate / together, with its 95 % interval: running them together was faster.`,
    );
    expect(
      mountPanel({ ...stats, phaseComparisons: [] })
        .find('[data-testid="phase-chart"]')
        .exists(),
    ).toBe(false);
  });

  it("shows each phase's spread over its rounds: median, min, max and a dot per run", () => {
    const w = mountPanel(fixtureStats());
    const table = w.get('[data-testid="phases"]');
    expect(table.findAll('th').map((t) => t.text())).toEqual(['Phase', 'Median wall', 'Min', 'Max', 'Runs (3 rounds)']);
    expect(
      table
        .findAll('tbody tr')[0]!
        .findAll('td')
        .slice(0, 4)
        .map((t) => t.text()),
    ).toEqual(['alone <i>', formatMs(40), formatMs(38), formatMs(45)]);
    const strips = table.findAll('[data-testid="phase-spread"]');
    expect(strips).toHaveLength(2);
    expect(strips[0]!.findAll('circle')).toHaveLength(3);
    expect(strips[0]!.attributes('aria-label')).toBe(`alone <i>: ${[38, 40, 45].map(formatMs).join(', ')} over 3 rounds; median ${formatMs(40)}`);
    // One round: the wall time alone, no strip.
    const one = fixtureStats();
    const single = mountPanel({ ...one, repeats: 1, phases: one.phases.map((p) => ({ ...p, minMs: p.wallMs, maxMs: p.wallMs, runsMs: [p.wallMs] })) });
    expect(
      single
        .get('[data-testid="phases"]')
        .findAll('th')
        .map((t) => t.text()),
    ).toEqual(['Phase', 'Wall time']);
    expect(single.find('[data-testid="phase-spread"]').exists()).toBe(false);
  });

  it('shows correctness checks, adapters and calibration', () => {
    const w = mountPanel();
    expect(w.get('[data-testid="checks"]').text()).toContain('PASS');
    expect(w.get('[data-testid="checks"]').text()).toContain('FAIL');
    expect(w.get('[data-testid="adapters"]').text()).toContain('A <gpu>');
    expect(w.get('[data-testid="adapters"]').text()).toContain('±14.2 µs');
    expect(w.find('[data-testid="op-table"]').exists()).toBe(true);
  });

  it('renders names with markup as text: no element is made from a trace name', () => {
    const w = mountPanel();
    const el = w.element as HTMLElement;
    expect(el.querySelector('script')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('i')).toBeNull();
    expect(el.querySelector('gpu')).toBeNull();
    expect(w.text()).toContain(EVIL_SCRIPT);
    expect(w.text()).toContain(EVIL_LANE);
    expect(w.text()).toContain('alone <i>');
  });

  it('leaves out the sections a foreign trace has nothing for', () => {
    const stats: Stats = { ...fixtureStats(), verdicts: [], checks: [], adapters: [], calibration: [], phases: [], phaseComparisons: [] };
    const w = mountPanel(stats);
    expect(w.findAll('[data-testid="verdict"]')).toHaveLength(0);
    expect(w.find('[data-testid="checks"]').exists()).toBe(false);
    expect(w.find('[data-testid="adapters"]').exists()).toBe(false);
    expect(w.find('[data-testid="phases"]').exists()).toBe(false);
  });

  it('heads the verdicts with the experiment’s question and method, as text', () => {
    const w = mount(OverlapPanel, {
      props: { stats: fixtureStats(), experiment: { title: 'Two GPUs', question: `Faster <b>together</b>?`, method: 'Alone, alone, together.' } },
    });
    const head = w.get('[data-testid="experiment-question"]');
    expect(head.text()).toContain('Two GPUs');
    expect(head.text()).toContain('Faster <b>together</b>?');
    expect(head.find('b').exists()).toBe(false);
    expect(w.get('[data-testid="experiment-method"]').text()).toBe('Alone, alone, together.');
    // Without a method (traces from before it was recorded) only the question.
    const old = mount(OverlapPanel, { props: { stats: fixtureStats(), experiment: { title: 'T', question: 'Q?' } } });
    expect(old.find('[data-testid="experiment-method"]').exists()).toBe(false);
    // A foreign trace has no experiment.
    expect(mountPanel().find('[data-testid="experiment-question"]').exists()).toBe(false);
  });

  it('shows each parameter sweep with its numbers as text, names never as markup', () => {
    const w = mountPanel();
    const sweep = w.get('[data-testid="sweep-chart"]');
    expect(sweep.text()).toContain('Speedup against N <script>alert(1)</script>');
    expect(sweep.find('script').exists()).toBe(false);
    expect(sweep.text()).toContain('dashed 1.05× (pays above)');
    const rows = sweep.findAll('[data-testid="sweep-table"] tbody tr').map((r) => r.findAll('td').map((c) => c.text()));
    expect(rows).toEqual([
      ['16', formatMs(2), formatMs(1), '2.00×', formatMs(2.5), '0.80×'],
      ['64', formatMs(3), formatMs(2), '1.50×', '–', '–'],
      ['256', formatMs(4), formatMs(5), '0.80×', '–', '–'],
    ]);
    expect(sweep.findAll('.legend li').map((l) => l.text())).toEqual(['concurrent', EVIL_LANE]);
  });

  it('shows the achieved throughput per op name as the reports do', () => {
    const stats = fixtureStats();
    const rows = mountPanel(stats)
      .findAll('[data-testid="throughput-table"] tbody tr')
      .map((r) => r.findAll('td').map((c) => c.text()));
    expect(rows).toEqual([
      ['matmul', 'compute', '2', '34.4 GFLOP', formatMs(0.9), '38.2 TFLOP/s', '38.9 TFLOP/s', '63.1 %'],
      [EVIL_SCRIPT, 'transfer', '1', '33.6 MB', formatMs(0.33), '102 GB/s', '102 GB/s', '3.2 %'],
      ['peak FMA', 'compute', '5', '687 GFLOP', formatMs(11.4), '60.3 TFLOP/s', '60.6 TFLOP/s', '99.5 % (peak)'],
    ]);
  });
});

describe('OverlapPanel for a selected window', () => {
  it('says that verdicts, checks and adapters are about the whole recording', () => {
    const w = mount(OverlapPanel, { props: { stats: fixtureStats(), selection: true } });
    const headings = w.findAll('h2').map((h) => h.text());
    expect(headings).toContain('Verdicts · whole recording');
    expect(headings).toContain('Correctness checks · whole recording');
    expect(headings).toContain('Adapters and calibration · whole recording');
    expect(headings).toContain('Overlap and parallelism');
  });

  it("shows a profiled program's answers across its runs, as the reports word them", () => {
    const spread = (values: number[], median: number, ci95: [number, number]) => ({ values, median, ci95 });
    const stats: Stats = {
      ...fixtureStats(),
      runSpread: {
        runs: [
          { run: 1, wallMs: 100, gpuBusyMs: 40, hostWaitMs: 15 },
          { run: 2, wallMs: 120, gpuBusyMs: 40, hostWaitMs: 20 },
          { run: 3, wallMs: 90, gpuBusyMs: 60, hostWaitMs: 5 },
        ],
        wallMs: spread([100, 120, 90], 100, [90, 120]),
        gpuBusyMs: spread([40, 40, 60], 40, [40, 60]),
        hostWaitMs: spread([15, 20, 5], 15, [5, 20]),
      },
    };
    const text = mountPanel(stats).get('[data-testid="run-spread"]').text();
    expect(text).toContain(
      `Wall time (the run, start to exit)${formatMs(100)} [${formatMs(90)}, ${formatMs(120)}]${formatMs(100)}, ${formatMs(120)}, ${formatMs(90)}`,
    );
    expect(text).toContain('3 runs of the program');
    expect(mountPanel().find('[data-testid="run-spread"]').exists()).toBe(false);
  });
});
