/**
 * The preload Parascope puts into a profiled Node.js program (`node --import <this> SCRIPT …`).
 *
 * It is active only when its parent is a `parascope profile` (channel.ts: a folder named after
 * the parent's pid), so a Node process the program starts itself is left alone. It adds nothing
 * to the program's environment, globals or arguments, and it ends the program when its owner dies
 * without ending it (owner-watch.ts).
 *
 * The hook: `webgpu` loads its native binding, dawn.node, with `require(<path>/dawn.node)` — for
 * an ESM `import 'webgpu'` and a CommonJS `require('webgpu')` alike — so one hook on the CommonJS
 * loader (`Module._load`, the seam require-in-the-middle and APM agents use; Node 20 has no
 * public synchronous require hook) sees every copy of Dawn the program loads. There it patches
 * Dawn's classes (instrument.ts) and wraps `create()` so that timestamps are not quantized.
 * `navigator.gpu`, set by the program from `create()`, is thereby instrumented too.
 */
import fs from 'node:fs';
import Module from 'node:module';
import { isMainThread, threadId } from 'node:worker_threads';
import { hostNow } from '../host-clock.js';
import { channelDir, threadFile } from './channel.js';
import { Instrument } from './instrument.js';
import { RecordWriter } from './record-writer.js';
import { withUnquantizedTimestamps } from './dawn-flags.js';
import { endOrphaned, watchOwner } from './owner-watch.js';

interface DawnExports {
  create: (flags?: string[]) => unknown;
  globals: Record<string, unknown>;
}

function start(): void {
  const owner = process.ppid;
  const dir = channelDir(owner);
  let options: { perPass?: boolean };
  try {
    const st = fs.statSync(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid())) return;
    options = JSON.parse(fs.readFileSync(`${dir}/options.json`, 'utf8')) as { perPass?: boolean };
  } catch {
    return; // not under `parascope profile`
  }
  if (isMainThread) watchOwner(owner, () => endOrphaned(dir));
  const writer = new RecordWriter(threadFile(dir, threadId), threadId);
  writer.send({ t: 'start', hostNs: hostNow().toString(), mode: options.perPass ? 'per-pass' : 'per-dispatch' });
  const instrument = new Instrument({ perPass: options.perPass === true, send: (r) => writer.send(r), flush: () => writer.flush() });
  const wrapped = new WeakMap<object, DawnExports>();
  const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = mod._load;
  mod._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
    const m = load.call(this, request, parent, isMain);
    if (typeof request !== 'string' || !/dawn\.node$/.test(request) || m === null || typeof m !== 'object') return m;
    const dawn = m as DawnExports;
    if (typeof dawn.create !== 'function' || typeof dawn.globals !== 'object') return m;
    let w = wrapped.get(dawn);
    if (!w) {
      instrument.patch(dawn.globals);
      const create = dawn.create;
      w = { ...dawn, create: (flags?: string[]) => create(withUnquantizedTimestamps(flags)) };
      wrapped.set(dawn, w);
    }
    return w;
  };
}

start();
