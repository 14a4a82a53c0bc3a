/**
 * The experiments list for the desktop app, from the runner's catalog: plain data with no GPU code
 * behind it, so Dawn's native addon is never loaded into Electron's main process (docs/platform-facts.md).
 */
import type { ExperimentInfo } from '../shared/api.js';
import { EXPERIMENT_CATALOG } from '../runner/experiments/catalog.js';

export function listExperiments(): ExperimentInfo[] {
  return EXPERIMENT_CATALOG.map((e) => ({ id: e.id, title: e.title, question: e.question, method: e.method, defaults: { ...e.defaults } }));
}
