import { isModelPath } from '../../sim/scenario/models.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import type { UserCode } from '../../sim/run/user-code.js';
import { runSeedWithin } from '../../sim/sweep/run-seed.js';
import type { SeedOutcome, SweepJob } from '../../sim/sweep/types.js';

/**
 * The most events the main thread runs a job for before it gives the job to a worker (a few
 * tens of milliseconds): so a ready worker or a Ctrl-C never waits longer for it.
 */
export const INLINE_MAX_EVENTS = 50_000;

/**
 * The pool's `inline` runner: the main thread runs jobs while its workers start. None where the
 * scenario has code of the user's (a model module, a custom strategy): that runs in a worker,
 * where a crash costs a thread, not the sweep. `scenarioOf` builds a job's scenario (a map's
 * point); it is only called when there is a runner.
 */
export function inlineRunner(
  scenario: Scenario,
  user: UserCode,
  o: { swarm?: boolean; scenarioOf?: () => (point: number | undefined) => Scenario } = {},
): ((job: SweepJob) => SeedOutcome | undefined) | undefined {
  if (scenario.nodes.some((n) => isModelPath(n.model)) || (user.customStrategies?.size ?? 0) > 0) return undefined;
  const of = o.scenarioOf?.() ?? (() => scenario);
  const swarm = o.swarm ?? false;
  return (job) => runSeedWithin(of(job.point), job, INLINE_MAX_EVENTS, { swarm });
}
