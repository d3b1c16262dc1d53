import { describe, expect, it } from 'vitest';
import { compose } from '../../sim/strategies/compose.js';
import { retryPolicy, retrySchema } from '../../sim/strategies/retry.js';
import { timeoutPolicy, timeoutSchema } from '../../sim/strategies/timeout.js';
import { ok, scripted, start, TestEnv } from './harness.js';

const timeout = (env: TestEnv, t: string) => timeoutPolicy(timeoutSchema.parse({ type: 'timeout', timeout: t }), env);

describe('timeout', () => {
  it("defaults to resilience4j's 1s and parses units", () => {
    expect(timeoutSchema.parse({ type: 'timeout' }).timeout).toBe(1_000_000);
    expect(timeoutSchema.parse({ type: 'timeout', timeout: '2s' }).timeout).toBe(2_000_000);
    expect(() => timeoutSchema.parse({ type: 'timeout', timeout: '0s' })).toThrow();
    expect(() => timeoutSchema.parse({ type: 'timeout', timeout: 2 })).toThrow();
  });

  it('gives up at exactly the timeout and ignores the late answer', () => {
    const env = new TestEnv();
    const s = scripted(env, [{ latencyUs: 1_500_000, outcome: ok('late') }]);
    const got = start(env, timeout(env, '1s')(s.call));
    env.runAll();
    expect(got.outcomes).toEqual([{ kind: 'timeout' }]);
    expect(got.atUs).toEqual([1_000_000]);
  });

  it('an answer one microsecond early wins and cancels the timer', () => {
    const env = new TestEnv();
    const s = scripted(env, [{ latencyUs: 999_999, outcome: ok('v') }]);
    const got = start(env, timeout(env, '1s')(s.call));
    env.advanceTo(999_999);
    expect(got.outcomes).toEqual([{ kind: 'ok', value: 'v' }]);
    expect(env.pendingTimers).toBe(0);
  });

  it('an answer at the same instant as the timer loses: the timer was set first', () => {
    const env = new TestEnv();
    const s = scripted(env, [{ latencyUs: 1_000_000, outcome: ok('v') }]);
    const got = start(env, timeout(env, '1s')(s.call));
    env.runAll();
    expect(got.outcomes).toEqual([{ kind: 'timeout' }]);
  });

  it('inside a retry bounds each attempt; outside it bounds the whole call and stops the retries', () => {
    const env = new TestEnv();
    const s = scripted(env, [{ outcome: ok('never') }]); // never answers
    const retry = retryPolicy(retrySchema.parse({ type: 'retry', maxAttempts: 5, waitDuration: '10ms' }), env);
    const got = start(env, compose(timeout(env, '250ms'), retry, timeout(env, '100ms'))(s.call));
    env.runAll();
    expect(got.outcomes).toEqual([{ kind: 'timeout' }]);
    expect(got.atUs).toEqual([250_000]);
    // attempts at 0, 100+10, 210+10 ms; the fourth (330ms) is never started
    expect(s.startsUs).toEqual([0, 110_000, 220_000]);
    expect(env.pendingTimers).toBe(0);
  });
});
