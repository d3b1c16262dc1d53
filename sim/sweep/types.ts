import type { CellStatus } from '../run/cell.js';
import type { Fault } from '../world/faults.js';
import type { ExecutedFault } from '../world/timeline.js';

/** What a sweep knows of one run: small enough to cross a worker boundary thousands of times. */
export interface SeedOutcome {
  variant: string;
  seed: number;
  /** The run's trace digest; '' when the run threw. */
  digest: string;
  /** The deep digest (payloads and values included), for runs chosen by --check-determinism. */
  deepDigest?: string;
  /** With `faultTimeline`: each fault's executed start and end, in plan order. */
  faultTimeline?: ExecutedFault[];
  /** Every check's verdict; the detail only of failed ones. */
  checks: { name: string; kind: 'safety' | 'liveness'; ok: boolean; detail?: string; at?: number }[];
  error?: RunError;
}

/** A run that did not finish: a model or strategy threw, faultline itself threw, or the worker died. */
export interface RunError {
  kind: 'model-error' | 'internal' | 'worker-crash';
  message: string;
  node?: string;
  atUs?: number;
  handling?: string;
}

/** One job of a sweep: a variant on a seed. */
export interface SweepJob {
  variant: string;
  seed: number;
  /** Also compute the deep digest: the run is one --check-determinism re-runs. */
  deep?: boolean;
  /** A map's jobs: the index of the map point whose scenario the run uses (sim/sweep/map/). */
  point?: number;
}

export interface ListedFailure {
  seed: number;
  digest: string;
  detail: string;
  /** Virtual µs of the violation, when the check names one. */
  at: number | null;
  /** With --swarm: the fault plan this seed drew. */
  plan?: Fault[];
}

export interface ShrinkResult {
  /** The seed that was shrunk: the smallest one on which the check failed. */
  seed: number;
  /** False when the original plan did not fail again (nothing was shrunk: see determinism). */
  reproduced: boolean;
  faults: Fault[];
  /** How many faults the plan had before shrinking. */
  fromFaults: number;
  /** Runs spent shrinking, the first (confirming) run included. */
  runs: number;
  /** True when the run bound stopped shrinking before it was done. */
  exhausted: boolean;
  /** The shrunk run's trace digest and the check's detail. */
  digest: string;
  detail: string;
  /** Where the CLI wrote the regression scenario, when it did (sim/ never sets it). */
  written?: string;
}

export interface CheckSweep {
  name: string;
  kind: 'safety' | 'liveness';
  passed: number;
  failed: number;
  expected?: 'pass' | 'fail';
  /** As `compare` judges a cell: expect fail ⇒ failed on some seed; expect pass or none ⇒ passed on every seed. */
  status: CellStatus;
  /** The first few failing seeds, in seed order. */
  failures: ListedFailure[];
  shrink?: ShrinkResult;
}

export interface VariantSweep {
  variant: string;
  /** Runs that finished (with a verdict or an error). */
  runs: number;
  /** Runs on which every check held. */
  seedsPassed: number;
  checks: CheckSweep[];
  /** Runs that threw or whose worker died. */
  errorCount: number;
  errors: { seed: number; error: RunError }[];
}

export interface DeterminismReport {
  /** Share of runs re-run, 0–1. */
  share: number;
  checked: number;
  mismatches: { variant: string; seed: number; digests: [string, string] }[];
}

/** What an interrupted sweep (Ctrl-C) ran: the seeds whose runs finished, per variant, and the runs it did not. */
export interface Interruption {
  /** Per variant, the seeds whose run finished (sorted): the runs every count of the report covers. */
  finished: { variant: string; seeds: number[] }[];
  /** Runs that were running when the sweep stopped: dropped, counted nowhere else. */
  droppedInFlight: number;
  /** Runs that had not started. */
  notStarted: number;
}

export interface SweepResult {
  scenario: string;
  /** The seeds this sweep (this shard) set out to run, sorted. */
  seeds: number[];
  shard: { index: number; count: number } | null;
  swarm: boolean;
  variants: VariantSweep[];
  runsPlanned: number;
  runsCompleted: number;
  /** Stopped by Ctrl-C: only finished runs are counted. */
  interrupted: boolean;
  /** With `interrupted`: which seeds finished, and what was dropped. */
  interruption?: Interruption;
  /** Stopped by --fail-fast at the first unexpected failure. */
  stoppedEarly: boolean;
  determinism: DeterminismReport | null;
  /** Order-independent hash over (variant, seed, trace digest) of every finished run: equal for any worker count or shard split. */
  digest: string;
  /** Every cell as expected, no run threw, no determinism mismatch. */
  ok: boolean;
}
