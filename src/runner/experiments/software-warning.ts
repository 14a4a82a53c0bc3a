/**
 * The one-line warning before a recording on a software adapter (lavapipe, SwiftShader: the "GPU"
 * is the host CPU) with sizes meant for a real GPU: the chapter's seed-parallel at N = 4000, R = 50
 * and 5 rounds is about 130 TFLOP, some twelve hours on this project's 2-core CI machine. The
 * estimate is rough on purpose — the experiment's matmul FLOP against a fixed CPU rate — and only
 * decides whether to warn and which smaller sizes to suggest. Pure.
 */
import type { AdapterInfo } from '../../core/model.js';

/**
 * What lavapipe reaches on a 2-core CI machine: README's seed-compute-copy at 256, 10 reps ran
 * 'Run on GPU1' (10 products of 2·256³ FLOP = 0.34 GFLOP) in 125 ms, about 2.7 GFLOP/s.
 */
export const SOFTWARE_FLOP_PER_S = 3e9;
/** Warn when the estimate is longer than this. */
export const WARN_ABOVE_S = 120;
/** Suggest sizes whose estimate is at most this. */
const SUGGEST_WITHIN_S = 30;

/** A software renderer: Dawn's fallback flag, architecture 'software', or a known CPU driver's name (judge-kit's softwareAdapter, on one adapter). */
export function isSoftwareAdapter(a: Pick<AdapterInfo, 'name' | 'architecture' | 'isFallback' | 'vendor'>): boolean {
  return a.isFallback === true || a.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(a.name);
}

/** The matmul work of a recording, in FLOP, for a size, a repetition count and rounds. */
export type WorkEstimate = (size: number, reps: number, repeat: number) => number;

/** 2·N³: one N×N matmul. */
export function matmulFlop(n: number): number {
  return 2 * n * n * n;
}

function duration(s: number): string {
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

/**
 * The warning for an experiment file (its sizes are its own, so the suggestion is fewer rounds or
 * smaller matrices in the file), or undefined: `flop` is the file's matmul work over all rounds.
 */
export function fileSoftwareWarning(
  file: string,
  adapter: Pick<AdapterInfo, 'name' | 'architecture' | 'isFallback' | 'vendor'>,
  repeat: number,
  flop: number,
): string | undefined {
  if (!isSoftwareAdapter(adapter)) return undefined;
  const seconds = flop / SOFTWARE_FLOP_PER_S;
  if (!(seconds > WARN_ABOVE_S)) return undefined;
  return (
    `'${adapter.name}' is a software adapter (the GPU is emulated on the CPU): ${file} with --repeat ${repeat} ` +
    `will take very long, roughly ${duration(seconds)} at ~${SOFTWARE_FLOP_PER_S / 1e9} GFLOP/s; try --repeat 1, or matrices of 256 or less in the file`
  );
}

/**
 * The warning, or undefined when the adapter is a real GPU or the work is small enough. The
 * suggestion keeps the rounds, at most 5 reps, and the largest power-of-two size (down from 512)
 * whose estimate fits in about half a minute.
 */
export function softwareWarning(
  experiment: string,
  adapter: Pick<AdapterInfo, 'name' | 'architecture' | 'isFallback' | 'vendor'>,
  params: { readonly size: number; readonly reps: number; readonly repeat: number },
  work: WorkEstimate,
): string | undefined {
  if (!isSoftwareAdapter(adapter)) return undefined;
  const seconds = work(params.size, params.reps, params.repeat) / SOFTWARE_FLOP_PER_S;
  if (!(seconds > WARN_ABOVE_S)) return undefined;
  const reps = Math.min(params.reps, 5);
  let size = 64;
  for (const s of [512, 256, 128, 64]) {
    if (s <= params.size && work(s, reps, params.repeat) / SOFTWARE_FLOP_PER_S <= SUGGEST_WITHIN_S) {
      size = s;
      break;
    }
  }
  return (
    `'${adapter.name}' is a software adapter (the GPU is emulated on the CPU): ${experiment} at --size ${params.size} --reps ${params.reps} --repeat ${params.repeat} ` +
    `will take very long, roughly ${duration(seconds)} at ~${SOFTWARE_FLOP_PER_S / 1e9} GFLOP/s; try --size ${size} --reps ${reps}`
  );
}
