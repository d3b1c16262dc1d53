import { describe, expect, it } from 'vitest';
import { CircuitBreaker, circuitBreakerPolicy, circuitBreakerSchema } from '../../sim/strategies/circuit-breaker.js';
import { err, ok, scripted, start, TestEnv } from './harness.js';

const config = (over: Record<string, unknown> = {}) => circuitBreakerSchema.parse({ type: 'circuit-breaker', ...over });
const small = { minimumNumberOfCalls: 10, slidingWindowSize: 10, waitDurationInOpenState: '10s', permittedNumberOfCallsInHalfOpenState: 3 };

/** Records n results through the state machine, 1ms apart, each lasting `durationUs`. */
function feed(env: TestEnv, b: CircuitBreaker, results: boolean[], durationUs = 1_000): void {
  for (const failed of results) {
    const permit = b.acquire();
    if (permit === undefined) throw new Error(`not permitted at ${env.nowUs} in ${b.state}`);
    env.advanceBy(durationUs);
    b.record(permit, failed, durationUs);
  }
}
const fails = (n: number) => Array<boolean>(n).fill(true);
const oks = (n: number) => Array<boolean>(n).fill(false);

describe('circuit breaker (resilience4j semantics)', () => {
  it("has resilience4j's defaults", () => {
    expect(config()).toEqual({
      type: 'circuit-breaker',
      failureRateThreshold: 50,
      slowCallRateThreshold: 100,
      slowCallDurationThreshold: 60_000_000,
      permittedNumberOfCallsInHalfOpenState: 10,
      slidingWindowType: 'COUNT_BASED',
      slidingWindowSize: 100,
      minimumNumberOfCalls: 100,
      waitDurationInOpenState: 60_000_000,
      automaticTransitionFromOpenToHalfOpenEnabled: false,
    });
  });

  it('stays closed below the minimum number of calls, opens at the minimum when the rate reaches the threshold', () => {
    const env = new TestEnv();
    const b = new CircuitBreaker(config(small), env);
    feed(env, b, [...oks(4), ...fails(5)]); // 9 calls, 5/9 failed: not judged yet
    expect(b.state).toBe('CLOSED');
    feed(env, b, fails(1)); // 10th call: 6/10 = 60% >= 50%
    expect(b.state).toBe('OPEN');
    expect(b.transitions).toEqual([{ atUs: 10_000, from: 'CLOSED', to: 'OPEN', failureRate: 60, slowCallRate: 0 }]);
  });

  it('opens at exactly the threshold and not below it', () => {
    const env = new TestEnv();
    const at = new CircuitBreaker(config(small), env);
    feed(env, at, [...oks(5), ...fails(5)]);
    expect(at.state).toBe('OPEN');
    const below = new CircuitBreaker(config(small), env);
    feed(env, below, [...oks(6), ...fails(4)]);
    expect(below.state).toBe('CLOSED');
  });

  it('a count window never needs more calls than it holds', () => {
    const env = new TestEnv();
    const b = new CircuitBreaker(config({ slidingWindowSize: 5 }), env); // minimumNumberOfCalls 100
    feed(env, b, fails(5));
    expect(b.state).toBe('OPEN');
  });

  it('rejects while open, then lets exactly the permitted calls through in half-open and closes', () => {
    const env = new TestEnv();
    const b = new CircuitBreaker(config(small), env);
    feed(env, b, fails(10)); // opens at t = 10ms
    env.advanceTo(10_000 + 9_999_999);
    expect(b.acquire()).toBeUndefined();
    env.advanceTo(10_000 + 10_000_000);
    const permits = [b.acquire(), b.acquire(), b.acquire()];
    expect(b.state).toBe('HALF_OPEN');
    expect(permits.every((p) => p !== undefined)).toBe(true);
    expect(b.acquire()).toBeUndefined(); // the 4th: over the permitted 3
    expect(b.notPermittedCalls).toBe(2);
    for (const p of permits) b.record(p!, false, 1_000);
    expect(b.state).toBe('CLOSED');
    expect(b.transitions.map((t) => [t.atUs, t.to])).toEqual([
      [10_000, 'OPEN'],
      [10_010_000, 'HALF_OPEN'],
      [10_010_000, 'CLOSED'],
    ]);
  });

  it('reopens from half-open when the trial calls fail at the threshold', () => {
    const env = new TestEnv();
    const b = new CircuitBreaker(config(small), env);
    feed(env, b, fails(10));
    env.advanceBy(10_000_000);
    feed(env, b, [false, true, true]); // 2/3 failed
    expect(b.state).toBe('OPEN');
  });

  it('counts calls slower than slowCallDurationThreshold (strictly) as slow', () => {
    const env = new TestEnv();
    const opts = { ...small, slowCallDurationThreshold: '1s', slowCallRateThreshold: 50 };
    const b = new CircuitBreaker(config(opts), env);
    feed(env, b, oks(10), 1_000_000); // exactly 1s: not slow
    expect(b.state).toBe('CLOSED');
    const slow = new CircuitBreaker(config(opts), env);
    feed(env, slow, oks(10), 1_000_001);
    expect(slow.state).toBe('OPEN');
    expect(slow.transitions[0]!.slowCallRate).toBe(100);
  });

  it('a time-based window forgets calls older than slidingWindowSize seconds', () => {
    const env = new TestEnv();
    const opts = { slidingWindowType: 'TIME_BASED', slidingWindowSize: 10, minimumNumberOfCalls: 4 };
    const spread = new CircuitBreaker(config(opts), env);
    for (const t of [0, 1_000_000, 2_000_000, 11_500_000]) {
      env.advanceTo(t);
      spread.record(spread.acquire()!, true, 1);
    }
    expect(spread.metrics().calls).toBe(2); // seconds 2..11 hold the calls at 2s and 11.5s
    expect(spread.state).toBe('CLOSED');
    const close = new CircuitBreaker(config(opts), env);
    for (let i = 0; i < 4; i++) {
      env.advanceBy(2_000_000);
      close.record(close.acquire()!, true, 1);
    }
    expect(close.state).toBe('OPEN');
  });

  it('moves to half-open by timer when automaticTransitionFromOpenToHalfOpenEnabled', () => {
    const env = new TestEnv();
    const b = new CircuitBreaker(config({ ...small, automaticTransitionFromOpenToHalfOpenEnabled: true }), env);
    feed(env, b, fails(10));
    env.advanceTo(10_009_999);
    expect(b.state).toBe('OPEN');
    env.advanceTo(10_010_000);
    expect(b.state).toBe('HALF_OPEN');
  });

  it('ignores results of calls permitted before the last transition', () => {
    const env = new TestEnv();
    const b = new CircuitBreaker(config(small), env);
    const early = b.acquire()!;
    feed(env, b, fails(10));
    env.advanceBy(10_000_000);
    b.acquire();
    b.record(early, false, 1); // from the CLOSED generation: not a half-open trial
    expect(b.state).toBe('HALF_OPEN');
  });
});

describe('circuit breaker policy', () => {
  it('answers rejected while open and records timeouts and errors as failures', () => {
    const env = new TestEnv();
    const policy = circuitBreakerPolicy(config({ ...small, minimumNumberOfCalls: 2, slidingWindowSize: 2 }), env);
    const s = scripted(env, [
      { latencyUs: 5, outcome: err() },
      { latencyUs: 5, outcome: { kind: 'timeout' } },
      { latencyUs: 5, outcome: ok(1) },
    ]);
    start(env, policy(s.call));
    start(env, policy(s.call));
    env.runAll();
    const got = start(env, policy(s.call));
    expect(got.outcomes).toEqual([{ kind: 'rejected', by: 'circuit-breaker' }]);
    expect(s.startsUs).toHaveLength(2);
    expect(policy.breaker.state).toBe('OPEN');
    expect(env.notes).toEqual(['5 circuit-breaker CLOSED -> OPEN']);
  });

  it('gives a half-open permit back when an inner policy rejects', () => {
    const env = new TestEnv();
    const policy = circuitBreakerPolicy(config({ ...small, permittedNumberOfCallsInHalfOpenState: 1 }), env);
    feed(env, policy.breaker, fails(10));
    env.advanceBy(10_000_000);
    const refused = scripted(env, [{ latencyUs: 0, outcome: { kind: 'rejected', by: 'bulkhead' } }]);
    start(env, policy(refused.call));
    env.runAll();
    const s = scripted(env, [{ latencyUs: 1, outcome: ok('v') }]);
    const got = start(env, policy(s.call));
    env.runAll();
    expect(got.outcomes).toEqual([ok('v')]);
    expect(policy.breaker.state).toBe('CLOSED');
  });
});
