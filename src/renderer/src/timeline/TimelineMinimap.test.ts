// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { scenario } from '@core/testing/scenario';
import { buildTimelineIndex } from './lane-index.js';
import { DEFER_MIN_OPS } from './sliced-job.js';
import { themeFrom } from './theme.js';
import TimelineMinimap from './TimelineMinimap.vue';

let wrapper: VueWrapper | undefined;
afterEach(() => wrapper?.unmount());

function mountFor(ops: number): VueWrapper {
  const index = buildTimelineIndex(scenario(Array.from({ length: ops }, (_, i) => ['gpu0', 'k', 'compute', 10 * i, 5] as const)));
  const extent = { start: 0, end: 10 * ops };
  return mount(TimelineMinimap, {
    props: { index, phases: [], extent, window: extent, matches: undefined, theme: themeFrom(() => undefined, false), gutterWidth: 180 },
  });
}

/** Until `done()` or a timeout: the sliced job posts messages between slices. */
async function until(done: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !done() && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 10));
    await flushPromises();
  }
}

describe('the overview strip', () => {
  it('says it is building while a large trace’s density is made in slices, and stops saying so when drawn', async () => {
    wrapper = mountFor(DEFER_MIN_OPS);
    const label = () => wrapper!.get('.minimap-label');
    expect(label().text()).toBe('Overview · building…');
    expect(label().attributes('aria-busy')).toBe('true');
    await until(() => !wrapper!.find('[data-testid="minimap-building"]').exists());
    expect(label().text()).toBe('Overview');
    expect(label().attributes('aria-busy')).toBe('false');
  }, 30_000);

  it('a small trace’s density is made at once: never "building"', () => {
    wrapper = mountFor(1000);
    expect(wrapper.get('.minimap-label').text()).toBe('Overview');
  });
});
