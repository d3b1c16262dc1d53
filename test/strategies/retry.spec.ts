import { describe, expect, it } from 'vitest';
import { RetryBudget, retryBudgetSchema } from '../../sim/strategies/retry-budget.js';
import { retryPolicy, retrySchema } from '../../sim/strategies/retry.js';
import { err, ok, scripted, start, TestEnv } from './harness.js';

const retry = (env: TestEnv, over: Record<string, unknown> = {}) => retryPolicy(retrySchema.parse({ type: 'retry', ...over }), env);

describe('retry', () => {
  it('makes maxAttempts attempts in all (3 by default) with the wait between them', () => {
    const env = new TestEnv();
    const s = scripted(env, [{ latencyUs: 10_000, outcome: err() }]);
    const got = start(env, retry(env)(s.call));
    env.runAll();
    expect(s.startsUs).toEqual([0, 510_000, 1_020_000]);
    expect(got.outcomes).toEqual([err()]);
    expect(got.atUs).toEqual([1_030_000]);
  });

  it('stops at the first success', () => {
    const env = new TestEnv();
    const s = scripted(env, [
      { latencyUs: 10_000, outcome: err() },
      { latencyUs: 10_000, outcome: ok('yes') },
    ]);
    const got = start(env, retry(env, { maxAttempts: 5 })(s.call));
    env.runAll();
    expect(got.outcomes).toEqual([ok('yes')]);
    expect(s.startsUs).toHaveLength(2);
  });

  it('does not retry a non-retryable error or a local rejection', () => {
    for (const outcome of [err(false), { kind: 'rejected' as const, by: 'circuit-breaker' }]) {
      const env = new TestEnv();
      const s = scripted(env, [{ latencyUs: 1, outcome }]);
      start(env, retry(env)(s.call));
      env.runAll();
      expect(s.startsUs).toHaveLength(1);
    }
  });

  it('retries timeouts unless retryOnTimeout is false', () => {
    for (const [retryOnTimeout, attempts] of [
      [true, 3],
      [false, 1],
    ] as const) {
      const env = new TestEnv();
      const s = scripted(env, [{ latencyUs: 1, outcome: { kind: 'timeout' } }]);
      start(env, retry(env, { retryOnTimeout })(s.call));
      env.runAll();
      expect(s.startsUs).toHaveLength(attempts);
    }
  });

  it('the retry budget caps retries at percentCanRetry of calls', () => {
    const env = new TestEnv();
    const policy = retry(env, { maxAttempts: 5, retryBudget: { percentCanRetry: 0.2, minRetriesPerSec: 0 } });
    const s = scripted(env, [{ latencyUs: 1_000, outcome: err() }]);
    for (let i = 0; i < 100; i++) start(env, policy(s.call));
    env.runAll();
    expect(policy.stats.retries).toBe(20);
    expect(s.startsUs).toHaveLength(120); // without the budget: 500
    expect(policy.stats.budgetDenied).toBe(100);
  });
});

describe('RetryBudget (Finagle)', () => {
  it("has Finagle's defaults: a reserve of minRetriesPerSec × ttl", () => {
    const b = new RetryBudget(retryBudgetSchema.parse({}));
    expect(b.balance(0)).toBe(100);
  });

  it('deposits and withdrawals expire after ttl', () => {
    const b = new RetryBudget(retryBudgetSchema.parse({ percentCanRetry: 0.1, minRetriesPerSec: 0, ttl: '10s' }));
    for (let i = 0; i < 10; i++) b.deposit(0);
    expect(b.tryWithdraw(0)).toBe(true);
    expect(b.tryWithdraw(0)).toBe(false);
    for (let i = 0; i < 20; i++) b.deposit(5_000_000);
    expect(b.tryWithdraw(5_000_000)).toBe(true); // 30 deposits · 0.1 - 1 = 2 left
    expect(b.balance(5_000_000)).toBeCloseTo(1, 9);
    // at 12s the t=0 slot has expired (deposits 10 and the first withdrawal)
    expect(b.balance(12_000_000)).toBeCloseTo(1, 9);
    expect(b.balance(16_000_000)).toBeCloseTo(0, 9);
  });
});
