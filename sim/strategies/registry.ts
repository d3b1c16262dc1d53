/**
 * The strategy registry: one discriminated union over every strategy a scenario can name, and
 * builders from a validated config (and the node's env) to a runnable policy or a whole stack.
 */
import { z } from 'zod';
import { MAX_STACK_LAYERS } from '../units/limits.js';
import { adaptiveTimeoutPolicy, adaptiveTimeoutSchema, RttEstimator } from './adaptive-timeout.js';
import { Bulkhead, bulkheadPolicy, bulkheadSchema } from './bulkhead.js';
import type { Policy } from './call.js';
import { CircuitBreaker, circuitBreakerPolicy, circuitBreakerSchema } from './circuit-breaker.js';
import { compose } from './compose.js';
import { customPolicy, customSchema, type CustomStrategies } from './custom.js';
import type { StrategyEnv } from './env.js';
import { fallbackPolicy, fallbackSchema } from './fallback.js';
import { hedgePolicy, hedgeSchema } from './hedge.js';
import { loadSheddingPolicy, loadSheddingSchema } from './load-shedding.js';
import { rateLimiterPolicy, rateLimiterSchema } from './rate-limiter-policy.js';
import { retryPolicy, retrySchema } from './retry.js';
import { timeoutPolicy, timeoutSchema } from './timeout.js';

export const strategySchema = z.discriminatedUnion('type', [
  timeoutSchema,
  adaptiveTimeoutSchema,
  retrySchema,
  circuitBreakerSchema,
  bulkheadSchema,
  rateLimiterSchema,
  loadSheddingSchema,
  fallbackSchema,
  hedgeSchema,
  customSchema,
]);
export type StrategyConfig = z.output<typeof strategySchema>;
export type StrategyInput = z.input<typeof strategySchema>;
export type StrategyType = StrategyConfig['type'];

/** A call path as a list, outermost first: `[bulkhead, circuit-breaker, retry, timeout]`. */
export const stackSchema = z.array(strategySchema).max(MAX_STACK_LAYERS);

export interface BuiltStrategy {
  type: StrategyType;
  policy: Policy;
  /** Live state for reports and final-state checks (breaker state and transitions, counters...). */
  inspect(): Record<string, unknown>;
}

/** One layer with its live state; `custom` holds the factories for `custom` entries, resolved outside sim/. */
export function buildLayer(config: StrategyConfig, env: StrategyEnv, custom?: CustomStrategies): BuiltStrategy {
  const built = (policy: Policy, inspect: () => Record<string, unknown> = () => ({})): BuiltStrategy => ({ type: config.type, policy, inspect });
  switch (config.type) {
    case 'timeout':
      return built(timeoutPolicy(config, env));
    case 'adaptive-timeout': {
      const estimator = new RttEstimator(config);
      return built(adaptiveTimeoutPolicy(config, env, estimator), () => ({ rtoUs: estimator.rtoUs, srttUs: estimator.srttUs, rttvarUs: estimator.rttvarUs }));
    }
    case 'retry': {
      const p = retryPolicy(config, env);
      return built(p, () => ({ ...p.stats }));
    }
    case 'circuit-breaker': {
      const breaker = new CircuitBreaker(config, env);
      return built(circuitBreakerPolicy(config, env, breaker), () => ({
        state: breaker.state,
        transitions: breaker.transitions.slice(),
        notPermittedCalls: breaker.notPermittedCalls,
        ...breaker.metrics(),
      }));
    }
    case 'bulkhead': {
      const bulkhead = new Bulkhead(config, env);
      return built(bulkheadPolicy(config, env, bulkhead), () => ({
        active: bulkhead.active,
        waiting: bulkhead.waitingCalls,
        rejected: bulkhead.rejectedCalls,
      }));
    }
    case 'rate-limiter':
      return built(rateLimiterPolicy(config, env));
    case 'load-shedding': {
      const p = loadSheddingPolicy(config, env);
      return built(p, () => ({ queued: p.queue.length, inFlight: p.queue.inFlight, ...p.queue.stats }));
    }
    case 'fallback':
      return built(fallbackPolicy(config));
    case 'hedge': {
      const p = hedgePolicy(config, env);
      return built(p, () => ({ ...p.stats }));
    }
    case 'custom':
      return built(customPolicy(config, env, custom));
  }
}

/** One strategy as a policy. */
export function buildPolicy(config: StrategyConfig, env: StrategyEnv, custom?: CustomStrategies): Policy {
  return buildLayer(config, env, custom).policy;
}

/** Every layer of a call path, outermost first, each with its `inspect()`. */
export function buildLayers(configs: readonly StrategyConfig[], env: StrategyEnv, custom?: CustomStrategies): BuiltStrategy[] {
  return configs.map((c) => buildLayer(c, env, custom));
}

/** A whole call path (outermost first) as one policy: `[bulkhead, circuit-breaker, retry, timeout]`. */
export function buildStack(configs: readonly StrategyConfig[], env: StrategyEnv, custom?: CustomStrategies): Policy {
  return compose(...buildLayers(configs, env, custom).map((l) => l.policy));
}
