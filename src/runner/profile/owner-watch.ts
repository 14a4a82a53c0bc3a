/**
 * A profiled program ends with its owner. `parascope profile` (or the app's host) is the program's
 * parent; when that parent dies without ending it (`kill -9`, a crash), the program is re-parented
 * and nobody is left to collect its records or to stop it. The preload watches for that: once the
 * parent pid is no longer the one it started under, it removes the record folder and kills the
 * program — its whole process group when it leads one (the app's hosts start it in a group of its
 * own, so what it started goes too), else itself — as a cancel would (SIGKILL).
 *
 * Linux and macOS have no portable "die with my parent" for a child that is not ours to spawn
 * differently (prctl's PR_SET_PDEATHSIG is Linux-only and not reachable from Node), so it polls:
 * a `process.ppid` read (one getppid call) every 250 ms on an unref'd timer, which never keeps the
 * program alive. A program busy in synchronous code for longer is ended when it next yields.
 */
import fs from 'node:fs';

/** Calls `onGone` once, when this process's parent is no longer `ownerPid`. */
export function watchOwner(ownerPid: number, onGone: () => void, everyMs = 250): void {
  const timer = setInterval(() => {
    if (process.ppid === ownerPid) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
}

/** What the preload does when its owner is gone: no one will read `channel`, and no one will stop it. */
export function endOrphaned(channel: string): void {
  fs.rmSync(channel, { recursive: true, force: true });
  try {
    process.kill(-process.pid, 'SIGKILL'); // its own group, when it leads one
  } catch {
    // Not a group leader (run from a terminal, in Parascope's group): itself alone.
  }
  process.kill(process.pid, 'SIGKILL');
}
