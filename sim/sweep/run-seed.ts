import { runScenario } from '../run/run-scenario.js';
import type { Scenario } from '../scenario/schema.js';
import { type UserCode, userCode } from '../run/user-code.js';
import { ModelError } from '../world/model.js';
import { scenarioForSeed } from './swarm.js';
import type { RunError, SeedOutcome, SweepJob } from './types.js';

export interface SeedRunOptions extends UserCode {
  swarm?: boolean;
  /** Keep each fault's executed start and end (the shrinker reads them); sweeps leave it off. */
  faultTimeline?: boolean;
}

/**
 * One job of a sweep, reduced to what the sweep keeps. A throw is an outcome too, not the end of
 * the sweep: the report names the seed and the error, and the other seeds still run.
 */
export function runSeed(scenario: Scenario, job: SweepJob, o: SeedRunOptions = {}): SeedOutcome {
  return runWithin(scenarioForSeed(scenario, job.seed, o.swarm ?? false), job, o) ?? unreachable();
}

/**
 * As runSeed, but gives up at `maxEvents` events: undefined then, and the job is to be run
 * elsewhere, whole. A run that ends within them is runSeed's run exactly (an event budget only
 * matters once it is reached), so the sweep's main thread can help with short runs and never
 * be stuck in a long one.
 */
export function runSeedWithin(scenario: Scenario, job: SweepJob, maxEvents: number, o: SeedRunOptions = {}): SeedOutcome | undefined {
  const s = scenarioForSeed(scenario, job.seed, o.swarm ?? false);
  return s.maxEvents <= maxEvents ? runWithin(s, job, o) : runWithin({ ...s, maxEvents }, job, o, true);
}

function runWithin(scenario: Scenario, job: SweepJob, o: SeedRunOptions, capped = false): SeedOutcome | undefined {
  try {
    const run = runScenario(scenario, {
      variant: job.variant,
      seed: job.seed,
      ...(job.deep ? { deepDigest: true } : {}),
      ...userCode(o),
    });
    if (capped && run.stopReason === 'event-budget') return undefined;
    return {
      variant: job.variant,
      seed: job.seed,
      digest: run.traceDigest,
      ...(run.deepDigest === undefined ? {} : { deepDigest: run.deepDigest }),
      ...(o.faultTimeline ? { faultTimeline: run.timeline.faults } : {}),
      checks: run.checks.map((c) =>
        c.ok
          ? { name: c.name, kind: c.kind, ok: true }
          : { name: c.name, kind: c.kind, ok: false, detail: c.detail, ...(c.at === undefined ? {} : { at: c.at }) },
      ),
    };
  } catch (e) {
    return { variant: job.variant, seed: job.seed, digest: '', checks: [], error: runError(e) };
  }
}

function unreachable(): never {
  throw new Error('runSeed: an uncapped run always has an outcome');
}

export function runError(e: unknown): RunError {
  if (e instanceof ModelError) {
    const why = e.cause instanceof Error ? e.cause.message : String(e.cause);
    return { kind: 'model-error', message: why, node: e.node, atUs: e.atUs, handling: e.handling };
  }
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e) };
}
