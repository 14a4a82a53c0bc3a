/**
 * The plain Node.js binary that runs the GPU recorder for the desktop app. Electron's own
 * executable cannot be used, not even with ELECTRON_RUN_AS_NODE: Electron's V8 memory cage
 * refuses the external ArrayBuffers Dawn returns for mapped GPU buffers (docs/platform-facts.md),
 * so every readback would fail. Pure Node, no Electron import.
 *
 * Chosen deliberately, in this order (README, "The desktop app"), never just "whatever `node`
 * comes first on PATH":
 * 1. `$PARASCOPE_NODE`, when set: the user's choice; an error if it is not a usable Node.js.
 * 2. `$npm_node_execpath`: the Node.js that runs `npm start`, the one that installed the project.
 * 3. Each `node` on PATH, then the usual install places a desktop launcher's short PATH misses
 *    (/usr/local/bin, /opt/homebrew/bin, /usr/bin): the first whose `--version` is at least
 *    MIN_NODE. An older one is passed over and named in the error if none qualifies.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { isExecutableFile, pathDirs } from '../host/executables.js';

/** The oldest Node.js the recorder runs on (package.json "engines"). */
export const MIN_NODE = [20, 19, 0] as const;
const WELL_KNOWN_DIRS = ['/usr/local/bin', '/opt/homebrew/bin', '/usr/bin'];

/** `node --version` of `file` as [major, minor, patch], or undefined when it does not answer like Node.js. */
function versionOf(file: string): [number, number, number] | undefined {
  const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  const m = /^v(\d+)\.(\d+)\.(\d+)\s*$/.exec(r.stdout ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function newEnough(v: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== MIN_NODE[i]) return (v[i] ?? 0) > MIN_NODE[i]!;
  return true;
}

const MIN = MIN_NODE.join('.');

/** Why `file` cannot run the recorder, or undefined when it can. */
function unusable(file: string): string | undefined {
  if (!isExecutableFile(file)) return 'not an executable file';
  const v = versionOf(file);
  if (v === undefined) return 'does not answer --version like Node.js';
  return newEnough(v) ? undefined : `is Node.js ${v.join('.')}, older than ${MIN}`;
}

export function findNode(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  wellKnownDirs: readonly string[] = WELL_KNOWN_DIRS,
): string {
  const fromEnv = env['PARASCOPE_NODE'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const problem = unusable(fromEnv);
    if (problem !== undefined) throw new Error(`PARASCOPE_NODE=${fromEnv} ${problem === 'not an executable file' ? 'is not an executable file' : problem}`);
    return fromEnv;
  }
  const names = platform === 'win32' ? ['node.exe'] : ['node'];
  const candidates = [
    ...(env['npm_node_execpath'] ? [env['npm_node_execpath']] : []),
    ...[...pathDirs(env), ...(platform === 'win32' ? [] : wellKnownDirs)].flatMap((dir) => names.map((n) => path.join(dir, n))),
  ];
  const passedOver: string[] = [];
  for (const candidate of new Set(candidates)) {
    if (!isExecutableFile(candidate)) continue;
    const problem = unusable(candidate);
    if (problem === undefined) return candidate;
    passedOver.push(`${candidate} ${problem}`);
  }
  throw new Error(
    `no Node.js ${MIN} or later found to run the GPU recorder${passedOver.length > 0 ? ` (passed over: ${passedOver.join('; ')})` : ' on PATH'}: install Node.js ${MIN} or later, or set PARASCOPE_NODE to its path`,
  );
}
