/**
 * `parascope serve` in process for the tests that attack it (test/integration/serve-hardening.test.ts,
 * test/fuzz/serve-api.test.ts): a stand-in renderer (index.html, app.js), one bundled sample, and
 * folders of its own under `dir` for recordings and saves. The recorder is the built one.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/cli/serve/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SAMPLE = 'seed-parallel.json.gz';

export async function startScratchServer(dir: string, examplesDir: string): Promise<RunningServer> {
  const staticRoot = path.join(dir, 'static');
  mkdirSync(staticRoot);
  writeFileSync(path.join(staticRoot, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(staticRoot, 'app.js'), 'console.log(1);');
  const samplesDir = path.join(dir, 'samples');
  mkdirSync(samplesDir);
  copyFileSync(path.join(ROOT, 'resources/samples', SAMPLE), path.join(samplesDir, SAMPLE));
  return startServer({
    port: 0,
    staticRoot,
    samplesDir,
    examplesDir,
    recordingsDir: path.join(dir, 'recordings'),
    saveDir: path.join(dir, 'saved'),
    childScript: path.join(ROOT, 'dist/runner-child.js'),
  });
}
