/**
 * Standard output that cannot be written (issue 10, "nothing lost"): a reader that closes early
 * (`| head`) ends the CLI quietly with status 0; a full disk (`> /dev/full`) is one line on stderr
 * and status 1 — never a stack trace, never a silent success with the output lost.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

const TORCH = path.join(ROOT, 'test/fixtures/torch/torch_two_streams.json');

/** Runs the CLI with stdout going to `stdout` (a file descriptor), or to a pipe closed after its first bytes. */
function run(args: readonly string[], stdout: number | 'close-early'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', stdout === 'close-early' ? 'pipe' : stdout, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.once('data', () => child.stdout?.destroy());
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Small outputs and one larger than a pipe's buffer (the Chrome export, about 120 KB), so a reader that leaves is seen mid-write. */
const COMMANDS: readonly (readonly string[])[] = [
  ['list'],
  ['devices', '--json'],
  ['report', TORCH, '--format', 'md'],
  ['report', TORCH, '--format', 'json'],
  ['export', TORCH, '--format', 'chrome'],
];

describe('standard output that cannot be written', () => {
  it.runIf(existsSync('/dev/full'))('a full disk: one line naming the error, status 1, for every command', async () => {
    for (const args of COMMANDS) {
      const fd = openSync('/dev/full', 'w');
      try {
        const r = await run(args, fd);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr.trim().split('\n'), args.join(' ')).toEqual(['parascope: cannot write to standard output: ENOSPC']);
      } finally {
        closeSync(fd);
      }
    }
  });

  it('a reader that closes early: status 0 and nothing on stderr', async () => {
    for (const args of COMMANDS) {
      const r = await run(args, 'close-early');
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr.replace(/^Warning: maxDynamic.*\n/gm, ''), args.join(' ')).toBe('');
    }
  });
});
