/**
 * What the CLI integration tests share: running the built `parascope` as a user does (built once
 * for the whole run by build-once.ts, vitest's global set-up), reading a
 * written trace's raw JSON, and checking its flow events the way Perfetto binds them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/parascope.js');

/** Runs the built CLI (bin/parascope.js) in `cwd`. */
export function runCli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface RawEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  cat?: string;
  id?: number;
  bp?: string;
}

export interface RawTraceDoc {
  parascope: { phases: { name: string; start: number; end: number }[]; run: { start: number; end: number } };
  traceEvents: RawEvent[];
}

/** A written trace file's JSON as it is, `.json.gz` included. */
export function readDoc(file: string): RawTraceDoc {
  const bytes = readFileSync(file);
  return JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
}

/**
 * Checked on the raw events, independently of Parascope's importer: one s/f pair per dependency,
 * each point on a slice of its own thread, every `f` with `bp: "e"`, ids unique.
 */
export function expectFlowsBind(doc: RawTraceDoc, dependencies: number): void {
  const slices = doc.traceEvents.filter((e) => e.ph === 'X' && e.cat !== 'phase');
  const flows = doc.traceEvents.filter((e) => e.ph === 's' || e.ph === 'f');
  expect(dependencies).toBeGreaterThan(0);
  expect(flows.length).toBe(2 * dependencies);
  for (const fl of flows) {
    const hit = slices.some((s) => s.pid === fl.pid && s.tid === fl.tid && s.ts <= fl.ts && fl.ts <= s.ts + (s.dur ?? 0));
    expect(hit, `flow ${fl.ph} ${fl.id}`).toBe(true);
    if (fl.ph === 'f') expect(fl.bp).toBe('e');
  }
  const ids = flows.map((f) => `${f.ph}${f.id}`);
  expect(new Set(ids).size).toBe(ids.length);
}

/**
 * `parascope ARGS` in `cwd`, sent SIGINT once its program has printed `after` (as Ctrl-C from a
 * script: no terminal); resolves to its exit code and stderr.
 */
export async function interruptCli(args: readonly string[], cwd: string, after: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  await new Promise<void>((resolve) => child.stdout.on('data', (b: Buffer) => b.toString().includes(after) && resolve()));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stderr };
}
