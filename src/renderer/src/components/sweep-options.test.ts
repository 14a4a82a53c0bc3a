// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { SweepStats } from '@core/analysis/stats-types';
import { fixtureStats } from '@core/testing/report-fixture';
import { DEFAULT_PALETTE } from './chart-palette';
import { sweepLogAxis } from '@core/export/sweep-table';
import { niceMax, sweepOption } from './sweep-options';

const sweep = fixtureStats().sweeps[0]!;

type Tooltip = { formatter: (p: unknown) => HTMLElement };

describe('sweepOption', () => {
  it('draws a line per arrangement at (value, speedup), on a log₂ axis for a 16…256 sweep', () => {
    const o = sweepOption(sweep, DEFAULT_PALETTE);
    const series = o.series as { type: string; name: string; data: number[][] }[];
    expect(series.map((s) => [s.type, s.name])).toEqual([
      ['line', 'concurrent'],
      ['line', sweep.series[1]!.arrangement],
    ]);
    expect(series[0]!.data).toEqual([
      [16, 2],
      [64, 1.5],
      [256, 0.8],
    ]);
    expect(o.xAxis).toMatchObject({ type: 'log', logBase: 2, min: 16, max: 256, name: 'N (log scale)' });
  });

  it('marks 1× solid and the threshold dashed', () => {
    const marks = (sweepOption(sweep, DEFAULT_PALETTE).series as { markLine?: { data: { yAxis: number; lineStyle: { type: string } }[] } }[])[0]!.markLine!
      .data;
    expect(marks.map((m) => [m.yAxis, m.lineStyle.type])).toEqual([
      [1, 'solid'],
      [1.05, 'dashed'],
    ]);
  });

  it('says in the tooltip where a point comes from, names as text', () => {
    const el = (sweepOption(sweep, DEFAULT_PALETTE).tooltip as Tooltip).formatter({ componentType: 'series', seriesIndex: 1, dataIndex: 0 });
    expect(el.querySelector('b')).toBeNull();
    const tip = el.textContent ?? '';
    expect(tip).toContain('gpu2 <b>queue</b> at N = 16');
    expect(tip).toContain('speedup 0.80×');
    expect(tip).toContain('serialized 2.000 ms ÷ 2.500 ms');
  });

  it('uses a linear axis when the values span less than 8×', () => {
    const narrow: SweepStats = {
      ...sweep,
      series: [
        {
          arrangement: 'a',
          points: [
            { value: 10, baselineMs: 1, wallMs: 1, speedup: 1, ci95: [1, 1] },
            { value: 40, baselineMs: 1, wallMs: 2, speedup: 0.5, ci95: [0.5, 0.5] },
          ],
        },
      ],
    };
    expect(sweepLogAxis(narrow)).toBe(false);
    expect(sweepOption(narrow, DEFAULT_PALETTE).xAxis).toMatchObject({ type: 'value' });
  });

  it('tops the y axis at a round value above the largest speedup and the threshold', () => {
    expect(niceMax(1.76)).toBe(2);
    expect(niceMax(1.3)).toBe(1.5);
    expect(niceMax(3.4)).toBe(3.5);
    expect(niceMax(7.1)).toBe(8);
    expect(niceMax(13)).toBe(14);
    expect(niceMax(130)).toBe(140);
    expect((sweepOption(sweep, DEFAULT_PALETTE).yAxis as { max: number }).max).toBe(2.5); // 2 × 1.08 = 2.16, in steps of 0.5
  });
});
