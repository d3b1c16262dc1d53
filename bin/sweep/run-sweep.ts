import type { Scenario } from '../../sim/scenario/schema.js';
import type { UserCode } from '../../sim/run/user-code.js';
import { aggregateSweep } from '../../sim/sweep/aggregate.js';
import { determinismJobs, withDeepDigests } from '../../sim/sweep/determinism.js';
import { failsSweep, planJobs } from '../../sim/sweep/plan.js';
import { shrinkFailures, type ShrinkMode } from '../../sim/sweep/shrink-all.js';
import type { SeedOutcome, SweepResult } from '../../sim/sweep/types.js';
import { onInterrupt } from './interrupt.js';
import { inlineRunner } from './inline-runner.js';
import { startPool } from './pool.js';
import { progress } from './progress.js';

export interface ParallelSweepOptions {
  file: string;
  scenario: Scenario;
  /** Already sharded. */
  seeds: number[];
  shard: { index: number; count: number } | null;
  variants: string[];
  swarm: boolean;
  workers: number;
  determinismShare: number | undefined;
  failFast: boolean;
  shrink: ShrinkMode;
  shrinkMaxRuns: number;
  /** Model modules and custom strategies, loaded here for shrinking (each worker loads its own). */
  user: UserCode;
  progress: boolean;
  /** Filled with the wall-clock seconds each variant's runs took (for JUnit's time; never part of the result). */
  seconds?: Map<string, number>;
}

/**
 * The CLI's sweep: sim/sweep's jobs run on a worker pool, aggregated by sim/sweep exactly as the
 * single-threaded `sweep()` does, so the result is the same. Ctrl-C stops the pool and keeps
 * what finished; shrinking then runs here, in this thread (it is sequential by nature).
 */
export async function runParallelSweep(o: ParallelSweepOptions): Promise<SweepResult> {
  const jobs = withDeepDigests(planJobs(o.seeds, o.variants), o.determinismShare);
  // Re-runs are chosen from (variant, seed) alone. They run on a second pool of fresh threads
  // after the first pass: on the thread that ran the first time, state kept in a module (a
  // custom strategy's `Math.random()` at load) would give the same digest and hide the fault.
  const reruns = determinismJobs(jobs);
  const bar = progress(jobs.length + reruns.length, o.progress);
  let finished = 0;
  let failing = 0;
  let failedFast = false;
  let interrupted = false;
  // The main thread runs jobs while the workers start, unless the scenario has code of the user's
  // (isolated in workers), and never on the re-run pass (which must run on other threads).
  const inline = inlineRunner(o.scenario, o.user, { swarm: o.swarm });
  const poolOptions = (first: boolean) => ({
    file: o.file,
    swarm: o.swarm,
    variants: o.variants,
    workers: o.workers,
    ...(first && inline ? { inline } : {}),
    onOutcome: (outcome: SeedOutcome, _index: number, ms: number) => {
      finished++;
      if (first && o.seconds) o.seconds.set(outcome.variant, (o.seconds.get(outcome.variant) ?? 0) + ms / 1000);
      const fails = first && failsSweep(o.scenario, outcome);
      if (fails) failing++;
      bar.update(finished, failing);
      if (fails && o.failFast) failedFast = true;
      return failedFast;
    },
  });
  let pool = startPool(jobs, poolOptions(true));
  // Installed until the report is ready: a Ctrl-C while shrinking (synchronous, bounded) takes
  // effect when it returns, and the report is still written whole.
  const release = onInterrupt(() => {
    interrupted = true;
    pool.stop();
  });
  try {
    const first = await pool.done;
    const firsts = [...first.outcomes.values()];
    let again: SeedOutcome[] = [];
    if (reruns.length > 0 && !interrupted && !failedFast) {
      pool = startPool(reruns, poolOptions(false));
      again = [...(await pool.done).outcomes.values()];
    }
    bar.stop();
    const result = aggregateSweep(o.scenario, firsts, again, {
      seeds: o.seeds,
      variants: o.variants,
      swarm: o.swarm,
      shard: o.shard,
      runsPlanned: jobs.length,
      interrupted,
      inFlight: first.inFlight,
      stoppedEarly: failedFast && firsts.length < jobs.length,
      determinismShare: o.determinismShare,
    });
    return shrinkFailures(o.scenario, result, { ...o.user, mode: o.shrink, maxRuns: o.shrinkMaxRuns });
  } finally {
    release();
    bar.stop();
  }
}
