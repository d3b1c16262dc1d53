/**
 * Retry, after resilience4j's Retry (maxAttempts 3 counting the first call, waitDuration
 * 500ms) with Brooker's jitter and an optional Finagle-style retry budget. By default retries only
 * what may succeed next time: retryable errors, and timeouts unless `retryOnTimeout: false`;
 * `retryOn` lists the outcomes to retry instead (`[timeout, 429, 5xx]`). An error's
 * `retryAfterUs` hint (HTTP Retry-After, gRPC pushback) makes the wait before the retry at least
 * that long.
 */
import { z } from 'zod';
import { MAX_DURATION_US } from '../units/human-units.js';
import { once, type Call, type Outcome, type Policy } from './call.js';
import { Backoff, backoffFields } from './backoff.js';
import type { StrategyEnv } from './env.js';
import { RetryBudget, retryBudgetSchema } from './retry-budget.js';

const RETRY_ON_HINT = "expected an outcome to retry: timeout, rejected, retryable, a status code like 429 or '503', or a class like 5xx";

/**
 * One entry of `retryOn`: `timeout`, `rejected` (a local policy refused), `retryable` (an error
 * the server marked retryable), a status code (429: an error whose text starts with those three
 * digits) or a class of them (5xx: an error whose leading code is 500–599).
 */
const retryOnEntry = z.union([z.string(), z.number()], { error: RETRY_ON_HINT }).transform((raw, ctx): string => {
  const text = String(raw).trim();
  if (text === 'timeout' || text === 'rejected' || text === 'retryable') return text;
  if (/^[1-5]\d\d$/.test(text) || /^[1-5]xx$/.test(text)) return text;
  ctx.addIssue({ code: 'custom', message: `${RETRY_ON_HINT}, found ${JSON.stringify(raw)}`, input: raw });
  return z.NEVER;
});

export const retrySchema = z
  .strictObject({
    type: z.literal('retry'),
    /** Attempts in all, the first one included (resilience4j semantics). */
    maxAttempts: z.number().int().min(1).max(1000).default(3),
    ...backoffFields,
    /** A timeout leaves the outcome unknown: retrying it can run the work twice. Default true. */
    retryOnTimeout: z.boolean().optional(),
    /** Retry when an inner policy (breaker, bulkhead) refused locally. Default false. */
    retryOnRejected: z.boolean().optional(),
    /**
     * The outcomes to retry, replacing the default rule (retryable errors, timeouts): e.g.
     * `[timeout, 429, 503]` or `[5xx]`. Anything it does not list is not retried.
     */
    retryOn: z.array(retryOnEntry).min(1).max(100).optional(),
    /** Wait at least an error's `retryAfterUs` hint before retrying it. */
    honourRetryAfter: z.boolean().default(true),
    retryBudget: retryBudgetSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.retryOn === undefined) return;
    for (const field of ['retryOnTimeout', 'retryOnRejected'] as const) {
      if (c[field] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `\`retryOn\` lists every outcome to retry: leave out \`${field}\` and write \`${field === 'retryOnTimeout' ? 'timeout' : 'rejected'}\` in \`retryOn\` (or not)`,
        });
    }
  });
export type RetryConfig = z.output<typeof retrySchema>;

/** The leading status code of an error text (`503 overloaded` → 503), if it has one. */
export function statusOf(error: string): number | undefined {
  const m = /^\s*([1-5]\d\d)(?!\d)/.exec(error);
  return m ? Number(m[1]) : undefined;
}

/** Whether this outcome is worth another attempt under `config`. */
export function shouldRetry(config: RetryConfig, o: Outcome): boolean {
  if (o.kind === 'ok') return false;
  const on = config.retryOn;
  if (on === undefined) {
    switch (o.kind) {
      case 'error':
        return o.retryable;
      case 'timeout':
        return config.retryOnTimeout ?? true;
      case 'rejected':
        return config.retryOnRejected ?? false;
    }
  }
  if (o.kind !== 'error') return on.includes(o.kind);
  if (o.retryable && on.includes('retryable')) return true;
  const status = statusOf(o.error);
  return status !== undefined && (on.includes(String(status)) || on.includes(`${Math.floor(status / 100)}xx`));
}

/** The wait an error asks for before a retry, in whole µs (at most a year); 0 when it asks none. */
export function retryAfterOf(o: Outcome): number {
  if (o.kind !== 'error' || typeof o.retryAfterUs !== 'number' || !(o.retryAfterUs > 0)) return 0;
  return Math.min(Math.round(o.retryAfterUs), MAX_DURATION_US);
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
          // The backoff draws its wait whatever the hint, so a hint shifts no later draw.
          const wait = backoff.next();
          const timer = env.after(config.honourRetryAfter ? Math.max(wait, retryAfterOf(o)) : wait, () => {
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
