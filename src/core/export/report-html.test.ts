import { describe, expect, it } from 'vitest';
import { computeStats } from '../analysis/stats.js';
import { scenario } from '../testing/scenario.js';
import { fixtureStats, fixtureTrace } from '../testing/report-fixture.js';
import { renderHtml } from './report-html.js';

describe('renderHtml', () => {
  const html = renderHtml(fixtureStats(), fixtureTrace());

  it('is one self-contained file: no URL, no external script, stylesheet or image', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/src\s*=\s*["']?\/\//i);
    expect(html).not.toMatch(/<script\b[^>]*\bsrc/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i); // url(#id) is a marker inside the SVG
    expect(html).not.toMatch(/<(img|iframe|object|embed)\b/i);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
  });

  it('escapes every string from the trace and the stats', () => {
    expect(html).not.toMatch(/<script/i); // no scripts at all, and no injected one
    expect(html).not.toContain('<b>queue');
    expect(html).not.toContain('<i>');
    expect(html).not.toContain('<one>');
    expect(html).toContain('<title>Title &lt;script&gt;alert(1)&lt;/script&gt; — Parascope report</title>');
    expect(html).toContain('Does &quot;a|b*_c hold?');
    expect(html).toContain('gpu2 &lt;b&gt;queue&lt;/b&gt;');
    expect(html).toContain('runs/evil &quot;file&quot;.json');
    expect(html).toContain('brackets &amp; &lt;intersection&gt;');
  });

  it('has light and dark themes and print rules', () => {
    expect(html).toContain('@media screen and (prefers-color-scheme: dark)');
    expect(html).toContain('@media print');
    expect(html).toMatch(/break-inside: avoid/);
  });

  it('shows the verdicts first, HOLDS and DOES NOT HOLD with evidence', () => {
    const verdicts = html.indexOf('<h2>Verdicts</h2>');
    expect(verdicts).toBeGreaterThan(0);
    expect(verdicts).toBeLessThan(html.indexOf('<h2>Timeline</h2>'));
    // Verdicts from before revision 2: state from `holds`, severity info (neither green nor red).
    expect(html).toMatch(
      /<div class="verdict sev-info" data-state="holds"><div><span class="badge">HOLDS<\/span><span class="severity">info<\/span><span class="claim">together is faster<\/span><\/div><div class="evidence">speedup 1\.25× &lt;script&gt;/,
    );
    expect(html).toMatch(
      /<div class="verdict sev-info" data-state="does-not-hold"><div><span class="badge">DOES NOT HOLD<\/span><span class="severity">info<\/span><span class="claim">transfer is hidden/,
    );
  });

  it('embeds the whole timeline with its arrows, then each phase at its own scale (issue 13, item 10)', () => {
    // The fixture: phases 'alone <i>' 0–40 ms and 'together' 40–72 ms; 3 dependencies in all.
    expect((html.match(/<svg class="ps-timeline/g) ?? []).length).toBe(3); // whole + 2 phases
    const whole = html.slice(html.indexOf('<h2>Timeline</h2>'), html.indexOf('Each phase at its own scale'));
    expect((whole.match(/<path class="ps-dep /g) ?? []).length).toBe(3);
    expect(html).toMatch(/<figcaption><strong>alone &lt;i&gt;<\/strong> <span class="muted">40\.00 ms<\/span><\/figcaption>/);
    expect(html).toMatch(/<figcaption><strong>together<\/strong> <span class="muted">32\.00 ms<\/span><\/figcaption>/);
  });

  it('outlines the critical path in the pictures: its 3 ops in the whole trace', () => {
    const whole = html.slice(html.indexOf('<h2>Timeline</h2>'), html.indexOf('Each phase at its own scale'));
    expect((whole.match(/<rect class="ps-critical"/g) ?? []).length).toBe(3);
    expect(whole).toContain('the critical path is outlined in red');
  });

  it('carries the answer on the first page: verdicts, numbers and the phase chart before the page break, pictures after', () => {
    const pageBreak = html.indexOf('<div class="page-break"></div>');
    expect(pageBreak).toBeGreaterThan(0);
    for (const h2 of ['Verdicts', 'Overlap and parallelism', 'Phases']) expect(html.indexOf(`<h2>${h2}</h2>`)).toBeLessThan(pageBreak);
    expect(html.indexOf('<h2>Timeline</h2>')).toBeGreaterThan(pageBreak);
    expect(html).toContain('.page-break { break-before: page;');
  });

  it('says "hover" only on screen: the hint is hidden in print (and so in the PDF)', () => {
    expect(html).toContain('<span class="screen-only">Hover an op for its name and times.</span>');
    expect(html).toContain('.screen-only { display: none; }');
  });

  it('draws each parameter sweep: a line per arrangement, a dot per point at its speedup, 1× and the threshold, and its table', () => {
    const chart = html.slice(html.indexOf('<svg class="sweep-chart"'), html.indexOf('</svg>', html.indexOf('<svg class="sweep-chart"')));
    expect(chart).not.toBe('');
    // Two series: one polyline (the second has one point only), four dots.
    expect((chart.match(/<polyline /g) ?? []).length).toBe(1);
    expect((chart.match(/<circle /g) ?? []).length).toBe(4);
    expect(chart).toContain('class="ref"');
    expect(chart).toContain('class="threshold"');
    expect(chart).toContain('(log scale)');
    expect(chart).toContain('concurrent at N = 64: 1.50× (serialized 3.000 ms ÷ 2.000 ms)');
    // 16 → 256 on a log axis: 64 sits at the middle of the plot (52 + (760 − 68) / 2).
    expect(chart).toMatch(/<circle cx="398\.0"/);
    expect(html).toContain('<h2>Speedup against N &lt;script&gt;alert(1)&lt;/script&gt;</h2>');
    expect(html).toContain('gpu2 &lt;b&gt;queue&lt;/b&gt; speedup');
    expect(html).not.toContain('<b>queue</b>');
    // The table: a value the second arrangement lacks shows a dash.
    expect(html).toMatch(
      /<td class="name">256<\/td><td class="num">4\.000 ms<\/td><td class="num">5\.000 ms<\/td><td class="num">0\.80×<\/td><td class="num">–<\/td><td class="num">–<\/td>/,
    );
  });

  it('has the throughput table: achieved and best rates with SI prefixes, the share of the peak, names escaped', () => {
    expect(html).toContain('<h2>Throughput</h2>');
    expect(html).toContain(
      '<td class="num">34.4 GFLOP</td><td class="num">900.0 µs</td><td class="num">38.2 TFLOP/s</td><td class="num">38.9 TFLOP/s</td><td class="num">63.1 %</td>',
    );
    expect(html).toContain('<td class="num">99.5 % (peak)</td>');
    expect(html).toContain('<td class="name">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html).toContain('102 GB/s');
  });

  it('has every section, with bars sized from the stats', () => {
    for (const h of [
      'Timeline',
      'Overlap and parallelism',
      'Lanes',
      'Phases',
      'Critical path',
      'Ops',
      'Correctness checks',
      'Adapters and calibration',
      'Notes',
    ]) {
      expect(html, h).toContain(`<h2>${h}</h2>`);
    }
    // compute busy 60 of a 72 ms span; lane utilization 30/72.
    expect(html).toContain('width:83.33%;background:var(--compute)');
    expect(html).toContain('width:41.67%;background:var(--compute)');
    expect(html).toContain('2.25×');
    expect(html).toContain('<span class="speedup">Speedup 1.50× [1.40, 1.60]</span>');
    expect(html).toContain('the median over 3 rounds of Σ separate / together');
    expect(html).toContain('38.00 ms, 40.00 ms, 45.00 ms');
    expect(html).toContain('±14.2 µs');
    expect(html).toContain('−686 ns');
    expect(html).toContain('<span class="badge fail">FAIL</span>');
    expect(html).toContain('<h3>Phase comparisons</h3>');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('draws the critical path as a stacked bar of its parts, and shows the slack and the lane pairs', () => {
    const cp = html.slice(html.indexOf('<h2>Critical path</h2>'), html.indexOf('</section>', html.indexOf('<h2>Critical path</h2>')));
    // byKind {compute 60, cpu 5, gap 5} of 70: 85.71 %, 7.14 %, 7.14 %, in kind order, gaps last and hatched.
    expect(cp).toContain(
      '<span style="width:85.71%;background:var(--compute)" title="compute: 60.00 ms"></span><span style="width:7.14%;background:var(--cpu)" title="CPU: 5.000 ms"></span><span style="width:7.14%;background:repeating-linear-gradient(',
    );
    expect(cp).toContain('<th class="num">Gap before</th><th class="num">Adds</th>');
    expect(html).toContain('<h2>Slack: what the data dependencies allow</h2>');
    expect(html).toContain('<dt>Potential speedup (GPU work span / data bound)</dt><dd>0.92×</dd>');
    expect(html).toContain('matmul → &lt;script&gt;alert(1)&lt;/script&gt; on gpu1 queue');
    expect(html).toContain('<h3>Lanes at work together</h3>');
    // The headline parallelism is of work (97 / 72); revision 1's with the waits is named beside it.
    expect(html).toContain('Parallelism 1.35× = sum of parts of work 97.00 ms / span');
    expect(html).toContain('(with the waits, as revision 1 counted: 2.25×)');
    const { slack: _, ...noSlack } = fixtureStats();
    expect(renderHtml(noSlack, fixtureTrace())).not.toContain('<h2>Slack');
  });

  it('works for a foreign trace without a header', () => {
    const text = renderHtml(
      { ...fixtureStats(), verdicts: [], checks: [], adapters: [], calibration: [], phases: [], phaseComparisons: [] },
      scenario([['gpu1', 'k', 'compute', 0, 10]]),
    );
    expect(text).toContain('<h1>Trace runs/evil &quot;file&quot;.json</h1>');
    expect(text).not.toContain('<h2>Verdicts</h2>');
    expect(text).not.toContain('<h2>Phases</h2>');
    expect(text).not.toMatch(/NaN|undefined/);
  });

  it('prints the folded op table: the 50 indexed reads of a small experiment are one row, not 50', () => {
    // 50 reads of 2 ms each (read y[0] … read y[49]) and one matmul of 1 ms: two rows, the reads' total 100 ms,
    // every statistic 2 ms but σ 0.
    const trace = scenario([
      ...Array.from({ length: 50 }, (_, i) => ['gpu1', `read y[${i}]`, 'transfer', i * 3e6, 2e6] as const),
      ['gpu1', 'matmul', 'compute', 200e6, 1e6],
    ]);
    const out = renderHtml(computeStats(trace, { file: 't.json', format: 'chrome', events: 51, warnings: 0, warningSamples: [] }), trace);
    const ops = out.slice(out.indexOf('<h2>Ops</h2>'));
    expect(ops).toContain('read y[*] (50 names)');
    expect(ops).toContain('<td class="num">50</td><td class="num">100.0 ms</td><td class="num">100.0 %</td><td class="num">2.000 ms</td>');
    expect(ops).not.toContain('read y[7]');
    expect(ops).toContain('<code>read y[*]</code>');
  });
});

describe('renderHtml: verdicts of revision 2', () => {
  const judged = {
    ...fixtureStats(),
    verdicts: [
      {
        claim: 'together is faster',
        holds: true,
        state: 'holds' as const,
        severity: 'ok' as const,
        runs: 5,
        measure: {
          name: 'speedup',
          unit: 'ratio' as const,
          threshold: 1.05,
          holdsWhen: 'above' as const,
          value: 1.33,
          values: [1.3, 1.33, 1.35, 1.29, 1.37],
          interval: [1.29, 1.37] as const,
        },
        evidence: 'speedup 1.33× [1.29, 1.37], holds above 1.05× (5 runs).',
      },
      { claim: 'queue idle waiting for the host', holds: true, state: 'holds' as const, severity: 'warning' as const, runs: 1, evidence: 'e' },
      {
        claim: 'held sometimes',
        holds: false,
        state: 'inconclusive' as const,
        severity: 'info' as const,
        runs: 5,
        heldIn: 3,
        evidence: 'Held in 3 of 5 runs.',
      },
    ],
    judging: { by: 'today' as const, note: "judged by today's judge of 'x'; the verdicts stored in the file differ: recorded with an older judge" },
    recordedVerdicts: [{ claim: 'together is faster', holds: false, evidence: 'old' }],
  };
  const html = renderHtml(judged, fixtureTrace());

  it('colours by severity (a warning amber, never green), badges the state, prints the interval', () => {
    expect(html).toContain(
      '<div class="verdict sev-ok" data-state="holds"><div><span class="badge">HOLDS</span><span class="severity">ok</span><span class="claim">together is faster</span> <span class="interval">speedup 1.33× [1.29, 1.37]</span></div>',
    );
    expect(html).toContain('<div class="verdict sev-warning" data-state="holds"><div><span class="badge">HOLDS</span><span class="severity">warning</span>');
    expect(html).toContain(
      '<span class="badge">INCONCLUSIVE</span><span class="severity">info</span><span class="claim">held sometimes</span> <span class="interval">held in 3 of 5 runs</span>',
    );
  });

  it('shows the stored verdicts beside today’s, as recorded with an older judge', () => {
    expect(html).toContain('judged by today&#39;s judge of &#39;x&#39;; the verdicts stored in the file differ: recorded with an older judge.');
    expect(html).toContain('<p class="muted">1 verdict(s) recorded with an older judge, as the file stores them:</p>');
    expect(html).toContain(
      '<div class="verdict sev-info older" data-state="does-not-hold"><div><span class="badge">DOES NOT HOLD</span><span class="severity">recorded with an older judge</span><span class="claim">together is faster</span></div><div class="evidence">old</div></div>',
    );
    // today's comes first
    expect(html.indexOf('sev-ok')).toBeLessThan(html.indexOf('older"'));
  });
});
