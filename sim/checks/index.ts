import { z } from 'zod';
import { errorBudget, errorBudgetSchema } from './error-budget.js';
import { exactlyOnce, exactlyOnceSchema } from './exactly-once.js';
import { failedMeansNotDone, failedMeansNotDoneSchema } from './failed-means-not-done.js';
import { failureDetection, failureDetectionSchema } from './failure-detection.js';
import { singleLeader, singleLeaderSchema } from './leader.js';
import { linearizable, linearizableSchema } from './linearizable.js';
import { livenessAfterHeal, livenessAfterHealSchema } from './liveness-after-heal.js';
import { noLostWrites, noLostWritesSchema } from './lost-writes.js';
import { neverAfter, neverAfterSchema } from './never-after.js';
import { noDeadlock, noDeadlockSchema } from './no-deadlock.js';
import { rateBound, rateBoundSchema } from './rate-bound.js';
import { requires, requiresSchema } from './requires.js';
import { slo, sloSchema } from './slo.js';
import { noStaleWrites, noStaleWritesSchema } from './stale-writes.js';
import type { CheckInput, CheckNodeRef, CheckResult, CheckVerdict } from './types.js';

export type { CheckInput, CheckNodeRef, CheckVerdict } from './types.js';

/** A check in a scenario file's `checks:` list, chosen by `check:`. docs/checks.md documents each. */
export const checkSchema = z.discriminatedUnion('check', [
  exactlyOnceSchema,
  failedMeansNotDoneSchema,
  singleLeaderSchema,
  noStaleWritesSchema,
  noLostWritesSchema,
  rateBoundSchema,
  linearizableSchema,
  sloSchema,
  livenessAfterHealSchema,
  failureDetectionSchema,
  neverAfterSchema,
  requiresSchema,
  errorBudgetSchema,
  noDeadlockSchema,
]);
export type CheckConfig = z.output<typeof checkSchema>;
export type CheckName = CheckConfig['check'];

interface CheckDefinition<C> {
  kind: CheckVerdict['kind'];
  run(config: C, input: CheckInput): CheckResult;
  /** Fields of the config that name nodes. */
  nodeFields?: readonly (keyof C & string)[];
}

const CHECKS: { [K in CheckName]: CheckDefinition<Extract<CheckConfig, { check: K }>> } = {
  'exactly-once': { kind: 'safety', run: exactlyOnce },
  'failed-means-not-done': { kind: 'safety', run: failedMeansNotDone },
  'single-leader': { kind: 'safety', run: singleLeader },
  'no-stale-writes': { kind: 'safety', run: noStaleWrites, nodeFields: ['node'] },
  'no-lost-writes': { kind: 'safety', run: noLostWrites, nodeFields: ['node'] },
  'rate-bound': { kind: 'safety', run: rateBound, nodeFields: ['node'] },
  linearizable: { kind: 'safety', run: linearizable },
  slo: { kind: 'liveness', run: slo },
  'liveness-after-heal': { kind: 'liveness', run: livenessAfterHeal },
  'failure-detection': { kind: 'liveness', run: failureDetection, nodeFields: ['node', 'by'] },
  'never-after': { kind: 'safety', run: neverAfter },
  requires: { kind: 'safety', run: requires },
  'error-budget': { kind: 'liveness', run: errorBudget },
  'no-deadlock': { kind: 'safety', run: noDeadlock, nodeFields: ['node'] },
};

/** The check names scenario files may use, for listings and docs. */
export const CHECK_NAMES = Object.keys(CHECKS) as CheckName[];

// TypeScript cannot correlate a union config with the matching definition; the table's type does.
const definition = (config: CheckConfig) => CHECKS[config.check] as CheckDefinition<CheckConfig>;

/** Runs one check over a finished run. */
export function runCheck(config: CheckConfig, input: CheckInput): CheckVerdict {
  const d = definition(config);
  return { ...d.run(config, input), kind: d.kind };
}

export function checkKind(config: CheckConfig): CheckVerdict['kind'] {
  return definition(config).kind;
}

/** The node ids a check config names, with their path inside it, so the loader can report unknown ones. */
export function checkNodeRefs(config: CheckConfig): CheckNodeRef[] {
  const out: CheckNodeRef[] = [];
  for (const field of definition(config).nodeFields ?? []) {
    const node = (config as Record<string, unknown>)[field];
    if (typeof node === 'string') out.push({ path: [field], node });
  }
  return out;
}
