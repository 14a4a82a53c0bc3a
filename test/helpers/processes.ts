/**
 * What the tests of "every process Parascope starts ends with its owner" share: waiting for a
 * condition with a bound, and finding the process a process started.
 */
import { execFileSync } from 'node:child_process';

/** Polls `what` every 50 ms for up to `ms`; resolves to whether it became true. */
export async function waitUntil(what: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return what();
}

/** The first child process of `parent`, or undefined while it has none. */
export function childOf(parent: number): number | undefined {
  try {
    const pid = Number(
      execFileSync('ps', ['-o', 'pid=', '--ppid', String(parent)], { encoding: 'utf8' })
        .trim()
        .split('\n')[0],
    );
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // no child: ps exits 1
  }
}
