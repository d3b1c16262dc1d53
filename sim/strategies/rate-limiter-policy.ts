/**
 * The rate-limiter strategy: picks an algorithm from rate-limit-algorithms.ts. Option names follow
 * resilience4j's RateLimiter (limitForPeriod 50 per limitRefreshPeriod); a refused request is
 * rejected at once (resilience4j with timeoutDuration 0) except that the leaky bucket delays.
 */
import { z } from 'zod';
import { seconds } from '../kernel/time.js';
import { positiveDuration } from '../units/human-units.js';
import { rejected, type Call, type Policy } from './call.js';
import type { StrategyEnv } from './env.js';
import {
  FixedWindowLimiter,
  LeakyBucketLimiter,
  SlidingCounterLimiter,
  SlidingLogLimiter,
  TokenBucketLimiter,
  type RateLimiter,
} from './rate-limit-algorithms.js';

export const rateLimiterSchema = z.strictObject({
  type: z.literal('rate-limiter'),
  algorithm: z.enum(['fixed-window', 'sliding-log', 'sliding-counter', 'token-bucket', 'leaky-bucket']).default('fixed-window'),
  limitForPeriod: z.number().int().min(1).max(1_000_000).default(50),
  /** resilience4j's default is 500ns, below our microsecond clock: ours is 1s. */
  limitRefreshPeriod: positiveDuration.default(seconds(1)),
  /** Token bucket size / leaky bucket queue length; defaults to limitForPeriod. */
  burst: z.number().int().min(1).max(1_000_000).optional(),
});
export type RateLimiterConfig = z.output<typeof rateLimiterSchema>;

export function createRateLimiter(config: RateLimiterConfig): RateLimiter {
  const { limitForPeriod: limit, limitRefreshPeriod: period, burst } = config;
  switch (config.algorithm) {
    case 'fixed-window':
      return new FixedWindowLimiter(limit, period);
    case 'sliding-log':
      return new SlidingLogLimiter(limit, period);
    case 'sliding-counter':
      return new SlidingCounterLimiter(limit, period);
    case 'token-bucket':
      return new TokenBucketLimiter(limit, period, burst ?? limit);
    case 'leaky-bucket':
      return new LeakyBucketLimiter(limit, period, burst ?? limit);
  }
}

export function rateLimiterPolicy(
  config: RateLimiterConfig,
  env: StrategyEnv,
  limiter = createRateLimiter(config),
): Policy & { readonly limiter: RateLimiter } {
  const policy: Policy =
    <T>(call: Call<T>): Call<T> =>
    (done, cancel) => {
      if (!limiter.tryAcquire(env.now())) return done(rejected('rate-limiter'));
      const delayUs = limiter.lastDelayUs ?? 0;
      if (delayUs === 0) call(done, cancel);
      else env.after(delayUs, () => call(done, cancel));
    };
  return Object.assign(policy, { limiter });
}
