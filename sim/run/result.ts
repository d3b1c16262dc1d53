import type { CheckVerdict } from '../checks/index.js';
import type { StopReason } from '../kernel/kernel.js';
import type { Micros } from '../kernel/time.js';
import type { LatencySummary } from '../stats/percentiles.js';
import type { Effect, HistoryEntry } from '../world/history.js';
import type { ExecutedTimeline } from '../world/timeline.js';
import type { RunSeries } from './series.js';
import type { NetworkStats, NodeFinalState } from '../world/world.js';

export type { LatencySummary } from '../stats/percentiles.js';

/** Bumped whenever the JSON report's shape changes in a way a consumer would notice. */
export const RESULT_SCHEMA_VERSION = 1;

export interface RunStats {
  /** Client operations invoked. */
  requests: number;
  ok: number;
  /** Answered with a definite failure. */
  failed: number;
  /** Outcome unknown: timed out, or still open when the run ended. */
  unknown: number;
  /** ok answers that were a fallback (e.g. "payment pending"). */
  fallbacks: number;
  /** Invoke to ok, over ok operations. */
  latency: LatencySummary;
  perOperation: Record<string, { requests: number; ok: number; failed: number; unknown: number; latency: LatencySummary }>;
  messages: NetworkStats;
}

/** One run of one variant of one scenario on one seed: everything reports need. */
export interface ScenarioRun {
  scenario: string;
  variant: string;
  seed: number;
  verdict: 'pass' | 'fail';
  checks: CheckVerdict[];
  stats: RunStats;
  traceDigest: string;
  /** With `deepDigest: true`: the trace digest combined with every payload and value. */
  deepDigest?: string;
  stopReason: StopReason;
  endUs: Micros;
  events: number;
  history: HistoryEntry[];
  effects: Effect[];
  nodes: Record<string, NodeFinalState>;
  /** What the world executed: faults' true starts and ends, node states, partitions. */
  timeline: ExecutedTimeline;
  /** Per-bucket client outcomes and node metrics (run/series.ts). */
  series: RunSeries;
  narrative: { at: Micros; text: string }[];
}
