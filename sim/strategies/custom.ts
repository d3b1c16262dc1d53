/**
 * User-written strategies: `{type: custom, module: ./my-strategy.js, options: {...}}`. sim/ never
 * loads code: bin/ imports the module (running its code, so only for scenarios you trust) and
 * hands buildStack the factories it found, keyed by the module path as written in the scenario.
 */
import { z } from 'zod';
import type { Policy } from './call.js';
import type { StrategyEnv } from './env.js';
import { nameRecord } from '../units/record.js';

export const customSchema = z.strictObject({
  type: z.literal('custom'),
  /** Path of an ES module whose default export (or `createPolicy` export) is a CustomStrategyFactory. */
  module: z.string().min(1),
  /** Passed to the factory as given; the module validates them. */
  options: nameRecord(z.string(), z.unknown()).default({}),
});
export type CustomConfig = z.output<typeof customSchema>;

/** What a custom strategy module exports. */
export type CustomStrategyFactory = (options: Record<string, unknown>, env: StrategyEnv) => Policy;

/** Factories resolved by bin/, keyed by `module` exactly as the scenario wrote it. */
export type CustomStrategies = ReadonlyMap<string, CustomStrategyFactory>;

/** The hook bin/ implements (with a dynamic import); sim/ only declares it. */
export type LoadCustomStrategy = (module: string) => Promise<CustomStrategyFactory>;

/** The module paths a list of strategy configs needs, in order, without repeats. */
export function customModules(configs: readonly { type: string; module?: string }[]): string[] {
  const out: string[] = [];
  for (const c of configs) if (c.type === 'custom' && c.module !== undefined && !out.includes(c.module)) out.push(c.module);
  return out;
}

export function customPolicy(config: CustomConfig, env: StrategyEnv, custom: CustomStrategies | undefined): Policy {
  const factory = custom?.get(config.module);
  if (factory === undefined) {
    throw new Error(`custom strategy '${config.module}' was not loaded: the caller of buildStack must resolve it (see docs/custom-strategies.md)`);
  }
  return factory(config.options, env);
}
