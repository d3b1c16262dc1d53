import { describe, expect, it } from 'vitest';
import { adaptiveTimeoutPolicy, adaptiveTimeoutSchema, RttEstimator } from '../../sim/strategies/adaptive-timeout.js';
import { ok, scripted, start, TestEnv } from './harness.js';

const config = (over: Record<string, unknown> = {}) => adaptiveTimeoutSchema.parse({ type: 'adaptive-timeout', ...over });

describe('RttEstimator (RFC 6298)', () => {
  it('starts at 1s and keeps the 1s floor by default', () => {
    const e = new RttEstimator(config());
    expect(e.rtoUs).toBe(1_000_000);
    e.sample(100_000); // SRTT 100ms, RTTVAR 50ms, RTO 300ms -> raised to 1s
    expect(e.rtoUs).toBe(1_000_000);
  });

  it('follows the RFC formulas sample by sample', () => {
    const e = new RttEstimator(config({ minRto: '1us' }));
    e.sample(100_000);
    // 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4·RTTVAR
    expect([e.srttUs, e.rttvarUs, e.rtoUs]).toEqual([100_000, 50_000, 300_000]);
    e.sample(200_000);
    // 2.3: RTTVAR = 3/4·50 + 1/4·|100 - 200| = 62.5ms; SRTT = 7/8·100 + 1/8·200 = 112.5ms
    expect([e.srttUs, e.rttvarUs, e.rtoUs]).toEqual([112_500, 62_500, 362_500]);
  });

  it('converges to the round-trip time plus the clock granularity under a steady RTT', () => {
    const e = new RttEstimator(config({ minRto: '1us' }));
    for (let i = 0; i < 200; i++) e.sample(100_000);
    expect(e.srttUs).toBe(100_000);
    expect(e.rttvarUs!).toBeLessThan(1e-6);
    expect(e.rtoUs).toBe(100_001); // SRTT + max(G = 1us, 4·RTTVAR)
  });

  it('doubles on expiry up to the maximum (RFC 6298 5.5)', () => {
    const e = new RttEstimator(config());
    const seen: number[] = [];
    for (let i = 0; i < 7; i++) {
      e.expired();
      seen.push(e.rtoUs);
    }
    expect(seen).toEqual([2e6, 4e6, 8e6, 16e6, 32e6, 60e6, 60e6]);
  });
});

describe('adaptive timeout policy', () => {
  it('times out the next call at the learned RTO, and backs off after a timeout', () => {
    const env = new TestEnv();
    const policy = adaptiveTimeoutPolicy(config({ minRto: '1us' }), env);
    const fast = scripted(env, [{ latencyUs: 100_000, outcome: ok(1) }]);
    const silent = scripted(env, [{ outcome: ok(2) }]);
    start(env, policy(fast.call));
    env.runAll(); // t = 100ms, RTO now 300ms
    const second = start(env, policy(silent.call));
    env.runAll();
    expect(second.atUs).toEqual([100_000 + 300_000]);
    const third = start(env, policy(silent.call));
    env.runAll();
    expect(third.atUs).toEqual([400_000 + 600_000]);
  });
});
