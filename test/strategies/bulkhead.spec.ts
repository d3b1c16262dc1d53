import { describe, expect, it } from 'vitest';
import { bulkheadPolicy, bulkheadSchema } from '../../sim/strategies/bulkhead.js';
import { ok, scripted, start, TestEnv } from './harness.js';

const bulkhead = (env: TestEnv, over: Record<string, unknown>) => bulkheadPolicy(bulkheadSchema.parse({ type: 'bulkhead', ...over }), env);
const REJECTED = { kind: 'rejected', by: 'bulkhead' };

describe('bulkhead (resilience4j SemaphoreBulkhead)', () => {
  it("has resilience4j's defaults", () => {
    const c = bulkheadSchema.parse({ type: 'bulkhead' });
    expect([c.maxConcurrentCalls, c.maxWaitDuration]).toEqual([25, 0]);
  });

  it('rejects at once past maxConcurrentCalls when maxWaitDuration is 0, and admits again after a release', () => {
    const env = new TestEnv();
    const p = bulkhead(env, { maxConcurrentCalls: 2 });
    const s = scripted(env, [{ latencyUs: 100, outcome: ok(1) }]);
    const a = start(env, p(s.call));
    start(env, p(s.call));
    const third = start(env, p(s.call));
    expect(third.outcomes).toEqual([REJECTED]);
    expect(s.startsUs).toEqual([0, 0]);
    env.runAll();
    expect(a.outcomes).toEqual([ok(1)]);
    start(env, p(s.call));
    expect(s.startsUs).toEqual([0, 0, 100]);
    expect(p.bulkhead.rejectedCalls).toBe(1);
  });

  it('a waiting call starts when a permit frees, in FIFO order, and the queue is bounded', () => {
    const env = new TestEnv();
    const p = bulkhead(env, { maxConcurrentCalls: 1, maxWaitDuration: '100ms', queueCapacity: 1 });
    const s = scripted(env, [{ latencyUs: 50_000, outcome: ok(1) }]);
    start(env, p(s.call));
    const waiter = start(env, p(s.call));
    const overflow = start(env, p(s.call));
    expect(overflow.outcomes).toEqual([REJECTED]);
    env.runAll();
    expect(s.startsUs).toEqual([0, 50_000]);
    expect(waiter.atUs).toEqual([100_000]);
    expect(env.pendingTimers).toBe(0);
  });

  it('a call that waits maxWaitDuration without a permit is rejected at exactly that time', () => {
    const env = new TestEnv();
    const p = bulkhead(env, { maxConcurrentCalls: 1, maxWaitDuration: '100ms' });
    const s = scripted(env, [{ latencyUs: 500_000, outcome: ok(1) }]);
    start(env, p(s.call));
    const waiter = start(env, p(s.call));
    env.runAll();
    expect(waiter.outcomes).toEqual([REJECTED]);
    expect(waiter.atUs).toEqual([100_000]);
    expect(s.startsUs).toEqual([0]);
    expect(p.bulkhead.waitingCalls).toBe(0);
  });
});
