/**
 * The checks a command must pass before Parascope profiles it, for every host (the CLI's
 * `parascope profile`, the app's "Profile a program" through src/host/profile-request.ts): a
 * Node.js program whose script exists. One copy, so the CLI and the app refuse the same commands
 * with the same one line.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isNodeCommand } from './launch.js';

/**
 * What is wrong with `command` (node, then its arguments), run in `cwd`, in one line; undefined
 * when it can run. `cwd` given: a relative script is looked for there, and the line names it.
 */
export function commandProblem(command: readonly string[], cwd?: string): string | undefined {
  const [cmd, ...args] = command;
  if (cmd === undefined) return 'profile needs a command: parascope profile -- node SCRIPT [ARGS…]';
  if (!isNodeCommand(cmd))
    return `profile runs Node.js programs only ('node SCRIPT …'), not '${cmd}': profiling other runtimes (browsers, Deno, Python's wgpu) is future work (docs/profiling.md)`;
  const script = args.find((a) => !a.startsWith('-'));
  if (script === undefined) return `profile needs a script to run: parascope profile -- ${cmd} SCRIPT [ARGS…]`;
  const where = cwd === undefined ? script : path.resolve(cwd, script);
  const shown = cwd === undefined || path.isAbsolute(script) ? script : `${script} (in ${cwd})`;
  if (!existsSync(where)) return `${shown}: no such file`;
  if (!statSync(where).isFile()) return `${shown}: not a file`;
  return undefined;
}
