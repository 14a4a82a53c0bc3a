/**
 * Entry point of the recorder child process. Takes one request over IPC, answers with progress
 * messages and one result or error, then exits. Cancellation arrives as a message.
 */
import { toChromeTrace } from '../core/export/chrome-trace.js';
import { discoverAdapters } from './dawn.js';
import { RecorderError } from './errors.js';
import { experimentById } from './experiments/registry.js';
import type { FromChild, ToChild } from './protocol.js';
import { runUserExperiment } from './user-experiment/runner.js';

function send(msg: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      resolve();
      return;
    }
    process.send(msg, undefined, {}, () => resolve());
  });
}

const abort = new AbortController();

async function handle(msg: ToChild): Promise<void> {
  switch (msg.type) {
    case 'cancel':
      abort.abort();
      return;
    case 'devices':
      await send({ type: 'devices', adapters: await discoverAdapters() });
      return;
    case 'record': {
      const exp = experimentById(msg.experiment);
      const trace = await exp.run({
        params: msg.params,
        ...(msg.recorder ? { recorder: msg.recorder } : {}),
        signal: abort.signal,
        onProgress: (progress) => void send({ type: 'progress', progress }),
      });
      await send({ type: 'trace', doc: toChromeTrace(trace) });
      return;
    }
    case 'record-file': {
      const trace = await runUserExperiment(msg.spec, {
        ...(msg.adapter !== undefined ? { adapter: msg.adapter } : {}),
        ...(msg.repeat !== undefined ? { repeat: msg.repeat } : {}),
        ...(msg.recorder ? { recorder: msg.recorder } : {}),
        signal: abort.signal,
        onProgress: (progress) => void send({ type: 'progress', progress }),
        onInFlight: (ops) => void send({ type: 'in-flight', ops }),
      });
      await send({ type: 'trace', doc: toChromeTrace(trace) });
      return;
    }
    default: {
      const never: never = msg;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

// Ctrl-C reaches the whole process group: let the parent decide, and stop at the next step. A
// second Ctrl-C means "now": the user has stopped waiting, so the child goes at once as well.
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts === 1) abort.abort();
  else leaveNow();
});

/**
 * The recorder never outlives its owner. When the parent is gone (killed with -9, crashed, or a
 * second Ctrl-C ended it) the IPC channel closes and 'disconnect' fires; nobody can receive the
 * recording any more, so the child ends at once: SIGKILL on itself, because a device with GPU
 * work still in flight (a kernel that never ends) can keep an orderly exit waiting in Dawn.
 */
function leaveNow(): void {
  abort.abort();
  process.kill(process.pid, 'SIGKILL');
}
let answered = false;
process.on('disconnect', () => {
  if (!answered) leaveNow();
});

let busy = false;
process.on('message', (msg: ToChild) => {
  if (msg.type === 'cancel') {
    abort.abort();
    return;
  }
  if (busy) return;
  busy = true;
  handle(msg)
    .catch(async (e: unknown) => {
      if (e instanceof RecorderError) await send({ type: 'error', code: e.code, message: e.message });
      else
        await send({
          type: 'error',
          code: 'internal',
          message: e instanceof Error ? e.message : String(e),
          ...(e instanceof Error && e.stack ? { stack: e.stack } : {}),
        });
    })
    .finally(() => {
      answered = true;
      process.disconnect?.();
      // Dawn keeps native handles alive; the request is answered, so leave now.
      setTimeout(() => process.exit(0), 50).unref();
    });
});
