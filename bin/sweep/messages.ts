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
}

export type ToWorker = { type: 'chunk'; jobs: SweepJob[] };

export type FromWorker =
  | { type: 'ready' }
  /** The worker could not load the scenario (it changed since the main thread loaded it?). */
  | { type: 'fatal'; message: string }
  /** The next job's outcome, as soon as it finishes (so a Ctrl-C keeps every run that finished); `ms`: the wall-clock time it took (JUnit's time, never in a result). */
  | { type: 'outcome'; outcome: SeedOutcome; ms: number }
  /** Every job of the chunk has answered: the worker is free. */
  | { type: 'chunk-done' };
