// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { nextTick } from 'vue';
import { scenario } from '@core/testing/scenario';
import TimelineView from './TimelineView.vue';

/** Reads y[0] … y[3] at 0, 100, 200, 300 ns on the GPU lane, a matmul between each; a host submit. */
function trace() {
  return scenario([
    ['gpu', 'read y[0]', 'transfer', 0, 10], // 0
    ['gpu', 'matmul', 'compute', 50, 10], // 1
    ['gpu', 'read y[1]', 'transfer', 100, 10], // 2
    ['gpu', 'matmul', 'compute', 150, 10], // 3
    ['gpu', 'read y[2]', 'transfer', 200, 10], // 4
    ['gpu', 'read y[3]', 'transfer', 300, 10], // 5
    ['cpu-main', 'submit', 'cpu', 0, 5], // 6
  ]);
}

type Timeline = InstanceType<typeof TimelineView>;
let wrapper: VueWrapper<Timeline> | undefined;

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

function mountTimeline(): VueWrapper<Timeline> {
  wrapper = mount(TimelineView, { props: { trace: trace() }, attachTo: document.body });
  return wrapper;
}

const status = (w: VueWrapper<Timeline>): string => w.get('[data-testid="search-status"]').text();
const selectedIds = (w: VueWrapper<Timeline>): (number | undefined)[] => (w.emitted('select') ?? []).map((e) => e[0] as number | undefined);

describe('timeline search', () => {
  it('counts the matches of the text, steps through them in time order with Enter and the buttons, wrapping', async () => {
    const w = mountTimeline();
    await w.get('[data-testid="timeline-search"]').setValue('read');
    expect(status(w)).toBe('4 matches');
    const box = w.get('[data-testid="timeline-search"]');
    await box.trigger('keydown', { key: 'Enter' });
    expect(status(w)).toBe('1 of 4');
    await box.trigger('keydown', { key: 'Enter' });
    await w.get('[data-testid="search-next"]').trigger('click');
    expect(status(w)).toBe('3 of 4');
    await w.get('[data-testid="search-next"]').trigger('click');
    await w.get('[data-testid="search-next"]').trigger('click'); // wraps to the first
    await box.trigger('keydown', { key: 'Enter', shiftKey: true }); // and back to the last
    expect(selectedIds(w)).toEqual([0, 2, 4, 5, 0, 5]);
    expect(status(w)).toBe('4 of 4');
    expect(w.emitted('update:query')).toEqual([['read']]);
  });

  it('takes /regex/ and says so when it is broken; no match says so', async () => {
    const w = mountTimeline();
    await w.get('[data-testid="timeline-search"]').setValue('/^read y\\[[12]\\]$/');
    expect(status(w)).toBe('2 matches');
    await w.get('[data-testid="timeline-search"]').setValue('/read(/');
    expect(status(w)).toMatch(/^not a regular expression: /);
    expect(w.get('[data-testid="search-next"]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid="timeline-search"]').setValue('zzz');
    expect(status(w)).toBe('no match');
  });

  it('shows an op-table row: its ops are the matches, the first selected and in view', async () => {
    const w = mountTimeline();
    w.vm.revealRow({ label: 'read y[*]', names: ['read y[2]', 'read y[3]'], kind: 'transfer' });
    await nextTick();
    expect(selectedIds(w)).toEqual([4]);
    expect(status(w)).toBe('read y[*]: 1 of 2');
    // Typing searches for the text again.
    await w.get('[data-testid="timeline-search"]').setValue('matmul');
    expect(status(w)).toBe('2 matches');
  });

  it('keys on the timeline: / focuses the search box, Z zooms to the selected op, ? shows the shortcuts', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    await canvas.trigger('keydown', { key: '/' });
    expect(document.activeElement).toBe(w.get('[data-testid="timeline-search"]').element);
    w.vm.revealRow({ label: 'read y[1]', names: ['read y[1]'], kind: 'transfer' });
    await nextTick();
    await canvas.trigger('keydown', { key: 'z' });
    // read y[1] is [100, 110]: with 5 % margins, [99.5, 110.5] (11 ns: wider than the 10 ns minimum)
    const views = w.emitted('viewport')!;
    expect(views[views.length - 1]![0]).toEqual({ start: 99.5, end: 110.5 });
    expect(w.find('[data-testid="shortcuts-overlay"]').exists()).toBe(false);
    await canvas.trigger('keydown', { key: '?' });
    expect(w.get('[data-testid="shortcuts-overlay"]').text()).toContain('next / previous match');
    await w.get('[data-testid="shortcuts-close"]').trigger('click');
    expect(w.find('[data-testid="shortcuts-overlay"]').exists()).toBe(false);
  });

  it('moves the view from the overview strip: a press outside the viewport centres it there', async () => {
    const w = mountTimeline();
    const canvas = w.get('[data-testid="timeline-canvas"]');
    for (let i = 0; i < 5; i++) await canvas.trigger('keydown', { key: 'w' }); // zoom in around the middle
    const before = w.emitted('viewport')!.at(-1)![0] as { start: number; end: number };
    const span = before.end - before.start;
    // The limits: [0, 310] with 2 % margins, [−6.2, 316.2] (322.4 ns); zoomed 1.3^5: 86.83 ns around 155.
    // happy-dom has no layout: the strip is 800 px (its default) from x = 0, so x 160 is −6.2 + 0.2 × 322.4 = 58.28 ns,
    // outside the viewport: it is centred there.
    await w.get('[data-testid="minimap-canvas"]').trigger('pointerdown', { button: 0, clientX: 160, pointerId: 1 });
    const after = w.emitted('viewport')!.at(-1)![0] as { start: number; end: number };
    expect(span).toBeCloseTo(322.4 / 1.3 ** 5, 9);
    expect(after.end - after.start).toBeCloseTo(span, 9);
    expect((after.start + after.end) / 2).toBeCloseTo(58.28, 9);
    // Dragging moves it with the pointer: 40 px more is 16.12 ns later.
    await w.get('[data-testid="minimap-canvas"]').trigger('pointermove', { clientX: 200, pointerId: 1 });
    const dragged = w.emitted('viewport')!.at(-1)![0] as { start: number; end: number };
    expect((dragged.start + dragged.end) / 2).toBeCloseTo(58.28 + 16.12, 9);
  });
});
