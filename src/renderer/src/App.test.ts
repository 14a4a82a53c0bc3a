// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MenuAction, ParascopeApi, TraceFile } from '@shared/api';
import { fakeApi } from './testing/fake-api';
import { fixtureBytes, fixtureFile, gzip, toArrayBuffer } from './testing/test-files';
import App from './App.vue';

const host = vi.hoisted(() => ({ api: undefined as ParascopeApi | undefined }));
vi.mock('./api', () => ({ getApi: () => host.api }));
vi.mock('./timeline/TimelineView.vue', async () => ({ default: (await import('./testing/timeline-stub')).TimelineStub }));

function setup(overrides: Partial<ParascopeApi> = {}) {
  let menu: ((a: MenuAction) => void) | undefined;
  const api = fakeApi({
    // The bundled sample is gzip, like the real one.
    initialFile: async (): Promise<TraceFile> => ({
      name: 'sample.json.gz',
      path: '/samples/sample.json.gz',
      bytes: toArrayBuffer(await gzip(fixtureBytes('flows.json'))),
    }),
    onMenu: (l) => {
      menu = l;
      return () => (menu = undefined);
    },
    ...overrides,
  });
  host.api = api;
  const w = mount(App, { attachTo: document.body });
  return { api, w, menu: (a: MenuAction) => menu?.(a) };
}

/** Waits for the start-up open (gzip inflates asynchronously, over more than one task). */
async function opened(w: ReturnType<typeof mount>, count = 1): Promise<void> {
  await vi.waitFor(async () => {
    await flushPromises();
    expect(w.findAll('[data-testid="document-tab"]')).toHaveLength(count);
  });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('App', () => {
  it('opens the initial file at start', async () => {
    const { w } = setup();
    await opened(w);
    expect(w.findAll('[data-testid="document-tab"]').map((t) => t.text())).toEqual([expect.stringContaining('sample.json.gz')]);
    expect(w.find('[data-testid="overlap-panel"]').exists()).toBe(true);
    expect(w.findAll('[data-testid="lane-label"]').length).toBeGreaterThan(0);
    w.unmount();
  });

  it('a file that fails to open shows the reason in the banner and keeps what was open', async () => {
    const { w, menu } = setup();
    await opened(w);
    menu({ type: 'open-file', file: fixtureFile('not-json.txt') });
    await vi.waitFor(() => expect(w.find('[data-testid="error-banner"]').exists()).toBe(true));
    const banner = w.get('[data-testid="error-banner"]');
    expect(banner.text()).toMatch(/^!?\s*not-json\.txt: /);
    expect(w.findAll('[data-testid="document-tab"]')).toHaveLength(1);
    expect(w.find('[data-testid="overlap-panel"]').exists()).toBe(true);
    w.unmount();
  });

  it('exports through the host: HTML with save, PDF with savePdf, Save As with the original bytes', async () => {
    const { w, api, menu } = setup();
    await opened(w);
    menu({ type: 'export', format: 'html' });
    menu({ type: 'export', format: 'pdf' });
    menu({ type: 'export', format: 'chrome' });
    menu({ type: 'save-as' });
    await flushPromises();
    const saved = api.save.mock.calls.map((c) => c[0]);
    expect(saved).toEqual(['sample.html', 'sample.chrome.json', 'sample.json.gz']);
    expect(api.save.mock.calls[0]![1]).toMatch(/^<!DOCTYPE html>/);
    expect(api.savePdf.mock.calls[0]![0]).toBe('sample.pdf');
    expect(api.save.mock.calls[2]![1]).toBeInstanceOf(ArrayBuffer);
    w.unmount();
  });

  it('opens a file dropped on the window', async () => {
    const { w } = setup({ initialFile: async () => undefined });
    await flushPromises();
    expect(w.find('[data-testid="empty-state"]').exists()).toBe(true);
    const file = new File([fixtureBytes('array-form.json') as BlobPart], 'dropped.json');
    const drop = new Event('drop', { cancelable: true }) as DragEvent;
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], types: ['Files'] } });
    window.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await vi.waitFor(async () => {
      await flushPromises();
      expect(w.findAll('[data-testid="document-tab"]').map((t) => t.text())).toEqual([expect.stringContaining('dropped.json')]);
    });
    w.unmount();
  });

  it('switches to the Experiments view on the run-experiment command', async () => {
    const { w, menu } = setup();
    await flushPromises();
    menu({ type: 'run-experiment' });
    await flushPromises();
    expect(w.get('[data-testid="experiments-view"]').isVisible()).toBe(true);
    w.unmount();
  });

  it('opens an experiment file on the open-experiment-file command, the view mounted first if need be', async () => {
    const info = {
      source: { name: 'mine.yaml', path: '/home/u/mine.yaml' },
      title: 'Mine',
      question: 'Mine?',
      devices: 1,
      ops: 1,
      phases: ['once'],
      example: false,
    };
    const { w, menu, api } = setup({ openExperimentFile: async () => info });
    await flushPromises();
    menu({ type: 'open-experiment-file' });
    await flushPromises();
    expect(w.get('[data-testid="experiments-view"]').isVisible()).toBe(true);
    expect(api.openExperimentFile).toHaveBeenCalledTimes(1);
    expect(w.findAll('[data-testid="experiment-file"]').map((c) => c.attributes('data-file-name'))).toEqual(['mine.yaml']);
    // Again, with the view already there.
    menu({ type: 'open-experiment-file' });
    await flushPromises();
    expect(api.openExperimentFile).toHaveBeenCalledTimes(2);
    w.unmount();
  });
});
