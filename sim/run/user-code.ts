import type { ScenarioModels } from '../scenario/models.js';
import type { CustomStrategies } from '../strategies/custom.js';

/**
 * The user's code a run needs, already loaded by the caller (loading code is I/O: bin/ does it,
 * or a test imports it): models named by module path, and `type: custom` strategies. Every layer
 * that runs a scenario (run, sweep, shrink) takes these and passes them on unchanged.
 */
export interface UserCode {
  /** Model definitions by `model` text as the scenario writes it (`./models/kv.ts`). */
  models?: ScenarioModels | undefined;
  /** Custom strategy factories by `module` text as the scenario writes it. */
  customStrategies?: CustomStrategies | undefined;
}

/** Just the user-code fields of some options, for passing on. */
export function userCode(o: UserCode): UserCode {
  const out: UserCode = {};
  if (o.models !== undefined) out.models = o.models;
  if (o.customStrategies !== undefined) out.customStrategies = o.customStrategies;
  return out;
}
