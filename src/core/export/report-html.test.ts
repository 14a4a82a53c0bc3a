import { describe, expect, it } from 'vitest';
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
    expect(html).toMatch(
      /<div class="verdict holds"><div><span class="badge">HOLDS<\/span><span class="claim">together is faster<\/span><\/div><div class="evidence">speedup 1\.25× &lt;script&gt;/,
    );
    expect(html).toMatch(/<div class="verdict fails"><div><span class="badge">DOES NOT HOLD<\/span><span class="claim">transfer is hidden/);
  });

  it('embeds the timeline SVG with its arrows', () => {
    expect((html.match(/<svg class="ps-timeline/g) ?? []).length).toBe(1);
    expect((html.match(/<path class="ps-dep /g) ?? []).length).toBe(3);
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
    expect(html).toContain('<span class="speedup">Speedup 1.50×</span>');
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
});
