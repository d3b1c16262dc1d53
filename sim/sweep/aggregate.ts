import { checkKind } from '../checks/index.js';
import { checkNames, type Scenario } from '../scenario/schema.js';
import { cellStatus } from '../run/cell.js';
import { LISTED_ERRORS, LISTED_FAILURES } from './listed.js';
import { compareReruns } from './determinism.js';
import { drawFaultPlan } from './swarm.js';
import { addDigests, EMPTY_SWEEP_DIGEST, runHash } from './sweep-digest.js';
import type { CheckSweep, Interruption, SeedOutcome, SweepResult, VariantSweep } from './types.js';
import { own } from '../units/record.js';

export interface SweepMeta {
  seeds: readonly number[];
  variants: readonly string[];
  swarm: boolean;
  shard: { index: number; count: number } | null;
  runsPlanned: number;
  interrupted: boolean;
  /** Interrupted: how many runs were running at the moment (and so dropped). */
  inFlight?: number;
  stoppedEarly: boolean;
  /** Share re-run for --check-determinism, or undefined when not asked. */
  determinismShare: number | undefined;
}

/**
 * Folds run outcomes into a sweep result, in (variant, seed) order whatever order they arrived
 * in, so 1 worker and 16 give the same result. Pure.
 */
export function aggregateSweep(scenario: Scenario, outcomes: readonly SeedOutcome[], reruns: readonly SeedOutcome[], meta: SweepMeta): SweepResult {
  const sorted = outcomes.slice().sort((a, b) => meta.variants.indexOf(a.variant) - meta.variants.indexOf(b.variant) || a.seed - b.seed);
  let digest = EMPTY_SWEEP_DIGEST;
  for (const o of sorted) if (o.error === undefined) digest = addDigests(digest, runHash(o.variant, o.seed, o.digest));
  const variants = meta.variants.map((v) =>
    variantSweep(
      scenario,
      v,
      sorted.filter((o) => o.variant === v),
      meta.swarm,
    ),
  );
  const determinism = meta.determinismShare === undefined ? null : { share: meta.determinismShare, ...compareReruns(sorted, reruns) };
  return finishResult({
    scenario: scenario.name,
    seeds: [...meta.seeds],
    shard: meta.shard,
    swarm: meta.swarm,
    variants,
    runsPlanned: meta.runsPlanned,
    runsCompleted: sorted.length,
    interrupted: meta.interrupted,
    ...(meta.interrupted ? { interruption: interruptionOf(sorted, meta) } : {}),
    stoppedEarly: meta.stoppedEarly,
    determinism,
    digest,
    ok: false,
  });
}

/** Sets `ok`: every cell as expected, no errors, no determinism mismatch. */
export function finishResult(r: SweepResult): SweepResult {
  const cells = r.variants.every((v) => v.errorCount === 0 && v.checks.every((c) => c.status === 'ok'));
  return { ...r, ok: cells && (r.determinism?.mismatches.length ?? 0) === 0 };
}

function variantSweep(scenario: Scenario, variant: string, runs: readonly SeedOutcome[], swarm: boolean): VariantSweep {
  const expect = own(scenario.variants, variant)?.expect;
  const names = checkNames(scenario);
  const kinds = new Map<string, 'safety' | 'liveness'>(scenario.checks.map((c, i) => [names[i]!, checkKind(c)]));
  // Checks a run adds on its own (event-budget) come after the scenario's, by name.
  const extra = new Set<string>();
  for (const r of runs) for (const c of r.checks) if (!kinds.has(c.name)) extra.add(c.name);
  for (const name of [...extra].sort()) kinds.set(name, runCheckKind(runs, name));

  const done = runs.filter((r) => r.error === undefined);
  const errors = runs.filter((r) => r.error !== undefined);
  const checks = [...kinds].map(([name, kind]): CheckSweep => {
    let failed = 0;
    const failures: CheckSweep['failures'] = [];
    for (const r of done) {
      const v = r.checks.find((c) => c.name === name);
      if (v === undefined || v.ok) continue;
      failed++;
      if (failures.length < LISTED_FAILURES) {
        failures.push({
          seed: r.seed,
          digest: r.digest,
          detail: v.detail ?? '',
          at: v.at ?? null,
          ...(swarm ? { plan: drawFaultPlan(scenario, r.seed) } : {}),
        });
      }
    }
    const expected = own(expect, name);
    return { name, kind, passed: done.length - failed, failed, ...(expected ? { expected } : {}), status: cellStatus(expected, failed), failures };
  });
  return {
    variant,
    runs: runs.length,
    seedsPassed: done.filter((r) => r.checks.every((c) => c.ok)).length,
    checks,
    errorCount: errors.length,
    errors: errors.slice(0, LISTED_ERRORS).map((r) => ({ seed: r.seed, error: r.error! })),
  };
}

/** The kind of a check a run added on its own (event-budget), as the run reports it. */
function runCheckKind(runs: readonly SeedOutcome[], name: string): 'safety' | 'liveness' {
  for (const r of runs) for (const c of r.checks) if (c.name === name) return c.kind;
  return 'liveness';
}

/** Which seeds finished per variant (outcomes come sorted by variant, then seed), and what the interrupt dropped. */
function interruptionOf(sorted: readonly SeedOutcome[], meta: SweepMeta): Interruption {
  const finished = meta.variants.map((variant) => ({ variant, seeds: sorted.filter((o) => o.variant === variant).map((o) => o.seed) }));
  const droppedInFlight = meta.inFlight ?? 0;
  return { finished, droppedInFlight, notStarted: Math.max(0, meta.runsPlanned - sorted.length - droppedInFlight) };
}
