// TensorFlow.js on Dawn in plain Node (docs/platform-facts.md): WebGPU's globals, `navigator.gpu`
// from `create()`, then the WebGPU backend. Shared by the TF.js example programs; nothing here is
// Parascope's — the same lines work in any Node program.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]), userAgent: 'node' }, configurable: true, writable: true });
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-webgpu');
await tf.setBackend('webgpu');
await tf.ready();

/** A positive integer argument, or the default. */
export function intArg(i, fallback) {
  const v = process.argv[2 + i];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`argument ${i + 1} must be a positive integer, got '${v}'\n`);
    process.exit(2);
  }
  return n;
}

/** Sum of a tensor's values, read back (the programs print it, so profiled and plain runs can be compared). */
export async function sumOf(t) {
  const v = await t.data();
  let s = 0;
  for (const x of v) s += x;
  return s;
}

export { tf };
