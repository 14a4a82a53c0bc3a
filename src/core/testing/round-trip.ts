/**
 * The one round-trip helper (after speedscope's): model → Chrome JSON → text → parse → model,
 * and that model exported again. Tests assert the model and the document survive unchanged.
 */
import { toChromeTrace, type ChromeTraceDocument } from '../export/chrome-trace.js';
import { parascopeDocumentToTrace } from '../import/parascope.js';
import type { Trace } from '../model.js';

export function roundTrip(trace: Trace): { doc: ChromeTraceDocument; reread: Trace; redoc: ChromeTraceDocument } {
  const doc = toChromeTrace(trace);
  const reread = parascopeDocumentToTrace(doc);
  return { doc, reread, redoc: toChromeTrace(reread) };
}
