import type { Scenario } from '../scenario/schema.js';
import { unexpectedFailure } from '../run/cell.js';
import type { SeedOutcome, SweepJob } from './types.js';
import { own } from '../units/record.js';

/**
 * The jobs of a sweep, seed by seed and every variant of a seed together, so that --fail-fast
 * and an interrupted sweep have covered every variant on the seeds they reached.
 */
export function planJobs(seeds: readonly number[], variants: readonly string[]): SweepJob[] {
  return seeds.flatMap((seed) => variants.map((variant) => ({ variant, seed })));
}

/** A run that makes the sweep fail: it threw, or a check failed that its variant does not expect to fail. */
export function failsSweep(scenario: Scenario, o: SeedOutcome): boolean {
  if (o.error !== undefined) return true;
  const expect = own(scenario.variants, o.variant)?.expect;
  return o.checks.some((c) => !c.ok && unexpectedFailure(own(expect, c.name)));
}
