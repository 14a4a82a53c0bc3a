// Bundles the Node-side entry points (CLI, recorder child, benchmarks) into dist/ with esbuild.
// `webgpu` stays external: it is a native addon loaded from node_modules (or .gpu/ on a GPU box);
// so does playwright-core (the browser benchmark's driver), which loads files of its own at run time.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const bench = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `bench/${f}`);
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['webgpu', 'playwright-core'],
  logLevel: 'warning',
  // Bundled CommonJS dependencies (cli-progress) call require(); give ESM output one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};
await build({
  ...common,
  entryPoints: { cli: 'src/cli/bin.ts', 'runner-child': 'src/runner/child.ts', 'profile-preload': 'src/runner/profile/preload.ts' },
  outdir: 'dist',
});
if (bench.length > 0) await build({ ...common, entryPoints: bench, outdir: 'dist/bench' });
