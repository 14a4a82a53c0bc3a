// The chapter's §1 in TensorFlow.js: tf.matMul of two N×N f32 matrices, R times, then read the
// last result. `node tfjs-matmul.mjs [N=4000] [R=50]`; prints the wall time and the result's sum.
import { tf, intArg, sumOf } from './tfjs-webgpu.mjs';

const N = intArg(0, 4000);
const R = intArg(1, 50);
const a = tf.randomUniform([N, N], -1, 1, 'float32', 1);
const b = tf.randomUniform([N, N], -1, 1, 'float32', 2);
await sumOf(a); // uploaded before the clock starts
await sumOf(b);
const t0 = performance.now();
let c = tf.matMul(a, b);
for (let i = 1; i < R; i++) {
  c.dispose();
  c = tf.matMul(a, b);
}
const sum = await sumOf(c);
const ms = performance.now() - t0;
process.stdout.write(`sum ${sum}\n`);
process.stderr.write(`${R} matmuls of ${N}×${N}: ${ms.toFixed(1)} ms\n`);
