/**
 * Judged afresh (docs/metrics.md, revision 2): a Parascope recording is judged again, whenever it
 * is opened, by today's judge for its experiment (`meta.experiment.id`), round by round
 * (judge-rounds.ts), so that a recording made with an older judge shows today's verdicts; the
 * verdicts the file carries are kept beside them when they differ ("recorded with an older judge"),
 * never instead. A recording no judge of today can read (a file experiment, whose trace does not
 * carry its file; an unknown id; a trace the judge cannot read) keeps its stored verdicts and says so.
 *
 * Pure: judges are functions of the trace alone, and this module imports nothing but the judges,
 * the kit and core, so the CLI, the host and the app (the one module of src/runner the renderer may
 * import: eslint.config.js) judge the same trace the same way.
 */
import { verdictState, type Trace, type TraceJudging, type Verdict } from '../../core/model.js';
import type { ExperimentId } from './catalog.js';
import { judgeIndependentOps } from './ex1-independent-ops/judge.js';
import { judgeSmallOps } from './ex2-small-ops/judge.js';
import { judgeCpuGpuComm } from './ex3-cpu-gpu-comm/judge.js';
import { judgeEfficiency } from './ex4-efficiency/judge.js';
import { judgeDependencyGraph } from './ex5-dependency-graph/judge.js';
import { judgeRounds, type JudgeOne } from './judge-rounds.js';
import { judgeComputeCopy } from './seed-compute-copy/judge.js';
import { judgeParallel } from './seed-parallel/judge.js';

/** Today's judge of each built-in experiment (a missing one is a type error). */
export const JUDGES: { readonly [I in ExperimentId]: JudgeOne } = {
  'seed-parallel': judgeParallel,
  'seed-compute-copy': judgeComputeCopy,
  'ex1-independent-ops': judgeIndependentOps,
  'ex2-small-ops': judgeSmallOps,
  'ex3-cpu-gpu-comm': judgeCpuGpuComm,
  'ex4-efficiency': judgeEfficiency,
  'ex5-dependency-graph': judgeDependencyGraph,
};

const isExperimentId = (id: string): id is ExperimentId => Object.hasOwn(JUDGES, id);

/** Two verdict lists say the same: claim, state and evidence, in order. */
export function sameVerdicts(a: readonly Verdict[], b: readonly Verdict[]): boolean {
  return a.length === b.length && a.every((v, i) => v.claim === b[i]!.claim && verdictState(v) === verdictState(b[i]!) && v.evidence === b[i]!.evidence);
}

/** How a trace's verdicts are to be judged: by today's judge, or as recorded (and why); undefined for a foreign trace. */
export function judgeAfresh(trace: Trace): { readonly verdicts: readonly Verdict[]; readonly judging: TraceJudging } | undefined {
  const meta = trace.meta;
  if (!meta) return undefined;
  const id = meta.experiment.id;
  const stored = meta.verdicts;
  const asRecorded = (note: string) => ({ verdicts: stored, judging: { by: 'recording', note } as const });
  if (id.startsWith('file:')) {
    return asRecorded(
      "judged when it was recorded: a file experiment's recording does not carry the file its judge reads (which ops each phase ran), so today's judge cannot judge it again",
    );
  }
  if (!isExperimentId(id)) return asRecorded(`judged when it was recorded: Parascope today has no experiment '${id}' to judge it with`);
  let verdicts: Verdict[];
  try {
    verdicts = judgeRounds(trace, JUDGES[id]);
  } catch (e) {
    return asRecorded(`judged when it was recorded: today's judge of '${id}' cannot read this recording (${e instanceof Error ? e.message : String(e)})`);
  }
  const judging: TraceJudging = sameVerdicts(verdicts, stored)
    ? { by: 'today', note: `judged by today's judge of '${id}'` }
    : {
        by: 'today',
        note: `judged by today's judge of '${id}'; the verdicts stored in the file differ: recorded with an older judge`,
        recordedVerdicts: stored,
      };
  return { verdicts, judging };
}

/** The trace with today's verdicts in its header and how they were judged (`meta.judging`); a foreign trace as it is. */
export function withTodaysVerdicts(trace: Trace): Trace {
  const j = judgeAfresh(trace);
  if (!j || !trace.meta) return trace;
  return { ...trace, meta: { ...trace.meta, verdicts: j.verdicts, judging: j.judging } };
}
