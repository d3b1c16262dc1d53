import { runScenario } from '../sim/run/run-scenario.js';
import type { ScenarioRun } from '../sim/run/result.js';
import type { Scenario } from '../sim/scenario/schema.js';
import { type UserCode, userCode } from '../sim/run/user-code.js';
import { ModelError } from '../sim/world/model.js';
import type { TraceSink } from '../sim/world/trace.js';
import { formatModelError } from '../reports/model-error.js';
import { ExplainedFailure } from './action.js';
import { reproduceCommand } from './reproduce.js';

export interface SimulateOptions {
  file: string;
  variant: string;
  seed: number;
  trace?: TraceSink;
  /** The scenario's model modules and the variant's custom strategies (bin/load.ts userCodeFor). */
  user?: UserCode;
  /** The replay line a model error names; default `faultline run FILE --variant V --seed N`. */
  reproduce?: string;
}

/**
 * One run, with a model error turned into its explanation and replay line. It computes the deep
 * digest too (payloads and values), so a replay that differs only in a payload is caught.
 */
export function simulate(scenario: Scenario, o: SimulateOptions): ScenarioRun {
  try {
    return runScenario(scenario, {
      variant: o.variant,
      seed: o.seed,
      deepDigest: true,
      ...(o.trace ? { trace: o.trace } : {}),
      ...userCode(o.user ?? {}),
    });
  } catch (e) {
    if (e instanceof ModelError) throw new ExplainedFailure(formatModelError(e, o.reproduce ?? reproduceCommand(o.file, o.variant, o.seed)), e);
    throw e;
  }
}
