/**
 * Trace fixtures for the renderer's tests, read through Vite `?raw` imports (no Node APIs: the
 * renderer is type-checked without them) and gzipped with the platform's CompressionStream.
 * Not shipped (only tests import it).
 */
import arrayForm from '@fixtures/chrome/array-form.json?raw';
import flows from '@fixtures/chrome/flows.json?raw';
import notJson from '@fixtures/bad/not-json.txt?raw';
import wrongShape from '@fixtures/bad/wrong-shape.json?raw';
import type { TraceFile } from '@shared/api';

export const FIXTURE_TEXT = {
  'array-form.json': arrayForm,
  'flows.json': flows,
  'not-json.txt': notJson,
  'wrong-shape.json': wrongShape,
} as const;

export type FixtureName = keyof typeof FIXTURE_TEXT;

/** A fresh ArrayBuffer with exactly these bytes (what the host API hands over). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

export function fixtureBytes(name: FixtureName): Uint8Array {
  return new TextEncoder().encode(FIXTURE_TEXT[name]);
}

export function fixtureFile(name: FixtureName, as: string = name): TraceFile {
  return { name: as, bytes: toArrayBuffer(fixtureBytes(name)) };
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const reader = input.pipeThrough(new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A small binary file (NUL bytes): not a trace. */
export function binaryBytes(): Uint8Array {
  return new Uint8Array(600).map((_, i) => (i * 7) % 256);
}
