/**
 * The one round-trip helper (after speedscope's): model → Chrome JSON → text → parse → model,
 * and that model exported again. Tests assert the model and the document survive unchanged.
 */
import { toChromeTrace, type ChromeTraceDocument } from '../../src/core/export/chrome-trace.js';
import { parascopeDocumentToTrace } from '../../src/core/import/parascope.js';
import type { Trace } from '../../src/core/model.js';

export function roundTrip(trace: Trace): { doc: ChromeTraceDocument; reread: Trace; redoc: ChromeTraceDocument } {
  const doc = toChromeTrace(trace);
  const reread = parascopeDocumentToTrace(doc);
  return { doc, reread, redoc: toChromeTrace(reread) };
}
