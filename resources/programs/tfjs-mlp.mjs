// A small TensorFlow.js MLP training step (the chapter's figure: forward, backward, update): a
// two-layer perceptron fitted to a fixed random regression task with SGD, the backward pass
// written out op by op (tfjs-core's Node bundle carries no gradient functions of its own).
// `node tfjs-mlp.mjs [batch=256] [hidden=128] [steps=3]`; prints the loss before each update.
import { tf, intArg } from './tfjs-webgpu.mjs';

const batch = intArg(0, 256);
const hidden = intArg(1, 128);
const steps = intArg(2, 3);
const inputs = 64;
const lr = 0.05;
const x = tf.randomUniform([batch, inputs], -1, 1, 'float32', 1);
const target = tf.randomUniform([batch, 1], -1, 1, 'float32', 2);
let w1 = tf.randomUniform([inputs, hidden], -0.1, 0.1, 'float32', 3);
let b1 = tf.zeros([hidden]);
let w2 = tf.randomUniform([hidden, 1], -0.1, 0.1, 'float32', 4);
let b2 = tf.zeros([1]);

for (let s = 0; s < steps; s++) {
  const [loss, nw1, nb1, nw2, nb2] = tf.tidy(() => {
    // forward
    const pre = tf.add(tf.matMul(x, w1), b1);
    const h = tf.relu(pre);
    const y = tf.add(tf.matMul(h, w2), b2);
    const err = tf.sub(y, target);
    const loss = tf.mean(tf.square(err));
    // backward: d(mean((y − t)²))/dy = 2(y − t)/batch
    const dy = tf.mul(err, 2 / batch);
    const dw2 = tf.matMul(h, dy, true, false);
    const db2 = tf.sum(dy, 0);
    const dpre = tf.mul(tf.matMul(dy, w2, false, true), tf.cast(tf.greater(pre, 0), 'float32'));
    const dw1 = tf.matMul(x, dpre, true, false);
    const db1 = tf.sum(dpre, 0);
    // update
    return [loss, tf.sub(w1, tf.mul(dw1, lr)), tf.sub(b1, tf.mul(db1, lr)), tf.sub(w2, tf.mul(dw2, lr)), tf.sub(b2, tf.mul(db2, lr))];
  });
  for (const t of [w1, b1, w2, b2]) t.dispose();
  [w1, b1, w2, b2] = [nw1, nb1, nw2, nb2];
  process.stdout.write(`step ${s + 1} loss ${(await loss.data())[0]}\n`);
  loss.dispose();
}
