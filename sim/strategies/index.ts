/**
 * The recovery strategy library: the one entry point for models, the scenario loader and tests.
 */
export type { Outcome, Call, Policy, Cancellation } from './call.js';
export { once, CancelSource } from './call.js';
export { compose, identity } from './compose.js';
export type { StrategyEnv } from './env.js';
export { envFromContext } from './env.js';

export { strategySchema, stackSchema, buildLayer, buildLayers, buildPolicy, buildStack } from './registry.js';
export type { StrategyConfig, StrategyInput, StrategyType, BuiltStrategy } from './registry.js';

export { timeoutSchema, timeoutPolicy, withTimeout } from './timeout.js';
export type { TimeoutConfig } from './timeout.js';
export { adaptiveTimeoutSchema, adaptiveTimeoutPolicy, RttEstimator } from './adaptive-timeout.js';
export type { AdaptiveTimeoutConfig } from './adaptive-timeout.js';
export { Backoff } from './backoff.js';
export type { BackoffConfig } from './backoff.js';
export { RetryBudget, retryBudgetSchema } from './retry-budget.js';
export type { RetryBudgetConfig } from './retry-budget.js';
export { retrySchema, retryPolicy, shouldRetry } from './retry.js';
export type { RetryConfig, RetryStats } from './retry.js';
export { circuitBreakerSchema, circuitBreakerPolicy, CircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreakerConfig, BreakerState, BreakerTransition, Permit } from './circuit-breaker.js';
export { bulkheadSchema, bulkheadPolicy, Bulkhead } from './bulkhead.js';
export type { BulkheadConfig } from './bulkhead.js';
export { FixedWindowLimiter, SlidingLogLimiter, SlidingCounterLimiter, TokenBucketLimiter, LeakyBucketLimiter } from './rate-limit-algorithms.js';
export type { RateLimiter } from './rate-limit-algorithms.js';
export { rateLimiterSchema, rateLimiterPolicy, createRateLimiter } from './rate-limiter-policy.js';
export type { RateLimiterConfig } from './rate-limiter-policy.js';
export { loadSheddingSchema, loadSheddingPolicy, WorkQueue } from './load-shedding.js';
export type { LoadSheddingConfig, WorkItem, OfferResult } from './load-shedding.js';
export { fallbackSchema, fallbackPolicy } from './fallback.js';
export type { FallbackConfig } from './fallback.js';
export { hedgeSchema, hedgePolicy } from './hedge.js';
export type { HedgeConfig } from './hedge.js';
export { customSchema, customModules } from './custom.js';
export type { CustomConfig, CustomStrategyFactory, CustomStrategies, LoadCustomStrategy } from './custom.js';

export { IdempotencyStore } from './idempotency.js';
export type { IdempotencyDecision } from './idempotency.js';
export { FencingTokenIssuer, FencingGuard } from './fencing.js';
export { leaseSchema, LeaseHolder, LeaseGrantor } from './lease.js';
export type { LeaseConfig, GrantResult } from './lease.js';
export { failureDetectorSchema, createFailureDetector, FixedTimeoutDetector, PhiAccrualDetector, phiOf } from './failure-detectors.js';
export type { FailureDetector, FailureDetectorConfig, PhiAccrualConfig } from './failure-detectors.js';
export { QuorumCollector, majority } from './quorum.js';
export type { QuorumResult } from './quorum.js';
