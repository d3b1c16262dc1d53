import type { Micros } from '../kernel/time.js';
import type { Effect, HistoryEntry } from '../world/history.js';
import type { NodeId } from '../world/ids.js';
import type { ExecutedTimeline } from '../world/timeline.js';
import type { NodeFinalState } from '../world/world.js';

/**
 * What every check reads: the recorded run, never a verdict a model reports about itself.
 * docs/checks.md lists the effect kinds and op names each check expects models to record.
 */
export interface CheckInput {
  history: readonly HistoryEntry[];
  effects: readonly Effect[];
  nodes: Readonly<Record<NodeId, NodeFinalState>>;
  /** What the world executed: when each fault really started and ended, when nodes were down or paused. */
  timeline: ExecutedTimeline;
  /** When the run stopped. */
  endUs: Micros;
}

export interface CheckVerdict {
  name: string;
  kind: 'safety' | 'liveness';
  ok: boolean;
  /** One or two plain sentences: what happened, or what held ("3 orders, each charged once"). */
  detail: string;
  /** When the violation became true. */
  at?: Micros;
  /** Op ids involved (HistoryEntry.op). */
  ops?: number[];
  /** Indices into `effects` involved. */
  effects?: number[];
  /** Figures for reports (e.g. p99Us, falseSuspicions, recoveredAfterUs). */
  measured?: Record<string, number>;
}

/** A node id a check config names, with its path inside the config, for reference checks. */
export interface CheckNodeRef {
  path: (string | number)[];
  node: NodeId;
}

/** What a check function returns: its kind comes from the checks table (index.ts), in one place. */
export type CheckResult = Omit<CheckVerdict, 'kind'>;
