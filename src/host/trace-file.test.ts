import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTraceBytes, writeFileAtomic } from './trace-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parascope-file-'));

describe('readTraceBytes', () => {
  it('stops inflating a gzip bomb at the limit', async () => {
    const f = path.join(dir, 'bomb.json.gz');
    writeFileSync(f, gzipSync(Buffer.alloc(64 * 2 ** 20, 0x20))); // 64 MiB of spaces, ~64 KB on disk
    await expect(readTraceBytes(f, 2 ** 20)).rejects.toThrow(/bomb\.json\.gz: inflates to more than Parascope opens \(1\.0 MiB\)$/);
  });
  it('refuses a file over the limit before reading it', async () => {
    const f = path.join(dir, 'big.json');
    writeFileSync(f, Buffer.alloc(2 ** 20 + 1, 0x20));
    await expect(readTraceBytes(f, 2 ** 20)).rejects.toThrow(/big\.json: 1\.0 MiB is more than Parascope opens \(1\.0 MiB\)$/);
  });
  it('detects gzip by its magic bytes, not the name', async () => {
    const f = path.join(dir, 'plain-name.json');
    writeFileSync(f, gzipSync('[]'));
    expect(new TextDecoder().decode(await readTraceBytes(f))).toBe('[]');
  });
});

describe('writeFileAtomic', () => {
  it('replaces the whole file and leaves no temporary file', async () => {
    const f = path.join(dir, 'out.json');
    writeFileSync(f, 'old');
    await writeFileAtomic(f, 'new content');
    expect(readFileSync(f, 'utf8')).toBe('new content');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  it('leaves the old file whole when the write fails', async () => {
    const f = path.join(dir, 'keep.json');
    writeFileSync(f, 'precious');
    await expect(writeFileAtomic(path.join(dir, 'no-such-dir', 'x.json'), 'x')).rejects.toThrow();
    expect(readFileSync(f, 'utf8')).toBe('precious');
  });
});
