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

  it('retryOn lists what is retried: status codes, classes, timeouts; nothing else', () => {
    const e = (error: string, retryable = false) => ({ kind: 'error' as const, error, retryable });
    const cases: [unknown[], { kind: 'error'; error: string; retryable: boolean } | { kind: 'timeout' }, number][] = [
      [[429], e('429 too many requests'), 3],
      [['429'], e('429'), 3],
      [[429], e('4290 not a status'), 1],
      [[429], e('503 unavailable', true), 1], // retryable, but not listed
      [['5xx'], e('503 unavailable'), 3],
      [['5xx'], e('502'), 3],
      [['5xx'], e('409 conflict', true), 1],
      [['retryable'], e('409 conflict', true), 3],
      [['retryable'], e('409 conflict'), 1],
      [[503], { kind: 'timeout' }, 1],
      [['timeout', 503], { kind: 'timeout' }, 3],
      [[503], e('unavailable'), 1], // no leading code
    ];
    for (const [retryOn, outcome, attempts] of cases) {
      const env = new TestEnv();
      const s = scripted(env, [{ latencyUs: 1, outcome }]);
      start(env, retry(env, { retryOn })(s.call));
      env.runAll();
      expect(s.startsUs, `${JSON.stringify(retryOn)} on ${JSON.stringify(outcome)}`).toHaveLength(attempts);
    }
  });

  it('rejects retryOn entries it does not know and retryOn mixed with the flags it replaces', () => {
    for (const retryOn of [['5XX'], [600], ['oops'], []]) expect(retrySchema.safeParse({ type: 'retry', retryOn }).success).toBe(false);
    const r = retrySchema.safeParse({ type: 'retry', retryOn: [503], retryOnTimeout: true });
    expect(r.error?.issues[0]).toMatchObject({ path: ['retryOnTimeout'] });
    expect(r.error?.issues[0]?.message).toMatch(/write `timeout` in `retryOn`/);
  });

  it('waits at least the retryAfterUs hint of an answer, and the backoff when it is longer', () => {
    const hinted = (retryAfterUs: number) => ({ kind: 'error' as const, error: '429', retryable: true, retryAfterUs });
    const env = new TestEnv();
    const s = scripted(env, [
      { latencyUs: 1_000, outcome: hinted(2_000_000) },
      { latencyUs: 1_000, outcome: hinted(5_000) },
      { latencyUs: 1_000, outcome: ok('yes') },
    ]);
    const got = start(env, retry(env, { maxAttempts: 3, waitDuration: '100ms' })(s.call));
    env.runAll();
    // 1ms answer + the 2s hint; then 1ms + the 100ms backoff, longer than the 5ms hint.
    expect(s.startsUs).toEqual([0, 2_001_000, 2_102_000]);
    expect(got.outcomes).toEqual([ok('yes')]);

    const ignoring = new TestEnv();
    const s2 = scripted(ignoring, [{ latencyUs: 1_000, outcome: hinted(2_000_000) }]);
    start(ignoring, retry(ignoring, { maxAttempts: 2, waitDuration: '100ms', honourRetryAfter: false })(s2.call));
    ignoring.runAll();
    expect(s2.startsUs).toEqual([0, 101_000]);
  });

  it('a hint does not shift the jitter draws of later retries', () => {
    const waits = (hint: number) => {
      const env = new TestEnv(4);
      const s = scripted(env, [
        { latencyUs: 1, outcome: { kind: 'error', error: '503', retryable: true, retryAfterUs: hint } },
        { latencyUs: 1, outcome: err() },
      ]);
      start(env, retry(env, { maxAttempts: 4, waitDuration: '100ms', jitter: 'full' })(s.call));
      env.runAll();
      return s.startsUs.slice(1).map((t, i) => t - s.startsUs[i]!);
    };
    const [a, b] = [waits(0), waits(10_000_000)];
    expect(b[0]).toBe(10_000_001);
    expect(b.slice(1)).toEqual(a.slice(1));
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
