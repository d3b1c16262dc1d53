/**
 * Retry, after resilience4j's Retry (maxAttempts 3 counting the first call, waitDuration
 * 500ms) with Brooker's jitter and an optional Finagle-style retry budget. Retries only what may
 * succeed next time: retryable errors, and timeouts unless `retryOnTimeout: false`.
 */
import { z } from 'zod';
import { once, type Call, type Outcome, type Policy } from './call.js';
import { Backoff, backoffFields } from './backoff.js';
import type { StrategyEnv } from './env.js';
import { RetryBudget, retryBudgetSchema } from './retry-budget.js';

export const retrySchema = z.strictObject({
  type: z.literal('retry'),
  /** Attempts in all, the first one included (resilience4j semantics). */
  maxAttempts: z.number().int().min(1).max(1000).default(3),
  ...backoffFields,
  /** A timeout leaves the outcome unknown: retrying it can run the work twice. */
  retryOnTimeout: z.boolean().default(true),
  /** Retry when an inner policy (breaker, bulkhead) refused locally. */
  retryOnRejected: z.boolean().default(false),
  retryBudget: retryBudgetSchema.optional(),
});
export type RetryConfig = z.output<typeof retrySchema>;

/** Whether this outcome is worth another attempt under `config`. */
export function shouldRetry(config: RetryConfig, o: Outcome): boolean {
  switch (o.kind) {
    case 'ok':
      return false;
    case 'error':
      return o.retryable;
    case 'timeout':
      return config.retryOnTimeout;
    case 'rejected':
      return config.retryOnRejected;
  }
}

export interface RetryStats {
  calls: number;
  retries: number;
  /** Retries the budget refused. */
  budgetDenied: number;
}

export function retryPolicy(config: RetryConfig, env: StrategyEnv): Policy & { readonly stats: RetryStats } {
  const budget = config.retryBudget === undefined ? undefined : new RetryBudget(config.retryBudget);
  const stats: RetryStats = { calls: 0, retries: 0, budgetDenied: 0 };
  const policy: Policy =
    <T>(call: Call<T>): Call<T> =>
    (done, cancel) => {
      const guard = once(done);
      const backoff = new Backoff(config, env.random);
      let attempt = 0;
      stats.calls++;
      budget?.deposit(env.now());
      const run = (): void => {
        attempt++;
        // Each attempt answers once: a buggy inner call cannot schedule two retries.
        const answer = once<T>((o) => {
          if (attempt >= config.maxAttempts || !shouldRetry(config, o)) return void guard.settle(o);
          if (cancel?.cancelled) return; // the caller gave up: no more attempts
          if (budget !== undefined && !budget.tryWithdraw(env.now())) {
            stats.budgetDenied++;
            return void guard.settle(o);
          }
          stats.retries++;
          const timer = env.after(backoff.next(), () => {
            if (!cancel?.cancelled) run();
          });
          cancel?.onCancel(() => env.cancelTimer(timer));
        });
        call(answer.settle, cancel);
      };
      run();
    };
  return Object.assign(policy, { stats });
}
