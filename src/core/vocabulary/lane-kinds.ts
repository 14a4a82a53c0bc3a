/**
 * The lane-kind vocabulary: how a GPU queue and a CPU thread are named and coloured wherever
 * lanes are listed (the reports' lane tables and timeline labels, the app's lane table, gutter and
 * details). A lane takes the colour of the work it does most: a GPU queue computes, a CPU thread
 * runs host code.
 */
import type { Lane, LaneKind, OpKind } from '../model.js';

interface LaneKindWords {
  readonly label: string;
  /** In a narrow table column. */
  readonly short: string;
  /** The op kind whose colour the lane's bars take. */
  readonly colorOf: OpKind;
}

const WORDS: { readonly [K in LaneKind]: LaneKindWords } = {
  gpu: { label: 'GPU queue', short: 'GPU', colorOf: 'compute' },
  cpu: { label: 'CPU thread', short: 'CPU', colorOf: 'cpu' },
};

export function laneKindLabel(kind: LaneKind): string {
  return WORDS[kind].label;
}

export function laneKindShort(kind: LaneKind): string {
  return WORDS[kind].short;
}

export function laneKindColorOf(kind: LaneKind): OpKind {
  return WORDS[kind].colorOf;
}

/** A lane's name with what it is, and (`withId`) its `pid:tid`: "queue 0 (GPU queue, 1:2)". */
export function laneTitle(lane: Pick<Lane, 'name' | 'kind' | 'id'>, withId: boolean): string {
  return `${lane.name} (${laneKindLabel(lane.kind)}${withId ? `, ${lane.id}` : ''})`;
}
