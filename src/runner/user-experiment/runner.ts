/**
 * Runs a resolved user experiment (`UserExperimentSpec`, from loader.ts) with the recorder, like a
 * built-in experiment: devices and buffers set up before the run, a warm-up of every GPU op, then
 * each phase's ops issued in dependency order, then verdicts judged from the finished trace.
 *
 * Scheduling inside a phase (docs/experiments.md): an op is issued as soon as its dependencies
 * (`after`, among the ops of the phase) are done. A GPU op that depends only on GPU ops of its own
 * device goes out in the same submission (the queue runs them in order); one that depends on
 * another device's op or on a CPU op waits until the host has seen it finish. Ready GPU ops go
 * first (one command buffer per device), then one ready CPU op (on the main thread, which it
 * holds), then readiness is looked at again.
 *
 * Lanes: 'main thread' for encoding, submitting, copy-out of read-backs and CPU ops; one
 * 'waits on <device>' lane per device for the host's waits (queue done, buffer mapping), which are
 * asynchronous and may overlap the main thread's work.
 *
 * This file is the order of things; devices.ts opens the devices, setup.ts builds buffers, kernels
 * and pipelines, executor.ts issues the ops and keeps what the checks need, judge.ts judges.
 */
import { Recorder, type GpuQueue, type RecorderOptions } from '../recorder.js';
import { DEFAULT_REPEAT } from '../experiments/catalog.js';
import { checkRepeat, rounds } from '../experiments/skeleton.js';
import { fileSoftwareWarning } from '../experiments/software-warning.js';
import { specFlop } from './work.js';
import type { Progress } from '../experiments/types.js';
import { judgeRounds } from '../experiments/judge-rounds.js';
import { withVerdicts } from '../experiments/types.js';
import type { Trace } from '../../core/model.js';
import { isGpuOp, type UserExperimentSpec } from './schema.js';
import { openSpecDevices } from './devices.js';
import { Executor } from './executor.js';
import { judgeUserExperiment } from './judge.js';
import { Setup } from './setup.js';
import { pollNotes } from '../polite-poll.js';

export interface UserRunContext {
  /** Adapter filter for devices whose entry names none (the CLI's --adapter). */
  readonly adapter?: string;
  /** Rounds of the phases (`--repeat K`); absent: DEFAULT_REPEAT, as for the built-ins. */
  readonly repeat?: number;
  readonly recorder?: RecorderOptions;
  readonly onProgress: (p: Progress) => void;
  /** Told the names of the ops issued and not yet finished whenever they change (client.ts names them on a timeout). */
  readonly onInFlight?: (ops: readonly string[]) => void;
  readonly signal?: AbortSignal;
}

/** The lane of user CPU ops and of host copy-out. */
export const MAIN_LANE = 'main thread';

export async function runUserExperiment(spec: UserExperimentSpec, ctx: UserRunContext): Promise<Trace> {
  const repeat = ctx.repeat ?? DEFAULT_REPEAT;
  checkRepeat(repeat);
  const { opened, topology } = await openSpecDevices(spec, ctx.adapter);
  const rec = new Recorder(ctx.recorder);
  try {
    const main = rec.cpuLane(MAIN_LANE);
    const queues = new Map<string, GpuQueue>();
    const waitLanes = new Map<string, string>();
    for (const d of spec.devices) {
      const o = opened.get(d.id)!;
      queues.set(d.id, rec.addQueue(o, `${d.id}: ${o.info.name} (${o.info.backend})`));
    }
    for (const d of spec.devices) waitLanes.set(d.id, rec.cpuLane(`waits on ${d.id}`));
    const setup = new Setup(spec, rec, queues, main);
    await setup.build();
    await rec.wait(Promise.all([...queues.values()].map((q) => q.device.queue.onSubmittedWorkDone())));

    const total = spec.phases.reduce((s, p) => s + p.ops.length * p.repeat, 0) * repeat;
    let done = 0;
    let round: number | undefined;
    ctx.onProgress({ phase: 'set-up', done: 0, total });
    const exec = new Executor(spec, rec, setup, queues, waitLanes, main, ctx);

    // Before the run, once the set-up is built: a long run on a software adapter says so first.
    let warning: string | undefined;
    for (const o of opened.values()) warning ??= fileSoftwareWarning(spec.file, o.info, repeat, specFlop(spec, repeat));
    if (warning !== undefined) ctx.onProgress({ phase: 'set-up', done: 0, total, warning });
    await rec.calibrate('start');
    rec.beginRun();
    const inPhases = new Set(spec.phases.flatMap((p) => p.ops));
    const warm = spec.ops.filter((o) => inPhases.has(o.id) && isGpuOp(o));
    if (warm.length > 0) await exec.runSet(warm, { prefix: 'warm-up ', args: { warmUp: true } });
    // K rounds of the phases in file order (ABC ABC …); read-backs are checked from round 1.
    await rounds(
      rec,
      repeat,
      async (r) => {
        for (const phase of spec.phases) {
          const ops = spec.ops.filter((o) => phase.ops.includes(o.id));
          await rec.phase(phase.name, async () => {
            for (let i = 0; i < phase.repeat; i++) {
              await exec.runSet(ops, {
                phase: phase.name,
                iteration: i,
                args: { phase: phase.name, ...(phase.repeat > 1 ? { i } : {}), ...(repeat > 1 ? { round: r } : {}) },
                keep: r === 1,
                onDone: () =>
                  ctx.onProgress({ phase: phase.name, done: ++done, total, ...(round !== undefined && repeat > 1 ? { round, rounds: repeat } : {}) }),
              });
            }
          });
        }
      },
      (r) => (round = r),
    );
    rec.endRun();
    await rec.calibrate('end');

    const { checks, unchecked } = exec.checks();
    const notes = [
      ...(spec.method ? [spec.method] : []),
      `from experiment file ${spec.file}; every GPU op was run once as a warm-up before the phases`,
      ...(unchecked.length > 0
        ? [
            `not checked for correctness: ${unchecked.join('; ')} (only a read-back of a matmul's output whose inputs were initialised on the host, in the same phase, has a CPU reference)`,
          ]
        : []),
      ...setup.notes,
      ...pollNotes(),
    ];
    const trace = await rec.finish({
      experiment: {
        id: `file:${spec.file}`,
        title: spec.name,
        question: spec.question,
        ...(spec.method ? { method: spec.method } : {}),
        params: { file: spec.file, repeat },
      },
      topology,
      checks,
      verdicts: [],
      ...(spec.compare.length > 0 ? { comparisons: spec.compare.map((c) => ({ separate: [...c.separate], together: c.together })) } : {}),
      notes,
    });
    const lanes = new Map([...queues].map(([id, q]) => [id, q.laneId] as const));
    return withVerdicts(
      trace,
      judgeRounds(trace, (t) => judgeUserExperiment(t, spec, lanes)),
    );
  } finally {
    rec.destroy();
  }
}
