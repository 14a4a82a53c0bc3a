// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ExperimentFileInfo, ExperimentInfo, ExperimentParams, RunEvent, TraceFile } from '@shared/api';
import { fakeApi } from '../testing/fake-api';
import ExperimentsView from './ExperimentsView.vue';

const EXPERIMENTS: readonly ExperimentInfo[] = [
  {
    id: 'seed-parallel',
    title: 'Two GPUs in parallel',
    question: 'Do two queues <b>really</b> run at once?',
    method: 'Run alone, alone, together.',
    defaults: { size: 1024, reps: 20, repeat: 5 },
  },
  { id: 'compute-copy', title: 'Compute and copy', question: 'Is the copy hidden?', method: 'Interleave.', defaults: { size: 512, reps: 10, repeat: 5 } },
];

/** A host whose recordings are driven by the test through `emit`. */
function host() {
  let listener: ((e: RunEvent) => void) | undefined;
  const calls: { id: string; params: ExperimentParams }[] = [];
  const api = fakeApi({
    experiments: async () => EXPERIMENTS,
    runExperiment: async (id, params, onEvent) => {
      calls.push({ id, params });
      listener = onEvent;
      return 'run-42';
    },
  });
  return { api, calls, emit: (e: RunEvent) => listener?.(e) };
}

async function mounted() {
  const h = host();
  const w = mount(ExperimentsView, { props: { api: h.api } });
  await flushPromises();
  return { ...h, w };
}

describe('ExperimentsView', () => {
  it('lists each experiment with its question, method and default parameters', async () => {
    const { w } = await mounted();
    const cards = w.findAll('[data-testid="experiment"]');
    expect(cards).toHaveLength(2);
    expect(cards[0]!.text()).toContain('Do two queues <b>really</b> run at once?');
    expect(cards[0]!.find('b').exists()).toBe(false);
    expect(cards[0]!.text()).toContain('Run alone, alone, together.');
    expect((cards[0]!.get('[data-testid="param-size"]').element as HTMLInputElement).value).toBe('1024');
    expect((cards[0]!.get('[data-testid="param-reps"]').element as HTMLInputElement).value).toBe('20');
  });

  it('refuses parameters that are not positive integers', async () => {
    const { w } = await mounted();
    const card = w.findAll('[data-testid="experiment"]')[0]!;
    await card.get('[data-testid="param-size"]').setValue('0');
    await card.get('[data-testid="param-reps"]').setValue('2.5');
    expect(card.get('[data-testid="run-button"]').attributes('disabled')).toBeDefined();
    expect(card.get('[data-testid="param-errors"]').text()).toContain('Size must be at least 1');
    expect(card.get('[data-testid="param-errors"]').text()).toContain('Repetitions must be a positive integer');
    expect(card.get('[data-testid="param-size"]').attributes('aria-invalid')).toBe('true');
    await card.get('[data-testid="param-size"]').setValue('64');
    await card.get('[data-testid="param-reps"]').setValue('3');
    expect(card.get('[data-testid="run-button"]').attributes('disabled')).toBeUndefined();
    // Rounds: 1..100.
    expect((card.get('[data-testid="param-repeat"]').element as HTMLInputElement).value).toBe('5');
    await card.get('[data-testid="param-repeat"]').setValue('0');
    expect(card.get('[data-testid="run-button"]').attributes('disabled')).toBeDefined();
    expect(card.get('[data-testid="param-errors"]').text()).toContain('Rounds must be at least 1');
    await card.get('[data-testid="param-repeat"]').setValue('101');
    expect(card.get('[data-testid="param-errors"]').text()).toContain('Rounds must be at most 100');
    await card.get('[data-testid="param-repeat"]').setValue('3');
    expect(card.get('[data-testid="run-button"]').attributes('disabled')).toBeUndefined();
  });

  it('runs: progress is shown, and on done the recording is handed up to be opened', async () => {
    const { w, calls, emit } = await mounted();
    const card = () => w.findAll('[data-testid="experiment"]')[0]!;
    await card().get('[data-testid="param-size"]').setValue('256');
    await card().get('[data-testid="param-adapter"]').setValue('llvmpipe');
    await card().get('[data-testid="run-button"]').trigger('click');
    await flushPromises();
    expect(calls).toEqual([{ id: 'seed-parallel', params: { size: 256, reps: 20, repeat: 5, adapter: 'llvmpipe' } }]);
    // One run at a time: every Run button is disabled while it records.
    expect(w.findAll('[data-testid="run-button"]').every((b) => b.attributes('disabled') !== undefined)).toBe(true);

    emit({ type: 'progress', phase: 'GPU1 alone', done: 5, total: 20 });
    await flushPromises();
    const bar = card().get('[data-testid="run-progress"]');
    expect(bar.attributes('role')).toBe('progressbar');
    expect(bar.attributes('aria-valuenow')).toBe('5');
    expect(bar.attributes('aria-valuemax')).toBe('20');
    expect(card().text()).toContain('GPU1 alone · 5 / 20 ops');
    expect(card().get('[data-testid="run-time"]').text()).toMatch(/^\d+ s elapsed, about \d+ s left$/);
    expect(card().find('[data-testid="run-warning"]').exists()).toBe(false);
    // The recorder's warning before the run, then the rounds as they go.
    emit({ type: 'progress', phase: 'set-up', done: 5, total: 20, warning: "'llvmpipe' is a software adapter: … try --size 256 --reps 5" });
    emit({ type: 'progress', phase: 'GPU2 alone', done: 9, total: 20, round: 2, rounds: 3 });
    await flushPromises();
    expect(card().get('[data-testid="run-warning"]').text()).toBe("'llvmpipe' is a software adapter: … try --size 256 --reps 5");
    expect(card().get('[data-testid="run-phase"]').text()).toBe('round 2/3 · GPU2 alone · 9 / 20 ops');

    const file: TraceFile = { name: 'seed-parallel-2026.json.gz', path: '/rec/seed-parallel-2026.json.gz', bytes: new ArrayBuffer(4) };
    emit({ type: 'done', file });
    await flushPromises();
    expect(w.emitted('recorded')).toEqual([[file]]);
    expect(w.find('[data-testid="run-progress"]').exists()).toBe(false);
    expect(w.get('[data-testid="run-outcome"]').text()).toContain('recorded seed-parallel-2026.json.gz');
    expect(card().get('[data-testid="run-button"]').attributes('disabled')).toBeUndefined();
  });

  it('cancels a run through the host, by its run id', async () => {
    const { w, api, emit } = await mounted();
    await w.get('[data-testid="run-button"]').trigger('click');
    await flushPromises();
    await w.get('[data-testid="cancel-button"]').trigger('click');
    await flushPromises();
    expect(api.cancelRun).toHaveBeenCalledWith('run-42');
    expect(w.get('[data-testid="cancel-button"]').attributes('disabled')).toBeDefined();
    emit({ type: 'cancelled' });
    await flushPromises();
    expect(w.find('[data-testid="run-progress"]').exists()).toBe(false);
    expect(w.emitted('recorded')).toBeUndefined();
  });

  it('reports a failed recording as an error for the banner', async () => {
    const { w, emit } = await mounted();
    await w.get('[data-testid="run-button"]').trigger('click');
    await flushPromises();
    emit({ type: 'error', message: 'no adapter named "x"' });
    await flushPromises();
    expect(w.emitted('error')).toEqual([['Two GPUs in parallel: no adapter named "x"']]);
    expect(w.find('[data-testid="run-progress"]').exists()).toBe(false);
  });

  it('reports a run that cannot start', async () => {
    const api = fakeApi({
      experiments: async () => EXPERIMENTS,
      runExperiment: async () => {
        throw new Error('Node.js not found');
      },
    });
    const w = mount(ExperimentsView, { props: { api } });
    await flushPromises();
    await w.get('[data-testid="run-button"]').trigger('click');
    await flushPromises();
    expect(w.emitted('error')).toEqual([['Two GPUs in parallel: cannot start: Node.js not found']]);
    expect(w.find('[data-testid="run-progress"]').exists()).toBe(false);
  });

  it('cancels a run whose id had not arrived yet as soon as it does', async () => {
    let resolveId: (id: string) => void = () => undefined;
    const api = fakeApi({ experiments: async () => EXPERIMENTS, runExperiment: () => new Promise<string>((r) => (resolveId = r)) });
    const w = mount(ExperimentsView, { props: { api } });
    await flushPromises();
    await w.get('[data-testid="run-button"]').trigger('click');
    await w.get('[data-testid="cancel-button"]').trigger('click');
    expect(api.cancelRun).not.toHaveBeenCalled();
    resolveId('run-7');
    await flushPromises();
    expect(api.cancelRun).toHaveBeenCalledWith('run-7');
  });
});

describe('ExperimentsView: experiment files', () => {
  const example: ExperimentFileInfo = {
    source: { name: 'custom-kernel.yaml', path: '/app/resources/experiments/custom-kernel.yaml' },
    title: 'A custom kernel next to CPU work',
    question: 'Is it faster <i>together</i>?',
    method: 'Alone, alone, together.',
    devices: 1,
    ops: 3,
    phases: ['kernel alone', 'CPU alone', 'kernel and CPU'],
    example: true,
  };
  const mine: ExperimentFileInfo = {
    source: { name: 'mine.yaml', text: 'schema: …' },
    title: 'Mine',
    question: 'Mine?',
    devices: 2,
    ops: 1,
    phases: ['once'],
    example: false,
  };

  function fileHost(open: () => Promise<ExperimentFileInfo | undefined>) {
    let listener: ((e: RunEvent) => void) | undefined;
    const api = fakeApi({
      experiments: async () => EXPERIMENTS,
      experimentExamples: async () => [example],
      openExperimentFile: open,
      runExperimentFile: async (_source, _params, onEvent) => {
        listener = onEvent;
        return 'run-file-9';
      },
    });
    return { api, emit: (e: RunEvent) => listener?.(e) };
  }

  it('lists the examples with question, method and contents, as text', async () => {
    const { api } = fileHost(async () => undefined);
    const w = mount(ExperimentsView, { props: { api } });
    await flushPromises();
    const cards = w.findAll('[data-testid="experiment-file"]');
    expect(cards).toHaveLength(1);
    expect(cards[0]!.text()).toContain('Is it faster <i>together</i>?');
    expect(cards[0]!.find('i').exists()).toBe(false);
    expect(cards[0]!.text()).toContain('example');
    expect(cards[0]!.get('[data-testid="file-summary"]').text()).toBe('3 ops on 1 device · phases: kernel alone, CPU alone, kernel and CPU');
  });

  it('opens a file through the host and lists it first; opening it again replaces its card', async () => {
    const { api } = fileHost(async () => mine);
    const w = mount(ExperimentsView, { props: { api } });
    await flushPromises();
    await w.get('[data-testid="open-experiment-file"]').trigger('click');
    await flushPromises();
    await w.get('[data-testid="open-experiment-file"]').trigger('click');
    await flushPromises();
    const names = w.findAll('[data-testid="experiment-file"]').map((c) => c.attributes('data-file-name'));
    expect(names).toEqual(['mine.yaml', 'custom-kernel.yaml']);
    expect(w.findAll('[data-testid="experiment-file"]')[0]!.get('[data-testid="file-summary"]').text()).toBe('1 op on 2 devices · phases: once');
  });

  it('shows an invalid file as an error for the banner, naming file and line', async () => {
    const { api } = fileHost(async () => {
      throw new Error('mine.yaml:4: ops[0].kind: expected one of …');
    });
    const w = mount(ExperimentsView, { props: { api } });
    await flushPromises();
    await w.get('[data-testid="open-experiment-file"]').trigger('click');
    await flushPromises();
    expect(w.emitted('error')).toEqual([['Cannot use the experiment file: mine.yaml:4: ops[0].kind: expected one of …']]);
    expect(w.findAll('[data-testid="experiment-file"]')).toHaveLength(1);
  });

  it('runs a file with the adapter typed, shows progress on its card, and hands the recording up', async () => {
    const { api, emit } = fileHost(async () => undefined);
    const w = mount(ExperimentsView, { props: { api } });
    await flushPromises();
    const card = () => w.get('[data-testid="experiment-file"]');
    await card().get('[data-testid="param-adapter"]').setValue(' llvmpipe ');
    await card().get('[data-testid="run-button"]').trigger('click');
    await flushPromises();
    expect(api.runExperimentFile).toHaveBeenCalledWith(example.source, { repeat: 5, adapter: 'llvmpipe' }, expect.any(Function));
    // One run at a time, built-ins included.
    expect(w.findAll('[data-testid="run-button"]').every((b) => b.attributes('disabled') !== undefined)).toBe(true);
    emit({ type: 'progress', phase: 'kernel alone', done: 1, total: 15 });
    await flushPromises();
    expect(card().text()).toContain('kernel alone · 1 / 15');
    expect(w.findAll('[data-testid="experiment"]').some((c) => c.find('[data-testid="run-progress"]').exists())).toBe(false);
    await card().get('[data-testid="cancel-button"]').trigger('click');
    expect(api.cancelRun).toHaveBeenCalledWith('run-file-9');
    const file: TraceFile = { name: 'file-custom-kernel-2026.json.gz', bytes: new ArrayBuffer(2) };
    emit({ type: 'done', file });
    await flushPromises();
    expect(w.emitted('recorded')).toEqual([[file]]);
    expect(w.get('[data-testid="run-outcome"]').text()).toBe('A custom kernel next to CPU work: recorded file-custom-kernel-2026.json.gz');
  });

  it('still lists the built-ins when the examples cannot be listed', async () => {
    const api = fakeApi({
      experiments: async () => EXPERIMENTS,
      experimentExamples: async () => {
        throw new Error('server gone');
      },
    });
    const w = mount(ExperimentsView, { props: { api } });
    await flushPromises();
    expect(w.findAll('[data-testid="experiment"]')).toHaveLength(2);
    expect(w.emitted('error')).toEqual([['Cannot list the example experiment files: server gone']]);
  });
});
