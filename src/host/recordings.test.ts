/**
 * Recordings' one-run-at-a-time rule, without a recorder: runs that end before the child starts
 * (a refused request) are enough to see when a run stops counting as running.
 */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recordings, type HostRunEvent } from './recordings.js';

function recordings(): Recordings {
  return new Recordings({ recordingsDir: path.join(os.tmpdir(), 'parascope-recordings-test'), nodePath: () => process.execPath });
}

describe('Recordings', () => {
  it('counts a run as over once its final event is out: a run started from that event is not refused as a second one', async () => {
    const r = recordings();
    const second = new Promise<HostRunEvent>((resolve) => {
      r.start('a', 1, {}, (e) => {
        if (e.type !== 'progress') r.start('b', 2, {}, resolve);
      });
    });
    expect(await second).toEqual({ type: 'error', message: 'unknown experiment 2' });
    await r.cancelAll();
  });

  it('refuses a second run while one is under way, and takes a run id only once at a time', async () => {
    const r = recordings();
    const events: HostRunEvent[] = [];
    r.start('a', 1, {}, (e) => events.push(e));
    expect(() => r.start('a', 'x', {}, () => {})).toThrow(/already exists/);
    const refused = new Promise<HostRunEvent>((resolve) => r.start('b', 'x', {}, resolve));
    expect(await refused).toMatchObject({ type: 'error', message: expect.stringMatching(/another recording is running/) });
    await r.cancelAll();
    expect(events).toEqual([{ type: 'error', message: 'unknown experiment 1' }]);
  });
});
