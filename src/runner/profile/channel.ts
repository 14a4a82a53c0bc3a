/**
 * Where a profiled process writes its records: `<tmpdir>/parascope-profile-<parent pid>/`, one file
 * per thread. The preload finds the folder from its own parent's pid, so Parascope adds no
 * environment variable to the program's environment (and a Node process the program starts
 * itself, whose parent is the program, finds no folder and stays uninstrumented).
 */
import os from 'node:os';
import path from 'node:path';

export function channelDir(parentPid: number, tmp: string = os.tmpdir()): string {
  return path.join(tmp, `parascope-profile-${parentPid}`);
}

export function threadFile(dir: string, threadId: number): string {
  return path.join(dir, `thread-${threadId}.jsonl`);
}
