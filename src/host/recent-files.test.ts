import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecentFiles } from './recent-files.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-recent-'));

describe('RecentFiles', () => {
  it('keeps the newest first, without duplicates, at most 10, and persists them', async () => {
    const store = path.join(dir, 'a', 'recent-files.json');
    const recent = new RecentFiles(store);
    await recent.load();
    expect(recent.list()).toEqual([]);
    for (let i = 0; i < 12; i++) void recent.add(`/t/${i}.json`);
    await recent.add('/t/5.json');
    expect(recent.list()).toEqual([
      '/t/5.json',
      '/t/11.json',
      '/t/10.json',
      '/t/9.json',
      '/t/8.json',
      '/t/7.json',
      '/t/6.json',
      '/t/4.json',
      '/t/3.json',
      '/t/2.json',
    ]);
    const again = new RecentFiles(store);
    await again.load();
    expect(again.list()).toEqual(recent.list());
    expect(readdirSync(path.dirname(store))).toEqual(['recent-files.json']);
    await again.clear();
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({ files: [] });
  });

  it('starts empty from a damaged store and keeps only absolute paths', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"files": [');
    const r = new RecentFiles(bad);
    await r.load();
    expect(r.list()).toEqual([]);
    const odd = path.join(dir, 'odd.json');
    writeFileSync(odd, JSON.stringify({ files: ['/ok.json', 'relative.json', 3, null] }));
    const o = new RecentFiles(odd);
    await o.load();
    expect(o.list()).toEqual(['/ok.json']);
  });

  it('reports a store it cannot write, without failing', async () => {
    const errors: string[] = [];
    const blocker = path.join(dir, 'file');
    writeFileSync(blocker, '');
    const r = new RecentFiles(path.join(blocker, 'recent.json'), (m) => errors.push(m));
    await r.add('/t/x.json');
    expect(r.list()).toEqual(['/t/x.json']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cannot save the recent files list/);
  });
});
