/**
 * The bundled example programs (resources/programs, docs/profiling.md) as presets of the app's
 * "Profile a program" form: each a command line with the script's path on this host and sizes
 * that finish in seconds even on a software adapter (the programs' own defaults are the chapter's
 * sizes, minutes on lavapipe); the user can edit them before running.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProfileExample } from '../shared/api.js';
import { joinCommandLine } from './split-command.js';

const EXAMPLES: readonly { readonly file: string; readonly args: readonly string[]; readonly description: string }[] = [
  { file: 'raw-hazards.mjs', args: [], description: 'raw WebGPU with a known hazard graph: three kernels, a copy, a read-back' },
  { file: 'tfjs-matmul.mjs', args: ['256', '5'], description: 'TensorFlow.js: tf.matMul of N×N matrices R times (N R; the chapter: 4000 50)' },
  { file: 'tfjs-independent.mjs', args: ['256', '4'], description: 'exercise 1 in TensorFlow.js: two chains of matmuls that share no data (N R)' },
  { file: 'tfjs-mlp.mjs', args: ['64', '32', '2'], description: 'TensorFlow.js: a two-layer MLP training step (batch hidden steps)' },
];

/** The examples whose script is in `programsDir`, in the table's order. */
export function profileExamples(programsDir: string): ProfileExample[] {
  return EXAMPLES.filter((e) => existsSync(path.join(programsDir, e.file))).map((e) => ({
    name: e.file,
    command: joinCommandLine(['node', path.join(programsDir, e.file), ...e.args]),
    description: e.description,
  }));
}
