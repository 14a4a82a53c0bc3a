/**
 * Opens any supported trace from its bytes, choosing the importer by content, never by file
 * name: a `parascope` header → Parascope; Kineto's keys or categories → PyTorch; any other
 * Chrome-Trace-Event-shaped JSON → Chrome. Gzip is undone by the caller (Node or browser).
 */
import { TraceFormatError } from './errors.js';
import { importChrome } from './chrome.js';
import { detectParascope, importParascope } from './parascope.js';
import { detectPytorch, importPytorch } from './pytorch.js';
import { scanTraceDocument } from './trace-scan.js';
import type { ImportResult } from './types.js';

export function importTraceBytes(bytes: Uint8Array, file: string): ImportResult {
  // A binary file is not JSON: say so rather than report the first odd byte.
  if (looksBinary(bytes)) throw new TraceFormatError(`${file}: not a trace: binary data, not JSON`);
  try {
    const doc = scanTraceDocument(bytes);
    if (detectParascope(doc)) return importParascope(doc, file);
    if (detectPytorch(doc)) return importPytorch(doc, file);
    return importChrome(doc, file);
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
