/**
 * Traces for the timeline's tests (not shipped: only tests import this file). Big lanes are built
 * directly, without `scenario`, so that a 10⁶-op trace costs no more than its arrays.
 */
import type { Dep, Lane, Op, OpKind, Trace } from '@core/model.js';
import type { Ns } from '@core/time.js';

/** One GPU lane of `n` ops; `next(i)` gives op i's [start, dur, kind]. */
export function bigLaneTrace(n: number, next: (i: number) => readonly [start: number, dur: number, kind: OpKind]): Trace {
  const lane: Lane = { id: '1:1', pid: 1, tid: 1, name: 'queue', kind: 'gpu', sortIndex: 0 };
  const ops: Op[] = new Array<Op>(n);
  for (let i = 0; i < n; i++) {
    const [start, dur, kind] = next(i);
    ops[i] = { id: i, laneId: lane.id, name: `op${i}`, kind, start: start as Ns, dur: dur as Ns };
  }
  return { processes: [{ pid: 1, name: 'GPU', sortIndex: 0 }], lanes: [lane], ops, deps: [], phases: [] };
}

/** `lanes` GPU lanes of `perLane` back-to-back ops each with a little jitter, and a queue-order edge between consecutive ops. */
export function manyOpsTrace(lanes: number, perLane: number, withDeps = true): Trace {
  const laneList: Lane[] = Array.from({ length: lanes }, (_, l) => ({ id: `${l + 1}:1`, pid: l + 1, tid: 1, name: `queue ${l}`, kind: 'gpu', sortIndex: l }));
  const ops: Op[] = [];
  const deps: Dep[] = [];
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const kinds: readonly OpKind[] = ['compute', 'compute', 'transfer', 'sync'];
  for (let l = 0; l < lanes; l++) {
    let t = 0;
    for (let i = 0; i < perLane; i++) {
      const dur = 200 + Math.floor(rand() * 800);
      const id = ops.length;
      ops.push({ id, laneId: laneList[l]!.id, name: `k${i}`, kind: kinds[i % kinds.length]!, start: t as Ns, dur: dur as Ns });
      if (withDeps && i > 0) deps.push({ from: id - 1, to: id, kind: 'queue-order' });
      t += dur + Math.floor(rand() * 300);
    }
  }
  return { processes: laneList.map((l) => ({ pid: l.pid, name: `GPU ${l.pid}`, sortIndex: l.pid })), lanes: laneList, ops, deps, phases: [] };
}
