import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimiterPolicy, rateLimiterSchema } from '../../sim/strategies/rate-limiter-policy.js';
import {
  FixedWindowLimiter,
  LeakyBucketLimiter,
  SlidingCounterLimiter,
  SlidingLogLimiter,
  TokenBucketLimiter,
  type RateLimiter,
} from '../../sim/strategies/rate-limit-algorithms.js';
import { ok, scripted, start, TestEnv } from './harness.js';

const SECOND = 1_000_000;
const admitted = (l: RateLimiter, times: number[]) => times.filter((t) => l.tryAcquire(t)).length;
const burst = (at: number, n: number) => Array<number>(n).fill(at);

describe('rate limiters at a window boundary (10 per second)', () => {
  const boundary = [...burst(SECOND - 1, 10), ...burst(SECOND, 10)];

  it('a fixed window admits twice its limit within one microsecond', () => {
    expect(admitted(new FixedWindowLimiter(10, SECOND), boundary)).toBe(20);
  });

  it('a token bucket does not', () => {
    expect(admitted(new TokenBucketLimiter(10, SECOND), boundary)).toBe(10);
  });

  it('a sliding log does not', () => {
    expect(admitted(new SlidingLogLimiter(10, SECOND), boundary)).toBe(10);
  });

  it('a sliding counter weighs the previous window by its overlap', () => {
    const l = new SlidingCounterLimiter(10, SECOND);
    expect(admitted(l, boundary)).toBe(10);
    // at 1.5s the previous window counts for half: 10·0.5 = 5, so 5 more fit
    expect(admitted(l, burst(1.5 * SECOND, 10))).toBe(5);
  });
});

describe('sliding log', () => {
  it('never admits more than the limit in any window (t - period, t]', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 * SECOND }), { maxLength: 200 }), (raw) => {
        const times = raw.sort((a, b) => a - b);
        const l = new SlidingLogLimiter(5, SECOND);
        const ok = times.filter((t) => l.tryAcquire(t));
        for (const t of ok) expect(ok.filter((u) => u > t - SECOND && u <= t).length).toBeLessThanOrEqual(5);
      }),
    );
  });

  it('admits again once the oldest admission leaves the window', () => {
    const l = new SlidingLogLimiter(2, SECOND);
    expect([l.tryAcquire(0), l.tryAcquire(10), l.tryAcquire(999_999), l.tryAcquire(SECOND)]).toEqual([true, true, false, true]);
  });
});

describe('token bucket', () => {
  it('refills continuously at limit per period up to the burst', () => {
    const l = new TokenBucketLimiter(10, SECOND, 10);
    expect(admitted(l, burst(0, 12))).toBe(10);
    expect(l.tryAcquire(99_999)).toBe(false); // 0.99999 of a token
    expect(l.tryAcquire(100_000)).toBe(true);
    expect(admitted(l, burst(100 * SECOND, 30))).toBe(10); // never more than the burst
  });
});

describe('leaky bucket (as a queue)', () => {
  it('admits up to its capacity and releases them at a steady pace', () => {
    const l = new LeakyBucketLimiter(10, SECOND, 10);
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      expect(l.tryAcquire(0)).toBe(true);
      delays.push(l.lastDelayUs);
    }
    expect(delays).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => i * 100_000));
    expect(l.tryAcquire(0)).toBe(false);
    expect(l.tryAcquire(100_000)).toBe(true);
    expect(l.lastDelayUs).toBe(900_000);
  });
});

describe('rate limiter policy', () => {
  it("has resilience4j's limitForPeriod and rejects past the limit", () => {
    const c = rateLimiterSchema.parse({ type: 'rate-limiter' });
    expect([c.algorithm, c.limitForPeriod, c.limitRefreshPeriod]).toEqual(['fixed-window', 50, SECOND]);
    const env = new TestEnv();
    const p = rateLimiterPolicy(rateLimiterSchema.parse({ type: 'rate-limiter', limitForPeriod: 1 }), env);
    const s = scripted(env, [{ latencyUs: 1, outcome: ok(1) }]);
    start(env, p(s.call));
    expect(start(env, p(s.call)).outcomes).toEqual([{ kind: 'rejected', by: 'rate-limiter' }]);
  });

  it('with a leaky bucket, delays admitted calls to a steady pace', () => {
    const env = new TestEnv();
    const p = rateLimiterPolicy(rateLimiterSchema.parse({ type: 'rate-limiter', algorithm: 'leaky-bucket', limitForPeriod: 4 }), env);
    const s = scripted(env, [{ latencyUs: 1, outcome: ok(1) }]);
    for (let i = 0; i < 3; i++) start(env, p(s.call));
    env.runAll();
    expect(s.startsUs).toEqual([0, 250_000, 500_000]);
  });
});
