import { forVariant } from '../scenario/for-variant.js';
import type { Scenario } from '../scenario/schema.js';
import { type UserCode, userCode } from '../run/user-code.js';
import { unexpectedFailure } from '../run/cell.js';
import { shrinkFaults } from './shrink.js';
import { scenarioForSeed } from './swarm.js';
import type { SweepResult } from './types.js';

/** Which failures a sweep shrinks: the unexpected ones (the default), every one, or none. */
export type ShrinkMode = 'unexpected' | 'all' | 'none';

/**
 * Shrinks, for each failing (variant, check), the plan of its smallest failing seed. The seed,
 * and so the shrunk plan, is the same whatever the worker count or shard split (the shard that
 * holds the smallest seed shrinks it), which keeps a merge of shards equal to one sweep.
 */
export function shrinkFailures(scenario: Scenario, result: SweepResult, o: UserCode & { mode?: ShrinkMode; maxRuns?: number }): SweepResult {
  const mode = o.mode ?? 'unexpected';
  if (mode === 'none' || result.interrupted) return result;
  const variants = result.variants.map((v) => ({
    ...v,
    checks: v.checks.map((c) => {
      const first = c.failures[0];
      if (first === undefined || (mode === 'unexpected' && !unexpectedFailure(c.expected))) return c;
      // What the variant ran: the seed's plan, or its own faults when it gives them.
      const faults = forVariant(scenarioForSeed(scenario, first.seed, result.swarm), v.variant).faults;
      const shrink = shrinkFaults(scenario, {
        variant: v.variant,
        seed: first.seed,
        check: c.name,
        faults,
        ...userCode(o),
        ...(o.maxRuns === undefined ? {} : { maxRuns: o.maxRuns }),
      });
      return { ...c, shrink };
    }),
  }));
  return { ...result, variants };
}
