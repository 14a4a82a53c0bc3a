/**
 * `parascope profile` overhead (issue 12): the TF.js §1 program (resources/programs/tfjs-matmul.mjs,
 * R matmuls of N²) run plainly and under `parascope profile`, alternating, trial by trial. Two
 * figures per run: the program's own timed section (its "R matmuls …: X ms" line: upload done,
 * matmuls, read-back of the last result) and the whole process's wall time (Node start-up, TF.js,
 * the device and, profiled, the calibration and writing the trace). Target on a GPU: the program's
 * section ≤ 1.05× at the default size.
 *
 *   node dist/bench/profile-overhead.js [--size 4000] [--reps 50] [--trials 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arg, median, nowNs } from './common.js';

const size = arg('size', 4000);
const reps = arg('reps', 50);
const trials = arg('trials', 3);
const root = path.resolve(import.meta.dirname, '../..');
const program = path.join(root, 'resources/programs/tfjs-matmul.mjs');
const cli = path.join(root, 'dist/cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'parascope-profile-bench-'));

function once(profiled: boolean): { sectionMs: number; wallMs: number } {
  const args = [String(size), String(reps)];
  const argv = profiled ? [cli, 'profile', '--out', path.join(dir, 'trace.json'), '--', process.execPath, program, ...args] : [program, ...args];
  const t0 = nowNs();
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8' });
  const wallMs = Number(nowNs() - t0) / 1e6;
  const m = /matmuls of \d+×\d+: ([\d.]+) ms/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${profiled ? 'profiled' : 'plain'} run failed (${r.status}): ${r.stderr.slice(-500)}`);
  return { sectionMs: Number(m[1]), wallMs };
}

const plain: { sectionMs: number; wallMs: number }[] = [];
const profiled: { sectionMs: number; wallMs: number }[] = [];
for (let t = 0; t < trials; t++) {
  // Alternate which goes first, so a warming (or throttling) machine favours neither.
  const order = t % 2 === 0 ? [false, true] : [true, false];
  for (const p of order) (p ? profiled : plain).push(once(p));
}
rmSync(dir, { recursive: true, force: true });
const med = (xs: { sectionMs: number; wallMs: number }[], k: 'sectionMs' | 'wallMs') => median(xs.map((x) => x[k]));
const row = (k: 'sectionMs' | 'wallMs') => ({
  plainMs: med(plain, k),
  profiledMs: med(profiled, k),
  ratio: med(profiled, k) / med(plain, k),
});
process.stdout.write(
  `${JSON.stringify({ bench: 'profile-overhead', size, reps, trials, section: row('sectionMs'), wall: row('wallMs'), runs: { plain, profiled } }, null, 2)}\n`,
);
