import type { SeedOutcome, SweepJob } from '../../sim/sweep/types.js';

/** What the sweep's main thread and its workers say to each other (structured clone: plain data only). */

export interface WorkerData {
  /** The scenario file: each worker loads it (its model modules, and the custom strategies of `variants`) itself. */
  file: string;
  swarm: boolean;
  variants: string[];
}

export type ToWorker = { type: 'chunk'; jobs: SweepJob[] };

export type FromWorker =
  | { type: 'ready' }
  /** The worker could not load the scenario (it changed since the main thread loaded it?). */
  | { type: 'fatal'; message: string }
  /** A chunk's outcomes, in job order: one message a chunk keeps the main thread's share small. */
  | { type: 'outcomes'; outcomes: SeedOutcome[] };
