// ESLint's flat config: typescript-eslint's recommended rules for all TypeScript, the Vue plugin's
// recommended rules for the renderer's components, and eslint-config-prettier last so that the
// formatter (Prettier, .prettierrc.json) alone decides layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.gpu/', 'coverage/', 'test/fixtures/', 'resources/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/core/**', 'src/shared/**'],
    // Core and the contract are pure TypeScript, run in Node, the browser and the recorder alike.
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
  },
  {
    files: ['src/{runner,host,cli,main,preload}/**', 'bin/**', 'test/**', 'bench/**', 'scripts/**', '*.{js,ts,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      // The page runs core and the contract; of the recorder's side only the judges' registry, which is
      // pure (judges are functions of a trace) so that the app judges a recording afresh exactly as
      // `parascope report` does (docs/metrics.md "Judged afresh"). Anything else of src/runner may
      // reach Dawn, Node or the child process, which the renderer must never load.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)runner(/|$)',
              message: "the renderer may import only the judges' registry from src/runner, as '@judges'",
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      // `_name` marks a parameter kept for its position in a signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  prettier,
);
