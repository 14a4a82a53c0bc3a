/**
 * Opens any supported trace from its bytes, choosing the importer by content, never by file
 * name: a `parascope` header → Parascope; Kineto's keys or categories → PyTorch; any other
 * Chrome-Trace-Event-shaped JSON → Chrome. Gzip is undone by the caller (Node or browser).
 */
import { TraceFormatError } from './errors.js';
import { importChrome } from './chrome.js';
import { detectParascope, importParascope } from './parascope.js';
import { detectPytorch, importPytorch } from './pytorch.js';
import { scanTraceDocument, type ScannedDoc } from './trace-scan.js';
import type { ImportLimits } from './limits.js';
import type { ImportResult } from './types.js';

export function importTraceBytes(bytes: Uint8Array, file: string): ImportResult {
  return importScanned(scanTrace(bytes, file), file);
}

/**
 * The first half of an import: the pass over the bytes. Split from `importScanned` so that a
 * caller can drop the file's bytes before the model is built (they are not needed any more, and
 * at hundreds of MB they would otherwise be alive at the memory peak).
 */
export function scanTrace(bytes: Uint8Array, file: string, limits?: ImportLimits): ScannedDoc {
  // A binary file is not JSON: say so rather than report the first odd byte.
  if (looksBinary(bytes)) throw new TraceFormatError(`${file}: not a trace: binary data, not JSON`);
  return named(file, () => scanTraceDocument(bytes, limits));
}

export function importScanned(doc: ScannedDoc, file: string): ImportResult {
  return named(file, () => {
    if (detectParascope(doc)) return importParascope(doc, file);
    if (detectPytorch(doc)) return importPytorch(doc, file);
    return importChrome(doc, file);
  });
}

/** Every format error names the file; an allocation failure is a trace too large, said so. */
function named<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TraceFormatError) throw new TraceFormatError(`${file}: ${e.message}`);
    if (e instanceof RangeError) throw new TraceFormatError(`${file}: too large to open (${e.message})`);
    throw e;
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) odd++;
  }
  return odd > n / 10;
}
