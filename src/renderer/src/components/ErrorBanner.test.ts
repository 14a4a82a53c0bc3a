// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ErrorBanner from './ErrorBanner.vue';

describe('ErrorBanner', () => {
  it('is absent without a message', () => {
    const w = mount(ErrorBanner, { props: {} });
    expect(w.find('[data-testid="error-banner"]').exists()).toBe(false);
  });

  it('shows the reason as an alert and can be dismissed', async () => {
    const w = mount(ErrorBanner, { props: { message: 'broken.json: not a trace: expected JSON' } });
    const banner = w.get('[data-testid="error-banner"]');
    expect(banner.attributes('role')).toBe('alert');
    expect(banner.text()).toContain('broken.json: not a trace: expected JSON');
    await w.get('button').trigger('click');
    expect(w.emitted('dismiss')).toHaveLength(1);
  });

  it('shows a file name with markup as text', () => {
    const w = mount(ErrorBanner, { props: { message: '<b>x</b><script>alert(1)</script>.json: bad' } });
    expect(w.find('b').exists()).toBe(false);
    expect(w.find('script').exists()).toBe(false);
    expect(w.text()).toContain('<b>x</b><script>alert(1)</script>.json: bad');
  });
});
