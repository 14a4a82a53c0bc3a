// The chapter's exercise 1 in TensorFlow.js: two chains of matmuls that share no data
// (x ← x·a, y ← y·b, R times each, interleaved). Does the framework overlap them? Profile it:
// the trace's data dependencies say they are independent; the GPU lane says whether they ran
// one after the other. `node tfjs-independent.mjs [N=1024] [R=10]`; prints both results' sums.
import { tf, intArg, sumOf } from './tfjs-webgpu.mjs';

const N = intArg(0, 1024);
const R = intArg(1, 10);
// Scaled so that repeated products stay finite.
const a = tf.div(tf.randomUniform([N, N], -1, 1, 'float32', 1), Math.sqrt(N));
const b = tf.div(tf.randomUniform([N, N], -1, 1, 'float32', 2), Math.sqrt(N));
let x = tf.randomUniform([N, N], -1, 1, 'float32', 3);
let y = tf.randomUniform([N, N], -1, 1, 'float32', 4);
for (let i = 0; i < R; i++) {
  const x1 = tf.matMul(x, a);
  const y1 = tf.matMul(y, b);
  x.dispose();
  y.dispose();
  x = x1;
  y = y1;
}
process.stdout.write(`x ${await sumOf(x)}\ny ${await sumOf(y)}\n`);
