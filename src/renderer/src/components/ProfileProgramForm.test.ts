// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ProfileRequest, RunEvent, TraceFile } from '@shared/api';
import { fakeApi } from '../testing/fake-api';
import ExperimentsView from '../views/ExperimentsView.vue';

const EXAMPLE = { name: 'raw-hazards.mjs', command: 'node /pkg/resources/programs/raw-hazards.mjs', description: 'raw WebGPU' };

async function mounted(allowed: boolean) {
  let listener: ((e: RunEvent) => void) | undefined;
  const requests: ProfileRequest[] = [];
  const api = fakeApi({
    profiling: async () =>
      allowed ? { allowed: true, cwd: '/home/me/proj', examples: [EXAMPLE] } : { allowed: false, reason: 'start it with --allow-profile' },
    profileProgram: async (request, onEvent) => {
      requests.push(request);
      listener = onEvent;
      return 'profile-7';
    },
  });
  const w = mount(ExperimentsView, { props: { api } });
  await flushPromises();
  return { api, w, requests, emit: (e: RunEvent) => listener?.(e) };
}

describe('Profile a program (in the Experiments view)', () => {
  it('is disabled with the host’s reason where the host does not run programs', async () => {
    const { w, api } = await mounted(false);
    const form = w.get('[data-testid="profile-program"]');
    expect(form.get('[data-testid="profile-refused"]').text()).toBe('start it with --allow-profile');
    expect(form.get('fieldset').attributes('disabled')).toBeDefined();
    expect(form.get('[data-testid="profile-run"]').attributes('disabled')).toBeDefined();
    expect(api.profileProgram).not.toHaveBeenCalled();
  });

  it('runs the command line with the host’s cwd, shows GPU ops and output, opens the trace and says what the host noted', async () => {
    const { w, requests, emit, api } = await mounted(true);
    const form = w.get('[data-testid="profile-program"]');
    expect((form.get('[data-testid="profile-cwd"]').element as HTMLInputElement).value).toBe('/home/me/proj');
    await form.get('[data-testid="profile-preset"]').trigger('click');
    expect((form.get('[data-testid="profile-command"]').element as HTMLInputElement).value).toBe(EXAMPLE.command);
    await form.get('[data-testid="profile-per-pass"]').setValue(true);
    await form.get('[data-testid="profile-timeout"]').setValue('30');
    // Runs: a bad value disables Run and says why; a good one goes with the request.
    await form.get('[data-testid="profile-runs"]').setValue('0');
    expect(form.get('[data-testid="profile-errors"]').text()).toBe('Runs must be a whole number from 1 to 100');
    expect(form.get('[data-testid="profile-run"]').attributes('disabled')).toBeDefined();
    await form.get('[data-testid="profile-runs"]').setValue('3');
    expect(form.find('[data-testid="profile-errors"]').exists()).toBe(false);
    await form.get('[data-testid="profile-run"]').trigger('click');
    await flushPromises();
    expect(requests).toEqual([{ command: EXAMPLE.command, cwd: '/home/me/proj', perPass: true, timeoutS: 30, repeat: 3 }]);
    emit({ type: 'progress', phase: 'running', done: 0, total: 0, gpuOps: 12, output: ['hello', 'world'] });
    await flushPromises();
    expect(form.get('[data-testid="run-phase"]').text()).toBe('running · 12 GPU ops recorded');
    // A program profiled K times counts runs, not an experiment's rounds.
    emit({ type: 'progress', phase: 'running', done: 0, total: 0, gpuOps: 12, round: 2, rounds: 3, output: ['hello', 'world'] });
    await flushPromises();
    expect(form.get('[data-testid="run-phase"]').text()).toBe('run 2/3 · running · 12 GPU ops recorded');
    expect(form.get('[data-testid="profile-output"]').text()).toBe('hello\nworld');
    // Cancel reaches the host with the run's id.
    await form.get('[data-testid="cancel-button"]').trigger('click');
    expect(api.cancelRun).toHaveBeenCalledWith('profile-7');
    const file: TraceFile = { name: 'profile-1.json.gz', path: '/rec/profile-1.json.gz', bytes: new ArrayBuffer(2) };
    emit({ type: 'done', file, notes: ['cancelled: what ran is kept, marked incomplete', '3 GPU op(s)'], output: ['hello'] });
    await flushPromises();
    expect(w.emitted('recorded')).toEqual([[file]]);
    expect(form.get('[data-testid="profile-outcome"]').text()).toContain('cancelled: what ran is kept, marked incomplete');
  });

  it('an error keeps the program’s last lines beside it', async () => {
    const { w, emit } = await mounted(true);
    const form = w.get('[data-testid="profile-program"]');
    await form.get('[data-testid="profile-command"]').setValue('node no-gpu.mjs');
    await form.get('[data-testid="profile-run"]').trigger('click');
    await flushPromises();
    emit({ type: 'error', message: 'no GPU work was seen: node no-gpu.mjs created no WebGPU device (exit code 3); no trace written', output: ['no gpu here'] });
    await flushPromises();
    expect(w.emitted('error')?.[0]?.[0]).toMatch(/no GPU work was seen/);
    expect(form.get('[data-testid="profile-outcome"]').text()).toContain('no gpu here');
  });
});
