/**
 * What each built-in experiment is — id, title, question, method, defaults — as plain data, with
 * no GPU code behind it: Electron's main process shows this list, and importing the experiments
 * themselves would load Dawn's native addon there, where it must never run (docs/platform-facts.md).
 * The experiments take their descriptions from here, so there is one copy. `ExperimentId` keys both
 * this catalog and the runnable registry (registry.ts): an id missing on either side is a type error.
 */
import { DEFAULT_REPEAT, type ExperimentInfo } from '../../shared/api.js';

/** The built-in experiments' ids, in the order `parascope list` shows them. */
export const EXPERIMENT_IDS = [
  'seed-parallel',
  'seed-compute-copy',
  'ex1-independent-ops',
  'ex2-small-ops',
  'ex3-cpu-gpu-comm',
  'ex4-efficiency',
  'ex5-dependency-graph',
] as const;
export type ExperimentId = (typeof EXPERIMENT_IDS)[number];

/** What the app lists (the contract's ExperimentInfo), with the id narrowed to a built-in's. */
export interface ExperimentDescription<I extends ExperimentId = ExperimentId> extends ExperimentInfo {
  readonly id: I;
}

/** The chapter's §1 phase names (its `Benchmark` blocks). */
export const SEED_PARALLEL_PHASES = { gpu1: 'GPU1 time', gpu2: 'GPU2 time', both: 'GPU1 & GPU2' } as const;
/** The chapter's §2 phase names. */
export const SEED_COMPUTE_COPY_PHASES = { run: 'Run on GPU1', copy: 'Copy to CPU', both: 'Run on GPU1 and copy to CPU' } as const;
/** Products in flight ahead of the one being read back in §2's pipelined phase. */
export const COMPUTE_COPY_DEPTH = 2;
/** Exercise 1's four arrangements of the same K independent matmuls. */
export const EX1_INDEPENDENT_OPS_PHASES = { alone: 'one at a time', submit: 'one submit', pass: 'one pass', devices: 'two devices' } as const;

/**
 * The rounds each built-in runs its timed phases by default (`--repeat K`, docs/metrics.md `repeats`),
 * and the most `--repeat` accepts; declared with the contract, which the app's form reads too. Every
 * built-in but seed-parallel (below) takes DEFAULT_REPEAT = 5: on the H200 (docs/benchmarks.md) one round of the longest at the
 * chapter's sizes, seed-compute-copy, is about 1.5 s, and ex2's whole sweep well under one.
 */
export { DEFAULT_REPEAT, MAX_REPEAT } from '../../shared/api.js';

/**
 * seed-parallel takes 40 rounds: its speedup sits near the 1.05× threshold wherever two devices
 * share one adapter (1.10× on a quiet 2-core lavapipe machine, 1.03× with one other busy process,
 * 0.92× on the H200), and at 5 rounds the interval is the least to the greatest of five ratios, so
 * ten identical recordings gave "holds" in some and "inconclusive" in others (docs/benchmarks.md,
 * "The same command, the same answer?"); at 40 the interval is ± 2–4 %. One round at the chapter's
 * size is 0.77 s on the H200: 31 s for all 40.
 */
export const SEED_PARALLEL_REPEAT = 40;

const P = SEED_PARALLEL_PHASES;
const C = SEED_COMPUTE_COPY_PHASES;

export const SEED_PARALLEL: ExperimentDescription<'seed-parallel'> = {
  id: 'seed-parallel',
  title: 'Parallel computation on two GPUs (chapter §1)',
  question: 'Do R matmuls on GPU1 and R on GPU2, issued without waiting in between, take less time than the two runs one after the other?',
  method: `Warm up both devices, then time '${P.gpu1}', '${P.gpu2}' and '${P.both}' (both submitted before waiting), with every matmul's GPU interval from pass timestamps.`,
  defaults: { size: 4000, reps: 50, repeat: SEED_PARALLEL_REPEAT },
};

export const SEED_COMPUTE_COPY: ExperimentDescription<'seed-compute-copy'> = {
  id: 'seed-compute-copy',
  title: 'Computation and communication in parallel (chapter §2)',
  question: 'Does copying results to the CPU while the GPU computes the next ones take less time than computing everything and then copying everything?',
  method: `Time '${C.run}' (R matmuls), '${C.copy}' (each result copied to a staging buffer, mapped and copied into a JS array, one after another) and '${C.both}' (copy-out of y[i-1] while y[i] computes, ${COMPUTE_COPY_DEPTH} products in flight).`,
  defaults: { size: 4000, reps: 50, repeat: DEFAULT_REPEAT },
};

const X = EX1_INDEPENDENT_OPS_PHASES;

export const EX1_INDEPENDENT_OPS: ExperimentDescription<'ex1-independent-ops'> = {
  id: 'ex1-independent-ops',
  title: 'Independent ops in parallel? (chapter exercise 1)',
  question: 'Do independent ops run in parallel automatically?',
  method:
    `K = R independent matmuls, each writing its own output, arranged four ways: '${X.alone}' (submit one, wait, then the next), '${X.submit}' (one command buffer, one pass each), ` +
    `'${X.pass}' (all K dispatches in one compute pass) and '${X.devices}' (K/2 on each of two devices, both submitted before waiting); the GPU timestamps say whether their intervals overlapped.`,
  defaults: { size: 2048, reps: 8, repeat: DEFAULT_REPEAT },
};

/** Exercise 2's three arrangements of K small matmuls; each size N of the sweep has one phase per arrangement, named 'N=64 serialized' etc. */
export const EX2_SMALL_OPS_PHASES = { serialized: 'serialized', concurrent: 'concurrent', devices: 'two devices' } as const;
/** Exercise 2's smallest op size: the sweep is the powers of two from here up to --size. */
export const EX2_SMALL_OPS_MIN_SIZE = 16;

const S = EX2_SMALL_OPS_PHASES;

export const EX2_SMALL_OPS: ExperimentDescription<'ex2-small-ops'> = {
  id: 'ex2-small-ops',
  title: 'Small ops in parallel on one device? (chapter exercise 2)',
  question: 'When each op is small, does parallelism help even on a single GPU?',
  method:
    `For each N in a sweep (powers of two from ${EX2_SMALL_OPS_MIN_SIZE} up to --size), K = R N×N matmuls arranged three ways: '${S.serialized}' (submit one, wait, then the next), ` +
    `'${S.concurrent}' (all K in one command buffer, one wait) and '${S.devices}' (K/2 on each of two devices of ONE adapter, both submitted before waiting); ` +
    'the speedup per N (charted against N) says where batching pays and the verdict names the size below which it does; the GPU idle time between ops says why.',
  defaults: { size: 2048, reps: 16, repeat: DEFAULT_REPEAT },
};

/** Exercise 3's phases. */
export const EX3_CPU_GPU_COMM_PHASES = { gpu: 'GPU compute', cpu: 'CPU compute', comm: 'Communication', all: 'All together' } as const;
const E3 = EX3_CPU_GPU_COMM_PHASES;

export const EX3_CPU_GPU_COMM: ExperimentDescription<'ex3-cpu-gpu-comm'> = {
  id: 'ex3-cpu-gpu-comm',
  title: 'CPU, GPU and communication in parallel (chapter exercise 3)',
  question: 'Do GPU matmuls, CPU matmuls in worker threads and GPU→CPU read-backs, issued together, take less time than the three one after another?',
  method:
    `Time '${E3.gpu}' (R matmuls N×N on the GPU), '${E3.cpu}' (M×M matmuls, M = min(N, 256), spread over worker threads, as many as take about as long as '${E3.gpu}'), ` +
    `'${E3.comm}' (R results copied to staging buffers, mapped and copied out) and '${E3.all}' (the same CPU work, R more GPU matmuls and the read-back of each GPU result while the next ones compute, ` +
    `all issued without waiting); each worker times its own products on the host clock, the GPU's from pass timestamps.`,
  defaults: { size: 2048, reps: 20, repeat: DEFAULT_REPEAT },
};

/** Exercise 4's phases. */
export const EX4_EFFICIENCY_PHASES = { fma: 'peak: FMA', copy: 'peak: copy', workload: 'workload' } as const;
const E4 = EX4_EFFICIENCY_PHASES;

export const EX4_EFFICIENCY: ExperimentDescription<'ex4-efficiency'> = {
  id: 'ex4-efficiency',
  title: 'Is the code efficient, as a profiler would say? (chapter exercise 4)',
  question: 'Do the matmuls and copies run near what this GPU can do, and is the GPU kept busy — and if not, why?',
  method:
    `Measure the adapter's peaks with Parascope's own microbenchmarks ('${E4.fma}': long vec4 FMA chains; '${E4.copy}': copyBufferToBuffer and a storage read/write kernel, bytes read + written), ` +
    `then profile '${E4.workload}': R N×N matmuls, each waited for and read back before the next (the naive way). Each op gets its GFLOP/s or GB/s and % of peak; ` +
    'the GPU idle gaps are split into waiting for the host, waiting on dependencies and other, with advice.',
  defaults: { size: 2048, reps: 20, repeat: DEFAULT_REPEAT },
};

/** Exercise 5's two schedules of the same training steps. */
export const EX5_DEPENDENCY_GRAPH_PHASES = { serialized: 'serialized', driven: 'dependency-driven' } as const;
const E5 = EX5_DEPENDENCY_GRAPH_PHASES;

export const EX5_DEPENDENCY_GRAPH: ExperimentDescription<'ex5-dependency-graph'> = {
  id: 'ex5-dependency-graph',
  title: 'Richer data dependencies: a two-layer MLP on two GPUs and the CPU (chapter exercise 5)',
  question: 'Does issuing each op of a data-parallel MLP training step as soon as its inputs are ready make the step faster, and do the results stay correct?',
  method:
    `R training steps of y = W2·relu(W1·x) (H = N hidden units, H samples per device) on two devices with the same weights: forward, loss gradient and backward on each device, ` +
    `the gradients read back and summed on the CPU, the weights updated on the CPU and uploaded to both devices. '${E5.serialized}' runs each stage on device 1, waits, then on device 2, waits; ` +
    `'${E5.driven}' issues every op as soon as its inputs are ready. Every data dependency is a recorded edge, so the critical path follows them; both schedules' weights are checked against float64 on the CPU.`,
  // The float64 reference costs 10·R·H³ multiply-adds on one host thread (about 2 s per 1024³ product in
  // Node): H = 256 keeps it near a second; a larger --size works, its check growing with H³.
  defaults: { size: 256, reps: 3, repeat: DEFAULT_REPEAT },
};

/** Every built-in's description by id: the mapped type makes each entry's `id` its key. */
export const EXPERIMENT_DESCRIPTIONS: { readonly [I in ExperimentId]: ExperimentDescription<I> } = {
  'seed-parallel': SEED_PARALLEL,
  'seed-compute-copy': SEED_COMPUTE_COPY,
  'ex1-independent-ops': EX1_INDEPENDENT_OPS,
  'ex2-small-ops': EX2_SMALL_OPS,
  'ex3-cpu-gpu-comm': EX3_CPU_GPU_COMM,
  'ex4-efficiency': EX4_EFFICIENCY,
  'ex5-dependency-graph': EX5_DEPENDENCY_GRAPH,
};

/** In the order `parascope list` shows them. */
export const EXPERIMENT_CATALOG: readonly ExperimentDescription[] = EXPERIMENT_IDS.map((id) => EXPERIMENT_DESCRIPTIONS[id]);
