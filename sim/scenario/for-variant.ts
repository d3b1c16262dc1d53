import type { Scenario } from './schema.js';

/**
 * The scenario as one variant runs it: the variant's `faults`, `workload` and `network`, where it
 * gives them, replace the scenario's whole (they are not merged), and are taken off the variant,
 * so applying it again changes nothing and a caller may then change the faults (a swarm plan, a
 * shrinker's candidate) knowing that is what the variant runs. Everything that reads a scenario's
 * faults, workload or network for a variant reads them from here: runScenario, the swarm's plans,
 * the shrinker, replay. Pure; throws for a variant the scenario does not have.
 */
export function forVariant(scenario: Scenario, variant: string): Scenario {
  const v = Object.hasOwn(scenario.variants, variant) ? scenario.variants[variant] : undefined;
  if (v === undefined) {
    throw new Error(`scenario '${scenario.name}' has no variant '${variant}' (variants: ${Object.keys(scenario.variants).join(', ')})`);
  }
  if (v.faults === undefined && v.workload === undefined && v.network === undefined) return scenario;
  const { faults, workload, network, ...rest } = v;
  const out: Scenario = { ...scenario, variants: { ...scenario.variants, [variant]: rest } };
  if (faults !== undefined) out.faults = faults;
  if (workload !== undefined) out.workload = workload;
  if (network !== undefined) out.network = network;
  return out;
}
