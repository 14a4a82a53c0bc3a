import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChromeTraceDocument } from '../core/export/chrome-trace.js';
import { defaultRecordingName, identify, saveRecording } from './save-recording.js';

const doc = (name: string): ChromeTraceDocument => ({ displayTimeUnit: 'ns', traceEvents: [{ ph: 'X', name, pid: 1, tid: 1, ts: 0, dur: 1 }] });
const nameIn = (file: string): string => (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as ChromeTraceDocument).traceEvents[0]!.name;
let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-save-unit-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('saveRecording', () => {
  it('claims a default name, then the next free one: two recordings, two files, nothing temporary left', async () => {
    const target = path.join(dir, defaultRecordingName('seed-parallel', new Date(2026, 11, 2, 7, 5, 9)));
    expect(path.basename(target)).toBe('seed-parallel-20261202-070509.json.gz');
    const [a, b] = await Promise.all([saveRecording(target, doc('a'), { mode: 'claim' }), saveRecording(target, doc('b'), { mode: 'claim' })]);
    expect([a.file, b.file].sort()).toEqual([target, target.replace('.json.gz', '-2.json.gz')].sort());
    expect(new Set([nameIn(a.file), nameIn(b.file)])).toEqual(new Set(['a', 'b']));
    expect(readdirSync(dir).sort()).toEqual(['seed-parallel-20261202-070509-2.json.gz', 'seed-parallel-20261202-070509.json.gz']);
  });

  it('replaces a named file that nobody touched meanwhile, and keeps one that somebody did', async () => {
    const target = path.join(dir, 'out.json.gz');
    writeFileSync(target, 'old');
    const before = await identify(target);
    expect((await saveRecording(target, doc('mine'), { mode: 'replace', before })).file).toBe(target);
    expect(nameIn(target)).toBe('mine');
    // Somebody else writes it while the next recording runs.
    const before2 = await identify(target);
    await saveRecording(target, doc('theirs'), { mode: 'replace', before: before2 });
    const mine = await saveRecording(target, doc('mine again'), { mode: 'replace', before: before2 });
    expect(mine.file).toBe(path.join(dir, 'out-2.json.gz'));
    expect(mine.moved).toBe(`${target} was written by another process while this recording ran, so it was left as it is`);
    expect(nameIn(target)).toBe('theirs');
  });

  it('falls back to the next folder that can take it, and says why', async () => {
    const notADir = path.join(dir, 'file');
    writeFileSync(notADir, '');
    const fallback = path.join(dir, 'fallback');
    const saved = await saveRecording(path.join(notADir, 'x.json.gz'), doc('kept'), { mode: 'replace', fallbackDirs: [fallback] });
    expect(saved.file).toBe(path.join(fallback, 'x.json.gz'));
    expect(saved.moved).toBe(`cannot write ${path.join(notADir, 'x.json.gz')}: ENOTDIR`);
    expect(nameIn(saved.file)).toBe('kept');
  });

  it('throws with every folder’s reason when none can take it', async () => {
    const notADir = path.join(dir, 'file');
    writeFileSync(notADir, '');
    await expect(saveRecording(path.join(notADir, 'x.json'), doc('lost'), { mode: 'claim', fallbackDirs: [path.join(notADir, 'sub')] })).rejects.toThrow(
      `the recording could not be saved: cannot write ${path.join(notADir, 'x.json')}: ENOTDIR; cannot write in ${path.join(notADir, 'sub')}: ENOTDIR`,
    );
  });
});
