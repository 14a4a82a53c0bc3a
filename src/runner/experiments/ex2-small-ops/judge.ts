/**
 * Exercise 2 judged from a finished trace: per size, the walls, the speedups over 'serialized'
 * and the GPU idle per op; where concurrent submission and two devices pay, and whether the host's
 * round trip is what dominates the small ops. Pure: a function of the trace.
 */
import type { Op, Phase, Trace } from '../../../core/model.js';
import { EX2_SMALL_OPS_PHASES } from '../catalog.js';
import {
  busyMs,
  computeIn,
  HOLDS_ABOVE,
  fmtMs,
  type Finding,
  intervals,
  laneOverlap,
  meanDurMs,
  PAYS,
  pct,
  phaseNamed,
  ratio,
  softwareAdapter,
  times,
  wallMs,
} from '../judge-kit.js';
import { ARRANGEMENTS, smallOpsPhase } from './sweep.js';

const { serialized: SER, concurrent: CON, devices: DEV } = EX2_SMALL_OPS_PHASES;

/** One phase as the judge sees it: wall, the GPU's busy time (either queue) and the rest, idle. */
interface Arr {
  readonly name: string;
  readonly wallMs: number;
  readonly ops: readonly Op[];
  readonly count: number;
  readonly busyMs: number;
  readonly idleMs: number;
  /** GPU idle per op: the host's share of each op, as the GPU saw it. */
  readonly idlePerOpMs: number;
  readonly meanOpMs: number;
}

interface SizeRow {
  readonly n: number;
  readonly ser: Arr;
  readonly con: Arr;
  readonly dev: Arr;
  /** 'serialized' wall ÷ 'concurrent' wall. */
  readonly speedupC: number;
  /** 'serialized' wall ÷ 'two devices' wall. */
  readonly speedupD: number;
}

function arrangement(trace: Trace, p: Phase): Arr {
  const ops = computeIn(trace, p);
  const wall = wallMs(p);
  const busy = busyMs(intervals(ops));
  const idle = Math.max(0, wall - busy);
  return {
    name: p.name,
    wallMs: wall,
    ops,
    count: ops.length,
    busyMs: busy,
    idleMs: idle,
    idlePerOpMs: ratio(idle, Math.max(ops.length, 1)),
    meanOpMs: meanDurMs(ops),
  };
}

const PHASE_RE = /^N=(\d+) (.+)$/;

/** The sweep's rows, by N ascending, read from the phase names; a size missing an arrangement is an error. */
function sizeRows(trace: Trace): SizeRow[] {
  const sizes = [
    ...new Set(
      trace.phases.flatMap((p) => {
        const m = PHASE_RE.exec(p.name);
        return m && (ARRANGEMENTS as readonly string[]).includes(m[2]!) ? [Number(m[1])] : [];
      }),
    ),
  ].sort((a, b) => a - b);
  if (sizes.length === 0) throw new Error(`the trace has no phase 'N=… ${SER}'`);
  return sizes.map((n) => {
    const [ser, con, dev] = ARRANGEMENTS.map((a) => arrangement(trace, phaseNamed(trace, smallOpsPhase(n, a)))) as [Arr, Arr, Arr];
    return { n, ser, con, dev, speedupC: ratio(ser.wallMs, con.wallMs), speedupD: ratio(ser.wallMs, dev.wallMs) };
  });
}

/** The sizes where an arrangement paid, as the longest run of consecutive sizes (the smallest such run on a tie). */
interface PayRun {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/**
 * Where concurrency pays: the longest run of consecutive sizes that pay. A size outside it that
 * paid all the same (a size between did not) is reported, not counted: one run of sizes is what
 * "below which size" can name, and a lone paying size past a gap is more likely noise.
 */
export function payingRun(speedups: readonly number[]): PayRun | undefined {
  let best: PayRun | undefined;
  for (let i = 0; i < speedups.length;) {
    if (!(speedups[i]! > PAYS)) {
      i++;
      continue;
    }
    let j = i;
    while (j < speedups.length && speedups[j]! > PAYS) j++;
    if (best === undefined || j - i > best.end - best.start) best = { start: i, end: j };
    i = j;
  }
  return best;
}

function runOf(rows: readonly SizeRow[], speedup: (r: SizeRow) => number): PayRun | undefined {
  return payingRun(rows.map(speedup));
}

/** Sizes outside the run that paid all the same (not counted: a size between did not). */
function paidOutside(rows: readonly SizeRow[], run: PayRun, speedup: (r: SizeRow) => number): string {
  const outside = rows.filter((r, i) => (i < run.start || i >= run.end) && speedup(r) > PAYS);
  if (outside.length === 0) return '';
  return ` ${outside.map((r) => `N=${r.n} (${times(speedup(r))})`).join(', ')} paid too but ${outside.length > 1 ? 'are' : 'is'} not counted: a size between did not pay (run-to-run noise, or a second effect; a larger --reps steadies it).`;
}

/**
 * The per-size table for the trace's notes (what a report shows as the chart's data): walls,
 * speedups over 'serialized', and GPU idle per op in each arrangement.
 */
export function smallOpsTable(trace: Trace): string[] {
  return [
    `per N: phase walls, speedup = '${SER}' wall ÷ the arrangement's, GPU idle per op = (wall − GPU busy) ÷ ops in '${SER}' / '${CON}' / '${DEV}':`,
    ...sizeRows(trace).map(
      (r) =>
        `N=${r.n}: ${SER} ${fmtMs(r.ser.wallMs)} ms, ${CON} ${fmtMs(r.con.wallMs)} ms (${times(r.speedupC)}), ${DEV} ${fmtMs(r.dev.wallMs)} ms (${times(r.speedupD)}); ` +
        `GPU idle per op ${fmtMs(r.ser.idlePerOpMs)} / ${fmtMs(r.con.idlePerOpMs)} / ${fmtMs(r.dev.idlePerOpMs)} ms`,
    ),
  ];
}

/** Exercise 2's three verdicts, read from the finished trace's timestamps and phases. */
export function judgeSmallOps(trace: Trace): Finding[] {
  const rows = sizeRows(trace);
  const software = softwareAdapter(trace) !== undefined;
  const runC = runOf(rows, (r) => r.speedupC);
  return [concurrentVerdict(rows, runC), devicesVerdict(rows, software), hostShareVerdict(rows, runC)];
}

function speedupList(rows: readonly SizeRow[], speedup: (r: SizeRow) => number): string {
  return rows.map((r) => `N=${r.n} ${times(speedup(r))}`).join(', ');
}

/**
 * The claim the exercise asks for, naming the size below which it pays: 'Concurrent submission
 * pays below N=1024: from N=32 to N=512 (not at the smaller N=16)'. Without a paying size it is
 * the bare claim, judged false.
 */
export function payClaim(subjectPays: string, rows: readonly { readonly n: number }[], run: PayRun | undefined): string {
  if (run === undefined) return `${subjectPays} below some size`;
  const lo = rows[run.start]!.n;
  const hi = rows[run.end - 1]!.n;
  const below =
    run.start > 0
      ? ` (not at the smaller ${rows
          .slice(0, run.start)
          .map((r) => `N=${r.n}`)
          .join(', ')})`
      : '';
  if (run.end === rows.length) {
    return lo === hi ? `${subjectPays} at N=${lo}, the largest N measured${below}` : `${subjectPays} at every N measured from N=${lo} up to N=${hi}${below}`;
  }
  return `${subjectPays} below N=${rows[run.end]!.n}: ${lo === hi ? `at N=${lo}` : `from N=${lo} to N=${hi}`}${below}`;
}

/** The host's share of 'serialized': how much of its wall the GPU sat idle. */
const hostShare = (r: SizeRow) => ratio(r.ser.idleMs, r.ser.wallMs);
/** The host's share as printed. */
const hostPct = (r: SizeRow) => pct(r.ser.idleMs, r.ser.wallMs);

/** Why batching did not pay at a size: its matmuls got slower, the round trip was small, or encoding paced the GPU. */
function concurrentMissed(r: SizeRow): string {
  if (r.con.busyMs > PAYS * r.ser.busyMs) {
    return (
      `at N=${r.n} the matmuls of '${CON}' took ${times(ratio(r.con.busyMs, r.ser.busyMs))} the GPU time of those in '${SER}' (${fmtMs(r.con.meanOpMs)} vs ${fmtMs(r.ser.meanOpMs)} ms each), ` +
      `more than the round trips saved (GPU idle per op ${fmtMs(r.ser.idlePerOpMs)} vs ${fmtMs(r.con.idlePerOpMs)} ms).`
    );
  }
  if (r.con.idleMs < 0.5 * r.ser.idleMs) {
    return (
      `at N=${r.n} the submit/wait round trip (${fmtMs(r.ser.idlePerOpMs)} ms of GPU idle per op in '${SER}') is small next to a matmul (${fmtMs(r.ser.meanOpMs)} ms each): ` +
      'the per-op host overhead is too small to matter on this adapter.'
    );
  }
  return (
    `at N=${r.n} '${CON}' left the GPU about as idle as '${SER}' (${fmtMs(r.con.idlePerOpMs)} vs ${fmtMs(r.ser.idlePerOpMs)} ms per op): ` +
    "the host's per-op encoding, not the wait, paced the GPU, and batching does not hide that."
  );
}

function concurrentVerdict(rows: readonly SizeRow[], run: PayRun | undefined): Finding {
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const k = first.ser.count;
  let why: string;
  if (run !== undefined) {
    const low = rows[run.start]!;
    const top = rows[run.end - 1]!;
    const stop = rows[run.end];
    why =
      `It pays ${top.n !== low.n ? `from N=${low.n} to ${top.n}` : `at N=${low.n}`}: at N=${top.n} '${SER}' left the GPU idle ${fmtMs(top.ser.idlePerOpMs)} ms per op against ${fmtMs(top.ser.meanOpMs)} ms of GPU time per matmul; ` +
      `one submit and one wait left ${fmtMs(top.con.idlePerOpMs)} ms per op.`;
    if (!stop) {
      why += ` It paid up to the largest N measured: even at N=${last.n} the GPU idled ${hostPct(last)} of the '${SER}' wall; the crossover lies above N=${last.n}.`;
    } else {
      why +=
        ` At N=${stop.n} (${times(stop.speedupC)}) a matmul takes ${fmtMs(stop.ser.meanOpMs)} ms on the GPU against ${fmtMs(stop.ser.idlePerOpMs)} ms of GPU idle per op in '${SER}': ` +
        (hostShare(stop) < hostShare(low)
          ? `the round trip is ${hostPct(stop)} of that wall (${hostPct(low)} at N=${low.n}), too little for batching to pay.`
          : `the round trip's share did not fall (${hostPct(stop)} of that wall, ${hostPct(low)} at N=${low.n}): run-to-run noise, not the op's size, decided this size; a larger --reps steadies it.`);
    }
    // Smaller sizes where it did not pay: why not, each.
    for (const r of rows.slice(0, run.start)) if (!(r.speedupC > PAYS)) why += ` Below the range, ${concurrentMissed(r)}`;
    why += paidOutside(rows, run, (r) => r.speedupC);
  } else {
    why = `Why: ${concurrentMissed(first)}`;
  }
  return {
    claim: payClaim('Concurrent submission pays', rows, run),
    holds: run !== undefined,
    polarity: 'good',
    evidence: `Wall speedup '${SER}' ÷ '${CON}', K = ${k} matmuls per batch: ${speedupList(rows, (r) => r.speedupC)} (pays above ${HOLDS_ABOVE}; the claim takes the longest run of consecutive sizes that pay). ${why}`,
  };
}

/** Why two devices of one adapter did not pay at one size: the two queues' overlap and each op's GPU time against alone. */
function devicesStop(r: SizeRow): string {
  const ops = r.dev.ops;
  const lanes = [...new Set(ops.map((o) => o.laneId))];
  const o2 = laneOverlap(ops, lanes);
  const [both, minBusy, overlapped] = [o2?.bothMs ?? 0, o2?.shorterMs ?? 0, o2?.overlapped ?? false];
  const slow = ratio(r.dev.meanOpMs, r.ser.meanOpMs);
  const each = `each matmul took ${times(slow)} as long as alone in 'serialized' (${fmtMs(r.dev.meanOpMs)} vs ${fmtMs(r.ser.meanOpMs)} ms)`;
  if (lanes.length < 2) return `at N=${r.n} only ${lanes.length} queue(s) had GPU work.`;
  if (!overlapped) {
    return `at N=${r.n} the two queues' GPU intervals overlapped for only ${fmtMs(both)} ms of the shorter's ${fmtMs(minBusy)} ms: the adapter time-slices, running one device's work after the other's, and ${each}.`;
  }
  if (slow > PAYS) {
    return (
      `at N=${r.n} both queues were busy at once for ${fmtMs(both)} ms (${pct(both, minBusy)} of the shorter), yet ${each}: ` +
      'both devices are on one adapter, which time-slices between them, so the second device adds no GPU, only a second stream of work into the same one.'
    );
  }
  return (
    `at N=${r.n} the queues overlapped for ${fmtMs(both)} ms and ${each}, yet the GPU idled ${fmtMs(r.dev.idlePerOpMs)} ms per op against ${fmtMs(r.ser.idlePerOpMs)} ms in 'serialized': ` +
    'two submits and two waits cost about what they saved.'
  );
}

function devicesVerdict(rows: readonly SizeRow[], software: boolean): Finding {
  const run = runOf(rows, (r) => r.speedupD);
  const first = rows[0]!;
  let why: string;
  if (run !== undefined) {
    const low = rows[run.start]!;
    const top = rows[run.end - 1]!;
    const stop = rows[run.end];
    const slow = ratio(low.dev.meanOpMs, low.ser.meanOpMs);
    why =
      `It pays ${top.n !== low.n ? `from N=${low.n} to ${top.n}` : `at N=${low.n}`}, but not as a second GPU would: at N=${low.n} each matmul took ${times(slow)} as long as alone (${fmtMs(low.dev.meanOpMs)} vs ${fmtMs(low.ser.meanOpMs)} ms), and ` +
      (low.dev.idleMs < low.ser.idleMs
        ? `the gain is GPU idle removed (${fmtMs(low.dev.idlePerOpMs)} vs ${fmtMs(low.ser.idlePerOpMs)} ms per op): two batched submits skip the round trips, as '${CON}' does on one device (${times(low.speedupC)} vs ${times(low.speedupD)}).`
        : `the GPU idled no less (${fmtMs(low.dev.idlePerOpMs)} vs ${fmtMs(low.ser.idlePerOpMs)} ms per op): the gain is GPU time.`);
    why += stop
      ? ` It stops paying because ${devicesStop(stop)}`
      : ` It paid up to the largest N measured; the crossover lies above N=${rows[rows.length - 1]!.n}.`;
    for (const r of rows.slice(0, run.start)) if (!(r.speedupD > PAYS)) why += ` Below the range, ${devicesStop(r)}`;
    why += paidOutside(rows, run, (r) => r.speedupD);
  } else {
    why = `Why: ${devicesStop(first)}`;
  }
  if (software) why += ' The adapter is a software renderer: its "GPU" is the host\'s CPU cores.';
  return {
    claim: payClaim('Two devices on one adapter pay', rows, run),
    holds: run !== undefined,
    polarity: 'good',
    evidence: `Wall speedup '${SER}' ÷ '${DEV}' (${first.dev.count} matmuls split over two devices of one adapter): ${speedupList(rows, (r) => r.speedupD)} (pays above ${HOLDS_ABOVE}). ${why}`,
  };
}

function hostShareVerdict(rows: readonly SizeRow[], run: PayRun | undefined): Finding {
  const last = rows[rows.length - 1]!;
  // Wall saved = GPU idle removed + GPU busy removed: the first is the hidden round trip.
  const hidden = (r: SizeRow) => r.ser.idleMs - r.con.idleMs;
  const saved = (r: SizeRow) => r.ser.wallMs - r.con.wallMs;
  const mostlyIdle = (r: SizeRow) => hidden(r) >= 0.5 * saved(r);
  const paying = run === undefined ? [] : rows.slice(run.start, run.end);
  // The smallest size where batching paid: where small ops show what dominates them.
  const low = paying[0];
  const dominated = low !== undefined && hostShare(low) > 0.5;
  const holds = low !== undefined && dominated && mostlyIdle(low);
  const split =
    paying.length > 0
      ? ` Where it pays, wall saved vs GPU idle cut: ${paying.map((r) => `N=${r.n} ${fmtMs(saved(r))} vs ${fmtMs(hidden(r))} ms`).join(', ')}.`
      : '';
  const backToBack = (r: SizeRow) =>
    `the matmuls ran faster back to back (${fmtMs(r.con.meanOpMs)} ms each) than after an idle gap (${fmtMs(r.ser.meanOpMs)} ms)`;
  let why: string;
  if (low === undefined) {
    why = `Why: batching did not pay at any N (${speedupList(rows, (r) => r.speedupC)}), so there is no gain to explain.`;
  } else if (!dominated) {
    why =
      `Why: even at N=${low.n} the GPU sat idle for only ${hostPct(low)} of '${SER}' (${fmtMs(low.ser.idlePerOpMs)} ms per op against ${fmtMs(low.ser.meanOpMs)} ms of GPU work per matmul): ` +
      'the round trip does not dominate the small ops here.';
  } else if (!mostlyIdle(low)) {
    why = `Why: at N=${low.n} batching saved ${fmtMs(saved(low))} ms of wall but cut GPU idle by only ${fmtMs(hidden(low))} ms: ${backToBack(low)}; the gain is GPU-side, not the hidden round trip.`;
  } else {
    const gpuSide = paying.filter((r) => !mostlyIdle(r));
    why =
      `At N=${low.n} the GPU sat idle ${hostPct(low)} of '${SER}' (${fmtMs(low.ser.idlePerOpMs)} ms per op against ${fmtMs(low.ser.meanOpMs)} ms of GPU work per matmul): ` +
      `the host's submit, wait and wake-up per op, not the matmul, set the pace, and submitting once and waiting once cut GPU idle by ${fmtMs(hidden(low))} ms, the wall by ${fmtMs(saved(low))} ms. ` +
      `At N=${last.n} a matmul takes ${fmtMs(last.ser.meanOpMs)} ms on the GPU against ${fmtMs(last.ser.idlePerOpMs)} ms of idle per op: the host's share is ${hostPct(last)}.` +
      gpuSide.map((r) => ` At N=${r.n} most of the saving was GPU time instead: ${backToBack(r)}.`).join('');
  }
  return {
    claim: "Small ops are dominated by the host's submit/wait round trip, which concurrent submission hides",
    holds,
    // It names a problem: the host's round trip, not the GPU, paces the small ops.
    polarity: 'problem',
    evidence:
      `GPU idle per op (phase wall − GPU busy, ÷ ops), '${SER}' vs '${CON}', and its share of the '${SER}' wall: ` +
      `${rows.map((r) => `N=${r.n} ${fmtMs(r.ser.idlePerOpMs)} vs ${fmtMs(r.con.idlePerOpMs)} ms (${hostPct(r)})`).join(', ')}.${split} ` +
      `(Holds when concurrent submission pays, the GPU idled over 50% of the 'serialized' wall at the smallest N where it pays, and most of the wall saved there is GPU idle removed.) ${why}`,
  };
}
