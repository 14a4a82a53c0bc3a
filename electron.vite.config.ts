import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * The renderer's import aliases (also in tsconfig.web.json and vitest.config.ts): core, the contract,
 * and the judges' registry (pure: the one module of src/runner the page may import, eslint.config.js).
 */
export const rendererAliases = {
  '@core': resolve(root, 'src/core'),
  '@shared': resolve(root, 'src/shared'),
  '@judges': resolve(root, 'src/runner/experiments/judges.ts'),
};

// Output goes to electron-vite's defaults: out/main, out/preload, out/renderer.
// electron-vite already keeps `electron` and the node built-ins external in main and preload.
export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve(root, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // A sandboxed preload runs as a classic script: ESM is not allowed there, so emit CommonJS.
        output: { format: 'cjs' },
      },
      // A sandboxed preload can only require('electron'): bundle any other dependency into it.
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      rolldownOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
    resolve: { alias: rendererAliases },
    plugins: [vue()],
  },
});
