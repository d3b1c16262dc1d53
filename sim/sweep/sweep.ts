import type { Scenario } from '../scenario/schema.js';
import { type UserCode, userCode } from '../run/user-code.js';
import { aggregateSweep } from './aggregate.js';
import { determinismJobs, withDeepDigests } from './determinism.js';
import { failsSweep, planJobs } from './plan.js';
import { runSeed } from './run-seed.js';
import { shardSeeds } from './shard.js';
import { shrinkFailures, type ShrinkMode } from './shrink-all.js';
import type { SeedOutcome, SweepResult } from './types.js';

export interface SweepOptions extends UserCode {
  seeds: readonly number[];
  /** Default: every variant, in file order. */
  variants?: readonly string[];
  /** Each seed draws its fault plan from the scenario's `swarm` section. */
  swarm?: boolean;
  /** Run only shard K of N (1-based). */
  shard?: { index: number; count: number };
  /** Re-run this share (0–1) of the runs and compare trace digests. */
  checkDeterminism?: number;
  /** Stop at the first run that makes the sweep fail. */
  failFast?: boolean;
  /** Default `unexpected`. */
  shrink?: ShrinkMode;
  shrinkMaxRuns?: number;
}

/**
 * Runs a scenario over many seeds, in this thread, and aggregates the result: the test API
 * (`import { sweep } from 'faultline'`) and the reference the CLI's worker pool must equal.
 * Pure and synchronous.
 */
export function sweep(scenario: Scenario, o: SweepOptions): SweepResult {
  const variants = o.variants ?? Object.keys(scenario.variants);
  for (const v of variants)
    if (!Object.hasOwn(scenario.variants, v))
      throw new Error(`scenario '${scenario.name}' has no variant '${v}' (variants: ${Object.keys(scenario.variants).join(', ')})`);
  const sorted = [...new Set(o.seeds)].sort((a, b) => a - b);
  const seeds = o.shard ? shardSeeds(sorted, o.shard) : sorted;
  const jobs = withDeepDigests(planJobs(seeds, variants), o.checkDeterminism);
  const run = { swarm: o.swarm ?? false, ...userCode(o) };
  const outcomes: SeedOutcome[] = [];
  let stoppedEarly = false;
  for (const job of jobs) {
    const out = runSeed(scenario, job, run);
    outcomes.push(out);
    if (o.failFast && failsSweep(scenario, out)) {
      stoppedEarly = outcomes.length < jobs.length;
      break;
    }
  }
  const ran = new Set(outcomes.map((x) => `${x.variant}\u0000${x.seed}`));
  const reruns = determinismJobs(jobs)
    .filter((j) => ran.has(`${j.variant}\u0000${j.seed}`))
    .map((j) => runSeed(scenario, j, run));
  const result = aggregateSweep(scenario, outcomes, reruns, {
    seeds,
    variants,
    swarm: run.swarm,
    shard: o.shard ?? null,
    runsPlanned: jobs.length,
    interrupted: false,
    stoppedEarly,
    determinismShare: o.checkDeterminism,
  });
  return shrinkFailures(scenario, result, {
    mode: o.shrink ?? 'unexpected',
    ...userCode(o),
    ...(o.shrinkMaxRuns === undefined ? {} : { maxRuns: o.shrinkMaxRuns }),
  });
}
