/**
 * How often the same command gives a different answer: records one experiment N times with the
 * same arguments, each as a user runs it (a whole `parascope record` process), and counts, claim
 * by claim, the verdict states the recordings were judged with. The flip rate of a claim is the
 * share of runs whose state differs from the claim's most common state (0 % when every run agrees).
 * The speedups (or the claim's value, where the verdict carries one) are printed too, so a reader
 * sees how far from the threshold the runs fell.
 *
 *   node dist/bench/verdict-flips.js [--runs 10] [--experiment seed-parallel] -- [record options …]
 *   e.g. node dist/bench/verdict-flips.js --runs 10 -- --size 128 --reps 5
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verdictState, type Verdict } from '../src/core/model.js';
import { arg, strArg } from './common.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'bin/parascope.js');
const runs = arg('runs', 10);
const experiment = strArg('experiment') ?? 'seed-parallel';
const dashes = process.argv.indexOf('--');
const recordArgs = dashes < 0 ? [] : process.argv.slice(dashes + 1);

/** The verdicts a recording was judged with, read from its header (pre-revision-2 ones have no state). */
function verdictsOf(file: string): Verdict[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { parascope?: { verdicts?: Verdict[] } };
  return doc.parascope?.verdicts ?? [];
}

/** The first "speedup X×" (and its interval, when printed) in the evidence: what the runs measured. */
const valueOf = (v: Verdict): string => /speedup [0-9.]+×(?: \[[^\]]*\])?/.exec(v.evidence)?.[0] ?? '';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-flips-'));
try {
  const byClaim = new Map<string, { states: string[]; values: string[] }>();
  for (let i = 0; i < runs; i++) {
    const out = path.join(dir, `run-${i + 1}.json`);
    execFileSync(process.execPath, [cli, 'record', experiment, ...recordArgs, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    for (const v of verdictsOf(out)) {
      const c = byClaim.get(v.claim) ?? { states: [], values: [] };
      c.states.push(verdictState(v));
      c.values.push(valueOf(v));
      byClaim.set(v.claim, c);
    }
  }
  console.log(
    `${experiment} ${recordArgs.join(' ')}: ${runs} recordings, ${new Date().toISOString()}, ${os.cpus()[0]?.model ?? 'unknown CPU'} ×${os.cpus().length}`,
  );
  for (const [claim, c] of byClaim) {
    const counts = new Map<string, number>();
    for (const s of c.states) counts.set(s, (counts.get(s) ?? 0) + 1);
    const modal = Math.max(...counts.values());
    const flips = c.states.length - modal;
    const tally = [...counts].map(([s, n]) => `${s} ${n}`).join(', ');
    console.log(`- ${claim}: ${tally}; flip rate ${((100 * flips) / c.states.length).toFixed(0)} %`);
    const values = c.values.filter((x) => x !== '');
    if (values.length > 0) console.log(`  ${values.join('; ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
