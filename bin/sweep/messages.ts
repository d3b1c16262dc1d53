import type { PointValue } from '../../sim/sweep/map/types.js';
import type { SeedOutcome, SweepJob } from '../../sim/sweep/types.js';

/** What the sweep's main thread and its workers say to each other (structured clone: plain data only). */

export interface WorkerData {
  /** The scenario file: each worker loads it (its model modules, and the custom strategies of `variants`) itself. */
  file: string;
  swarm: boolean;
  variants: string[];
  /** A map's points (`faultline map`): a job's `point` runs the scenario with these values set. */
  points?: PointValue[][];
  /** The worker's outcome log (see OutcomeLog in pool.ts); absent, each outcome is posted alone. */
  log?: SharedArrayBuffer;
}

export type ToWorker = { type: 'chunk'; jobs: SweepJob[] };

export type FromWorker =
  | { type: 'ready' }
  /** The worker could not load the scenario (it changed since the main thread loaded it?). */
  | { type: 'fatal'; message: string }
  /**
   * Job `k` of the chunk finished (`ms`: the wall-clock time it took, JUnit's time, never in a
   * result): posted alone when it does not fit the log.
   */
  | { type: 'outcome'; k: number; outcome: SeedOutcome; ms: number }
  /** The log holds this chunk's outcomes up to entry `count` (they are read from it, not sent). */
  | { type: 'logged'; count: number }
  /** Every job of the chunk has answered: the worker is free. */
  | { type: 'chunk-done' };
