/**
 * The trace file named on the app's command line: `npm start -- FILE` (electron-vite preview
 * starts `electron . FILE`), `parascope open FILE` (`electron APP_ROOT FILE`), or a packaged app
 * started as `parascope FILE`. Pure, no Electron import.
 */
import path from 'node:path';

/**
 * The first argument after the app path that is not a switch (Chromium's switches, like
 * --no-sandbox, share argv with ours). `argv` is process.argv: [electron, app path, …args] when run
 * by the electron binary, [app, …args] when packaged. A relative FILE is resolved against `cwd`:
 * the folder the user typed the command in, which for `npm start` is $INIT_CWD (npm runs scripts
 * in the package folder).
 */
export function commandLineFile(argv: readonly string[], packaged: boolean, cwd: string): string | undefined {
  const file = argv.slice(packaged ? 1 : 2).find((a) => a !== '' && !a.startsWith('-'));
  return file === undefined ? undefined : path.resolve(cwd, file);
}
