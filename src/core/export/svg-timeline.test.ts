import { describe, expect, it } from 'vitest';
import { laneId, type Dep, type Lane, type Op, type OpKind, type Trace } from '../model.js';
import { ns } from '../time.js';
import { scenario } from '../testing/scenario.js';
import { EVIL_LANE, EVIL_MD, EVIL_SCRIPT, fixtureTrace } from '../testing/report-fixture.js';
import { renderTimelineSvg } from './svg-timeline.js';

const count = (s: string, re: RegExp): number => s.match(re)?.length ?? 0;
const arrowCount = (svg: string): number => count(svg, /<path class="ps-dep /g);

/** A synthetic trace: `n` ops spread over `lanes` GPU lanes, back to back, each `dur` ns. */
function bigTrace(n: number, lanes: number, dur: number, deps = 0): Trace {
  const kinds: OpKind[] = ['compute', 'transfer', 'sync', 'other'];
  const laneList: Lane[] = Array.from({ length: lanes }, (_, i) => ({
    id: laneId(i + 1, 1),
    pid: i + 1,
    tid: 1,
    name: `queue ${i}`,
    kind: 'gpu',
    sortIndex: 0,
  }));
  const ops: Op[] = Array.from({ length: n }, (_, id) => {
    const lane = id % lanes;
    const k = Math.floor(id / lanes);
    return { id, laneId: laneList[lane]!.id, name: `op ${id}`, kind: kinds[k % kinds.length]!, start: ns(k * dur * 1.5), dur: ns(dur) };
  });
  const d: Dep[] = Array.from({ length: deps }, (_, i) => ({ from: i, to: i + 1, kind: 'data' }));
  return { processes: laneList.map((l) => ({ pid: l.pid, name: `GPU ${l.pid}`, sortIndex: l.pid })), lanes: laneList, ops, deps: d, phases: [] };
}

describe('renderTimelineSvg', () => {
  it('draws every lane name, grouped by process, and escapes every string from the trace', () => {
    const svg = renderTimelineSvg(fixtureTrace(), { width: 1000 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<i>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&quot;a|b*_c');
    expect(svg).toContain('gpu2 &lt;b&gt;queue&lt;/b&gt;');
    // Processes sorted by sort index, lanes under them: GPU 1, GPU 2, then the host (pid 100).
    const yOf = (label: string): number => Number(new RegExp(`<text class="ps-(?:proc|lane)" x="[^"]*" y="([^"]*)">${label}`).exec(svg)?.[1]);
    const ys = ['GPU 1', 'gpu1 queue', 'GPU 2', 'gpu2 &lt;b&gt;queue', 'Host', 'cpu main'].map(yOf);
    expect(ys.every((y) => y > 0)).toBe(true);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(EVIL_LANE).toContain('<b>');
  });

  it('gives each op a rect coloured by kind with a tooltip: name, kind, lane, start, duration', () => {
    const svg = renderTimelineSvg(fixtureTrace(), { width: 1000 });
    expect(count(svg, /<rect class="ps-op"/g)).toBe(6);
    expect(svg).toMatch(
      /<rect class="ps-op"[^>]*fill="#0072B2"><title>&lt;script&gt;alert\(1\)&lt;\/script&gt;\ncompute on gpu1 queue\nstart 50\.00 ms, duration 20\.00 ms<\/title>/,
    );
    expect(svg).toContain(`${EVIL_MD.replace('"', '&quot;')}\ntransfer on gpu2 &lt;b&gt;queue&lt;/b&gt;`);
  });

  it('draws phases as labelled bands above the rows', () => {
    const svg = renderTimelineSvg(fixtureTrace(), { width: 1000 });
    expect(count(svg, /<rect class="ps-phase"/g)).toBe(2);
    expect(svg).toContain('alone &lt;i&gt;');
    expect(svg).toContain('together · 32.00 ms');
  });

  it('stacks overlapping (nested) phases instead of drawing them on top of each other', () => {
    const t = {
      ...scenario([['gpu1', 'k', 'compute', 0, 100]]),
      phases: [
        { name: 'outer', start: ns(0), end: ns(100) },
        { name: 'inner', start: ns(10), end: ns(50) },
      ],
    };
    const ys = [...renderTimelineSvg(t, { width: 800 }).matchAll(/<rect class="ps-phase" x="[^"]*" y="([^"]*)"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(2);
    expect(ys[0]).not.toBe(ys[1]);
  });

  it('draws one arrow per dependency, from the end of the source op to the start of the target', () => {
    const t = scenario(
      [
        ['gpu1', 'a', 'compute', 0, 1000],
        ['gpu2', 'b', 'compute', 2000, 1000],
        ['gpu1', 'c', 'compute', 1500, 500],
      ],
      [
        [0, 1],
        [0, 2],
      ],
    );
    const svg = renderTimelineSvg(t, { width: 1000 });
    expect(arrowCount(svg)).toBe(2);
    expect(svg).toContain('marker-end="url(#ps-arrow)"');
    expect(svg).toContain('<marker id="ps-arrow"');
    // Op a ends at 1/3 of the span, op b starts at 2/3: the arrow runs between those x positions.
    const m = /<path class="ps-dep ps-dep-data" d="M([\d.]+),[\d.]+C[^"]* ([\d.]+),[\d.]+"/.exec(svg);
    expect(m).not.toBeNull();
    const plotX = Number(/<rect class="ps-op" x="([\d.]+)"/.exec(svg)![1]);
    const x1 = Number(m![1]);
    const x2 = Number(m![2]);
    expect((x2 - plotX) / (x1 - plotX)).toBeCloseTo(2, 1);
    expect(svg).not.toContain('not drawn');
  });

  it('draws at most maxArrows arrows, cross-lane ones first, and says how many were left out', () => {
    const t = scenario(
      [
        ['gpu1', 'a', 'compute', 0, 100],
        ['gpu1', 'b', 'compute', 100, 100],
        ['gpu2', 'c', 'compute', 200, 100],
        ['gpu1', 'd', 'compute', 300, 100],
      ],
      [
        [0, 1],
        [1, 2],
        [1, 3],
      ],
    );
    const svg = renderTimelineSvg(t, { width: 900, maxArrows: 1 });
    expect(arrowCount(svg)).toBe(1);
    expect(count(svg, /<path class="ps-dep ps-dep-data" d/g)).toBe(1); // the cross-lane one
    expect(svg).toContain('2 of 3 dependencies not drawn as arrows');
    expect(arrowCount(renderTimelineSvg(t, { width: 900, maxArrows: 0 }))).toBe(0);
    expect(arrowCount(renderTimelineSvg(t, { width: 900 }))).toBe(3);
  });

  it('inline mode leaves out xmlns, so an HTML page holding it has no URL', () => {
    const svg = renderTimelineSvg(fixtureTrace(), { width: 900, inline: true });
    expect(svg.startsWith('<svg class="ps-timeline"')).toBe(true);
    expect(svg).not.toMatch(/https?:/);
  });

  it('renders an empty trace without failing', () => {
    const svg = renderTimelineSvg({ processes: [], lanes: [], ops: [], deps: [], phases: [] }, { width: 600 });
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(svg).not.toContain('NaN');
  });

  it('bounds the output by lanes × width: 200,000 ops render to a small SVG', () => {
    const t = bigTrace(200_000, 4, 1000, 200_000);
    const t0 = performance.now();
    const svg = renderTimelineSvg(t, { width: 1200 });
    const ms = performance.now() - t0;
    const rects = count(svg, /<rect /g);
    expect(rects).toBeLessThan(4 * 1200);
    expect(svg.length).toBeLessThan(2_000_000);
    expect(arrowCount(svg)).toBe(2000);
    expect(svg).toContain('198000 of 200000 dependencies not drawn as arrows');
    expect(svg).toContain('ops narrower than a pixel are merged');
    expect(svg).not.toContain('NaN');
    expect(ms).toBeLessThan(10_000);
  });

  it('caps own rects per lane when many wide ops overlap, merging the rest', () => {
    // 5,000 nested ops on one lane, each at least a pixel wide: at most width/2 get their own rect.
    const ops = Array.from({ length: 5000 }, (_, i) => ['gpu1', `op ${i}`, 'compute', i, 1_000_000 - i] as const);
    const svg = renderTimelineSvg(scenario(ops), { width: 1000 });
    expect(count(svg, /<rect class="ps-op"/g)).toBeLessThanOrEqual(500);
    expect(count(svg, /<rect class="ps-merged"/g)).toBeGreaterThan(0);
    expect(svg.length).toBeLessThan(500_000);
  });

  it('lane names are never covered: long ones are truncated with an ellipsis and kept whole in a tooltip', () => {
    const long = 'a very long lane name that goes on and on and on and on and on and on and on';
    const svg = renderTimelineSvg(scenario([[long, 'k', 'compute', 0, 100]]), { width: 800 });
    expect(svg).toMatch(/>a very long lane name[^<]*…<title>a very long lane name that goes on/);
    expect(svg.indexOf('class="ps-label-bg"')).toBeGreaterThan(svg.indexOf('class="ps-ops"'));
  });
});

void EVIL_SCRIPT;

describe('renderTimelineSvg: a recording’s set-up, warm-up and after-the-phases (issue 13, item 9)', () => {
  it('marks them in the phase row, so that the time before and after the phases is named', () => {
    const t = scenario([
      ['cpu', 'write x', 'cpu', 1000, 100],
      ['cpu', 'matmul', 'compute', 6000, 500],
    ]);
    const meta = { run: { start: ns(3000), end: ns(9000) } } as unknown as NonNullable<Trace['meta']>;
    const svg = renderTimelineSvg({ ...t, meta, phases: [{ name: 'A', start: ns(5000), end: ns(7500) }] }, { width: 1200 });
    const labels = [...svg.matchAll(/class="ps-region-label"[^>]*>([^<]*)/g)].map((m) => m[1]);
    // 'after' (7500–9000) lies past the picture's last op and phase (7500): clipped away.
    expect(labels).toEqual(['set-up · 2.00 µs', 'warm-up · 2.00 µs']);
    expect(svg).toContain('<title>set-up: devices, buffers and uploads');
  });

  it('marks nothing in a foreign trace', () => {
    const t = scenario([['cpu', 'a', 'cpu', 0, 10]]);
    expect(renderTimelineSvg({ ...t, phases: [{ name: 'A', start: ns(0), end: ns(10) }] }, { width: 800 })).not.toContain('class="ps-region');
  });
});
