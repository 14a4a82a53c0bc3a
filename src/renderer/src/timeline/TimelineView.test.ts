// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { nextTick } from 'vue';
import type { Trace } from '@core/model.js';
import { scenario } from '@core/testing/scenario';
import TimelineView from './TimelineView.vue';
import { DEFER_MIN_OPS } from './sliced-job.js';

const MARKUP_LANE = '<img src=x onerror="alert(1)">';
const MARKUP_OP = '<b>bold</b> & <i>kernel</i>';

/** gpu lane with markup in its name; a host thread; an arrow from the host op to the kernel. */
function trace(): Trace {
  return scenario(
    [
      [MARKUP_LANE, MARKUP_OP, 'compute', 1000, 4000], // 0
      [MARKUP_LANE, 'copy', 'transfer', 6000, 1000], // 1
      ['cpu-main', 'submit', 'cpu', 0, 900], // 2
    ],
    [
      [2, 0],
      [0, 1],
    ],
  );
}

type Timeline = InstanceType<typeof TimelineView>;
let wrapper: VueWrapper<Timeline> | undefined;

function mountTimeline(props: Record<string, unknown> = {}): VueWrapper<Timeline> {
  wrapper = mount(TimelineView, { props: { trace: trace(), ...props }, attachTo: document.body });
  return wrapper;
}

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  history.replaceState(null, '', '/');
});

function lastViewport(w: VueWrapper<Timeline>): { start: number; end: number } {
  const events = w.emitted('viewport') ?? [];
  return events[events.length - 1]![0] as { start: number; end: number };
}

async function frame(): Promise<void> {
  await nextTick();
  await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
}

describe('TimelineView', () => {
  it('shows lane and process names as text in the gutter', () => {
    const w = mountTimeline();
    const labels = w.findAll('[data-testid="lane-label"]').map((l) => l.element.textContent);
    expect(labels).toEqual([MARKUP_LANE, 'cpu-main']); // exactly the names, no whitespace around them
    expect(w.text()).toContain('GPU 1');
    expect(w.text()).toContain('Host');
  });

  it('shows markup in names as text: no element is created from it', async () => {
    const w = mountTimeline();
    expect(w.find('[data-testid="timeline"] img').exists()).toBe(false);
    const canvas = w.get('[data-testid="timeline-canvas"]');
    const at = w.vm.opCenter(0)!;
    await canvas.trigger('pointermove', { clientX: at.x, clientY: at.y });
    const tooltip = w.get('[data-testid="timeline-tooltip"]');
    expect(tooltip.text()).toContain(MARKUP_OP);
    expect(tooltip.find('b').exists()).toBe(false);
    expect(tooltip.find('i').exists()).toBe(false);
    expect(tooltip.text()).toContain('compute');
    expect(tooltip.text()).toContain('4.00 µs');
    await canvas.trigger('pointerleave');
    expect(w.find('[data-testid="timeline-tooltip"]').exists()).toBe(false);
  });

  it('is an accessible, focusable canvas with a summary and a legend', () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    expect(canvas.attributes('role')).toBe('img');
    expect(canvas.attributes('tabindex')).toBe('0');
    expect(canvas.attributes('aria-label')).toContain('3 ops on 2 lanes');
    const legend = w.get('[data-testid="timeline-legend"]').text();
    expect(legend).toContain('compute');
    expect(legend).toContain('transfer');
    expect(legend).toContain('CPU');
    expect(legend).not.toContain('sync');
  });

  it('zooms with W/S, pans with A/D and fits with F', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    await canvas.trigger('keydown', { key: 'w' });
    const zoomed = lastViewport(w);
    // Fitted: the trace's 7 µs plus 2 % either side; W zooms in by 1.3 around the middle.
    expect(zoomed.end - zoomed.start).toBeCloseTo((7000 * 1.04) / 1.3, 6);
    expect((zoomed.start + zoomed.end) / 2).toBeCloseTo(3500, 6);
    await canvas.trigger('keydown', { key: 'd' });
    const panned = lastViewport(w);
    expect(panned.start).toBeGreaterThan(zoomed.start);
    expect(panned.end - panned.start).toBeCloseTo(zoomed.end - zoomed.start, 6);
    await canvas.trigger('keydown', { key: 'a' });
    expect(lastViewport(w).start).toBeCloseTo(panned.start - 0.2 * (zoomed.end - zoomed.start), 6); // a fifth of the width
    await canvas.trigger('keydown', { key: 'S' });
    expect(lastViewport(w).end - lastViewport(w).start).toBeCloseTo(7000 * 1.04, 6);
    await canvas.trigger('keydown', { key: 'w' });
    await canvas.trigger('keydown', { key: 'f' });
    expect(lastViewport(w)).toEqual({ start: -140, end: 7140 });
    const count = w.emitted('viewport')!.length;
    await canvas.trigger('keydown', { key: 'w', ctrlKey: true }); // leaves the app's shortcuts alone
    expect(w.emitted('viewport')!.length).toBe(count);
  });

  it('zooms with Ctrl+wheel (and a trackpad pinch) around the pointer, as Perfetto does', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    await canvas.trigger('wheel', { deltaY: -200, clientX: 200, clientY: 50, ctrlKey: true });
    const v = lastViewport(w);
    expect(v.end - v.start).toBeLessThan(7280);
    // The time under x = 200 (of 800 px) has not moved.
    const before = -140 + (200 / 800) * 7280;
    expect(v.start + (200 / 800) * (v.end - v.start)).toBeCloseTo(before, 6);
  });

  it('the plain wheel scrolls the lanes (with a scrollbar that follows), Shift+wheel pans', async () => {
    // A canvas too short for its rows: 120 px (the least) against 2 processes × 3 lanes.
    const many = scenario(Array.from({ length: 6 }, (_, i) => [`lane ${i}`, `op ${i}`, 'compute', 1000 * i, 800] as const));
    const w = mount(TimelineView, { props: { trace: many, height: 120 }, attachTo: document.body });
    wrapper = w;
    const canvas = w.get('[data-testid="timeline-canvas"]');
    const gutterScroll = () => (w.get('.gutter-scroll').element as HTMLElement).style.transform;
    expect(gutterScroll()).toBe('translateY(0px)');
    expect(w.find('[data-testid="timeline-scrollbar"]').exists()).toBe(true);
    await canvas.trigger('wheel', { deltaY: 40, clientX: 200, clientY: 60 });
    expect(gutterScroll()).toBe('translateY(-40px)');
    expect(w.emitted('viewport')).toBeUndefined(); // scrolling is not zooming
    await canvas.trigger('keydown', { key: 'w' }); // zoomed in, so that there is room to pan
    const zoomed = lastViewport(w);
    await canvas.trigger('wheel', { deltaY: 80, clientX: 200, clientY: 60, shiftKey: true });
    const v = lastViewport(w);
    expect(v.start).toBeGreaterThan(zoomed.start);
    expect(v.end - v.start).toBeCloseTo(zoomed.end - zoomed.start, 6); // a pan, not a zoom
    expect(gutterScroll()).toBe('translateY(-40px)');
  });

  it('collapses a process to one summary row when its name is clicked, and expands it again', async () => {
    const w = mountTimeline();
    const labels = () => w.findAll('[data-testid="lane-label"]').map((l) => l.element.textContent);
    const gpu = w.findAll('[data-testid="process-label"]').find((b) => b.text().includes('GPU 1'))!;
    expect(gpu.attributes('aria-expanded')).toBe('true');
    await gpu.trigger('click');
    expect(labels()).toEqual(['cpu-main']);
    const collapsedGpu = w.findAll('[data-testid="process-label"]').find((b) => b.text().includes('GPU 1'))!;
    expect(collapsedGpu.attributes('aria-expanded')).toBe('false');
    // Its ops are drawn in the summary row: the op's box is in the header's row, not hit-testable there.
    const at = w.vm.opCenter(0)!;
    expect(at).toBeDefined();
    expect(w.vm.hitTest(at.x, at.y)).toBeUndefined();
    await collapsedGpu.trigger('click');
    expect(labels()).toEqual([MARKUP_LANE, 'cpu-main']);
    const again = w.vm.opCenter(0)!;
    expect(w.vm.hitTest(again.x, again.y)).toBe(0);
  });

  it('widens the lane-name column by dragging its edge or with the arrow keys', async () => {
    const w = mountTimeline();
    const gutter = () => Number.parseFloat((w.get('[data-testid="timeline-gutter"]').element as HTMLElement).style.width);
    const before = gutter();
    const handle = w.get('[data-testid="gutter-resize"]');
    await handle.trigger('keydown', { key: 'ArrowRight' });
    expect(gutter()).toBe(before + 16);
    await handle.trigger('pointerdown', { clientX: 100, pointerId: 1 });
    handle.element.dispatchEvent(new PointerEvent('pointermove', { clientX: 180, pointerId: 1 }));
    await nextTick();
    expect(gutter()).toBe(before + 16 + 80);
    handle.element.dispatchEvent(new PointerEvent('pointerup', { clientX: 180, pointerId: 1 }));
    await handle.trigger('keydown', { key: 'ArrowLeft' });
    expect(gutter()).toBe(before + 80);
  });

  it('selects the op clicked, shows its details and dependencies, and clears on Escape', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    const at = w.vm.opCenter(0)!;
    expect(w.vm.hitTest(at.x, at.y)).toBe(0);
    await canvas.trigger('pointerdown', { button: 0, clientX: at.x, clientY: at.y, pointerId: 1 });
    await canvas.trigger('pointerup', { button: 0, clientX: at.x, clientY: at.y, pointerId: 1 });
    expect(w.emitted('select')).toEqual([[0]]);
    const details = w.get('[data-testid="timeline-details"]');
    expect(details.text()).toContain(MARKUP_OP);
    expect(details.find('b').exists()).toBe(false);
    expect(details.text()).toContain('depends on (1)');
    expect(details.text()).toContain('needed by (1)');
    const links = details.findAll('[data-testid="dep-link"]');
    expect(links.map((l) => l.text())).toEqual(['submit', 'copy']);
    await links[1]!.trigger('click');
    expect(w.emitted('select')!.at(-1)).toEqual([1]);
    await canvas.trigger('keydown', { key: 'Escape' });
    expect(w.emitted('select')!.at(-1)).toEqual([undefined]);
    expect(w.find('[data-testid="timeline-details"]').exists()).toBe(false);
  });

  it('clears the selection on a click in a gap', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    const at = w.vm.opCenter(0)!;
    await canvas.trigger('pointerdown', { button: 0, clientX: at.x, clientY: at.y });
    await canvas.trigger('pointerup', { button: 0, clientX: at.x, clientY: at.y });
    const gapX = (w.vm.opCenter(0)!.x + w.vm.opCenter(1)!.x) / 2 + 60; // between the kernel's end and the copy
    expect(w.vm.hitTest(gapX, at.y)).toBeUndefined();
    await canvas.trigger('pointerdown', { button: 0, clientX: gapX, clientY: at.y });
    await canvas.trigger('pointerup', { button: 0, clientX: gapX, clientY: at.y });
    expect(w.emitted('select')).toEqual([[0], [undefined]]);
  });

  it('pans on drag without selecting', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    await canvas.trigger('keydown', { key: 'w' });
    const before = lastViewport(w);
    await canvas.trigger('pointerdown', { button: 0, clientX: 400, clientY: 60 });
    await canvas.trigger('pointermove', { clientX: 300, clientY: 60 });
    await canvas.trigger('pointerup', { button: 0, clientX: 300, clientY: 60 });
    const after = lastViewport(w);
    expect(after.start - before.start).toBeCloseTo((100 / 800) * (before.end - before.start), 6);
    expect(w.emitted('select')).toBeUndefined();
  });

  it('selects a time range with Shift+drag, and clears it with Escape', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    await canvas.trigger('pointerdown', { button: 0, shiftKey: true, clientX: 600, clientY: 60 });
    await canvas.trigger('pointermove', { shiftKey: true, clientX: 200, clientY: 60 });
    expect(w.emitted('range')).toBeUndefined(); // emitted once, at the end of the drag
    await canvas.trigger('pointerup', { button: 0, shiftKey: true, clientX: 200, clientY: 60 });
    const t = (x: number): number => -140 + (x / 800) * 7280;
    const range = w.emitted('range')![0]![0] as { start: number; end: number };
    expect(range.start).toBeCloseTo(t(200), 6);
    expect(range.end).toBeCloseTo(t(600), 6);
    await canvas.trigger('keydown', { key: 'Escape' });
    expect(w.emitted('range')!.at(-1)).toEqual([undefined]);
  });

  it('shows exactly the window it is given, and follows it', async () => {
    const w = mountTimeline({ window: { start: 0, end: 20_000 } });
    const canvas = w.get('[data-testid="timeline-canvas"]');
    expect(canvas.attributes('aria-label')).toContain('showing 0 ns to 20.0 µs');
    await canvas.trigger('keydown', { key: 'w' });
    await canvas.trigger('keydown', { key: 'd' }); // past the trace's own end (7 µs): the shared scale goes there
    expect(lastViewport(w).end).toBeCloseTo(20_000, 6);
    expect(lastViewport(w).start).toBeCloseTo(20_000 - 20_000 / 1.3, 6);
    await w.setProps({ window: { start: 1000, end: 2000 } });
    expect(canvas.attributes('aria-label')).toContain('showing 1.00 µs to 2.00 µs');
  });

  it('fits through its exposed fit()', async () => {
    const w = mountTimeline({ window: { start: 0, end: 100 } });
    w.vm.fit();
    await nextTick();
    expect(lastViewport(w)).toEqual({ start: -140, end: 7140 });
  });

  it('installs the debug hook with ?debug, and measures the frames it draws', async () => {
    history.replaceState(null, '', '/?debug');
    const w = mountTimeline({ arrows: 'all' });
    const hook = window.__parascopeTimeline!;
    expect(hook).toBeDefined();
    await frame();
    expect(hook.frameTimes.length).toBeGreaterThan(0);
    expect(hook.rectsDrawn).toBe(3);
    expect(hook.arrowsDrawn).toBe(2);
    const frames = hook.frameTimes.length;
    hook.zoom(2, 400);
    expect(lastViewport(w).end - lastViewport(w).start).toBeCloseTo(7280 / 2, 6);
    hook.pan(100);
    hook.fit();
    expect(lastViewport(w)).toEqual({ start: -140, end: 7140 });
    await frame();
    expect(hook.frameTimes.length).toBe(frames + 1); // three changes, one frame
    w.unmount();
    wrapper = undefined;
    expect(window.__parascopeTimeline).toBeUndefined();
  });

  it('has no debug hook without ?debug', () => {
    mountTimeline();
    expect(window.__parascopeTimeline).toBeUndefined();
  });

  it('draws the critical path when asked', async () => {
    history.replaceState(null, '', '/?debug');
    const w = mountTimeline({ criticalPath: [2, 0, 1], showCriticalPath: true, arrows: 'all' });
    await frame();
    expect(window.__parascopeTimeline!.arrowsDrawn).toBe(4); // 2 dependencies + 2 path steps
    expect(w.get('[data-testid="timeline-legend"]').text()).toContain('critical path');
    await w.setProps({ showCriticalPath: false });
    await frame();
    expect(window.__parascopeTimeline!.arrowsDrawn).toBe(2);
  });

  it('draws only the selection’s dependencies by default, all of them when the legend’s toggle says so (issue 13, item 3)', async () => {
    history.replaceState(null, '', '/?debug');
    const w = mountTimeline();
    await frame();
    const hook = window.__parascopeTimeline!;
    expect(hook.arrowsDrawn).toBe(0); // nothing selected or hovered: no fan of lines
    const canvas = w.get('[data-testid="timeline-canvas"]');
    const at = w.vm.opCenter(1)!; // the kernel: one dependency in, and its chain
    await canvas.trigger('pointerdown', { button: 0, clientX: at.x, clientY: at.y });
    await canvas.trigger('pointerup', { button: 0, clientX: at.x, clientY: at.y });
    await frame();
    expect(hook.arrowsDrawn).toBeGreaterThan(0);
    expect(hook.arrowsDrawn).toBeLessThanOrEqual(2);
    const toggle = w.get('[data-testid="toggle-all-arrows"]');
    await toggle.setValue(true);
    await frame();
    expect(hook.arrowsDrawn).toBe(2);
    await toggle.setValue(false);
    hook.showAllArrows(true);
    await frame();
    expect(hook.arrowsDrawn).toBe(2);
  });

  it('names each dependency kind the trace has in the legend, as the report does', () => {
    const w = mountTimeline();
    const kinds = w.findAll('[data-testid="legend-dep-kind"]').map((l) => l.text());
    expect(kinds.length).toBeGreaterThan(0);
    for (const k of kinds) expect(k).toMatch(/\(end → start\)$/);
  });

  it('pins a lane from its name: its op is hit in the pinned area; the pin is kept for the trace across a remount (a tab switch), not for a new trace', async () => {
    const t = trace();
    const w = mountTimeline({ trace: t });
    const pinnedNames = () => w.findAll('[data-testid="pinned-lanes"] [data-testid="lane-label"]').map((l) => l.element.textContent);
    const pinOf = (name: string) =>
      w
        .findAll('[data-testid="lane-label"]')
        .find((l) => l.element.textContent === name)!
        .element.nextElementSibling!.querySelector('[data-testid="lane-pin"]') as HTMLElement;
    expect(pinnedNames()).toEqual([]);
    pinOf('cpu-main').click();
    await nextTick();
    expect(pinnedNames()).toEqual(['cpu-main']);
    // Op 2 (cpu-main's) is drawn in the pinned area, right under the header, and is hit there.
    const at = w.vm.opCenter(2)!;
    expect(w.vm.hitTest(at.x, at.y)).toBe(2);
    const header = Number.parseFloat((w.get('.gutter-header').element as HTMLElement).style.height);
    expect(at.y).toBeGreaterThan(header);
    expect(at.y).toBeLessThan(header + 30);
    // The other lane's op moved down under the pinned area, and is still hit.
    const below = w.vm.opCenter(0)!;
    expect(below.y).toBeGreaterThan(at.y);
    expect(w.vm.hitTest(below.x, below.y)).toBe(0);
    // P on the selected op's lane pins it too, after the first.
    const canvas = w.get('[data-testid="timeline-canvas"]');
    await canvas.trigger('pointerdown', { button: 0, clientX: below.x, clientY: below.y, pointerId: 1 });
    await canvas.trigger('pointerup', { button: 0, clientX: below.x, clientY: below.y, pointerId: 1 });
    await canvas.trigger('keydown', { key: 'p' });
    expect(pinnedNames()).toEqual(['cpu-main', MARKUP_LANE]);
    w.unmount();
    const again = mountTimeline({ trace: t });
    expect(again.findAll('[data-testid="pinned-lanes"] [data-testid="lane-label"]').map((l) => l.element.textContent)).toEqual(['cpu-main', MARKUP_LANE]);
    again.unmount();
    const fresh = mountTimeline({ trace: trace() });
    expect(fresh.find('[data-testid="pinned-lanes"]').exists()).toBe(false);
  });

  it('makes a lane taller from its name and every lane from the Rows setting', async () => {
    const w = mountTimeline();
    const heightOf = (name: string) =>
      Number.parseFloat((w.findAll('[data-testid="lane-label"]').find((l) => l.element.textContent === name)!.element as HTMLElement).style.height);
    const normal = heightOf('cpu-main');
    const taller = w
      .findAll('[data-testid="lane-label"]')
      .find((l) => l.element.textContent === 'cpu-main')!
      .element.nextElementSibling!.querySelector('[data-testid="lane-taller"]') as HTMLElement;
    taller.click();
    await nextTick();
    expect(heightOf('cpu-main')).toBeGreaterThan(normal);
    expect(heightOf(MARKUP_LANE)).toBe(normal);
    await w.get('[data-testid="row-height"]').setValue('compact');
    expect(heightOf(MARKUP_LANE)).toBeLessThan(normal);
    const at = w.vm.opCenter(0)!;
    expect(w.vm.hitTest(at.x, at.y)).toBe(0);
    await w.get('[data-testid="row-height"]').setValue('normal');
    expect(heightOf(MARKUP_LANE)).toBe(normal);
  });

  it('starts over on a new trace', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    const at = w.vm.opCenter(0)!;
    await canvas.trigger('pointerdown', { button: 0, clientX: at.x, clientY: at.y });
    await canvas.trigger('pointerup', { button: 0, clientX: at.x, clientY: at.y });
    await w.setProps({ trace: scenario([['gpu9', 'other', 'compute', 0, 100]]) });
    expect(w.emitted('select')!.at(-1)).toEqual([undefined]);
    expect(w.findAll('[data-testid="lane-label"]').map((l) => l.text())).toEqual(['gpu9']);
  });

  it('says the dependency arrows are being built while a large trace’s arrow index is made in slices', async () => {
    // Two lanes, an op each every 10 ns, and one dependency between them: past the size whose arrow index waits for the first frame.
    const half = DEFER_MIN_OPS / 2;
    const ops = Array.from({ length: 2 * half }, (_, i) => [i < half ? 'gpu0' : 'cpu-main', 'k', i < half ? 'compute' : 'cpu', 10 * (i % half), 5] as const);
    const w = mountTimeline({ trace: scenario(ops, [[half, 1]]) });
    expect(w.find('[data-testid="arrows-building"]').text()).toBe('dependency arrows: building…');
    expect(w.find('[data-testid="toggle-all-arrows"]').exists()).toBe(false);
    for (const end = Date.now() + 20_000; w.find('[data-testid="arrows-building"]').exists() && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 10));
      await nextTick();
    }
    expect(w.find('[data-testid="arrows-building"]').exists()).toBe(false);
    expect(w.find('[data-testid="toggle-all-arrows"]').exists()).toBe(true);
  }, 30_000);
});
