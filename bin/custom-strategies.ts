import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario } from '../sim/scenario/schema.js';
import { customModules, type CustomStrategies, type CustomStrategyFactory } from '../sim/strategies/custom.js';
import { InputError } from './errors.js';

/**
 * Imports the modules of `type: custom` strategies (this runs their code: only for scenarios you
 * trust), for the variants that will run: a module only another variant declares is not loaded.
 * A relative `module` is resolved from the scenario file's directory. sim/ gets the factories
 * keyed by `module` exactly as written.
 */
export async function loadCustomStrategies(scenario: Scenario, file: string, variants: readonly string[]): Promise<CustomStrategies | undefined> {
  const modules = new Set(
    variants.flatMap((name) => {
      const v = Object.hasOwn(scenario.variants, name) ? scenario.variants[name] : undefined;
      return v === undefined ? [] : customModules(v.client as { type: string; module?: string }[]);
    }),
  );
  if (modules.size === 0) return undefined;
  const out = new Map<string, CustomStrategyFactory>();
  for (const m of modules) {
    const path = isAbsolute(m) ? m : resolve(dirname(file), m);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (e) {
      throw new InputError([
        { file, path: [], message: `custom strategy module '${m}' could not be imported from ${path}: ${e instanceof Error ? e.message : String(e)}` },
      ]);
    }
    const factory = mod.default ?? mod.createPolicy;
    if (typeof factory !== 'function') {
      throw new InputError([
        { file, path: [], message: `custom strategy module '${m}' exports no factory: expected a default export or a 'createPolicy' function` },
      ]);
    }
    out.set(m, factory as CustomStrategyFactory);
  }
  return out;
}
