/** The machine a recording was made on, as a trace header's `host` says it (recorder and profiler alike). */
import os from 'node:os';
import type { TraceMeta } from '../core/model.js';

export function hostInfo(): TraceMeta['host'] {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
    node: process.version,
  };
}
