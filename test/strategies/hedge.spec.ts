import { describe, expect, it } from 'vitest';
import { hedgePolicy, hedgeSchema } from '../../sim/strategies/hedge.js';
import { err, ok, scripted, start, TestEnv } from './harness.js';

const hedge = (env: TestEnv, over: Record<string, unknown> = {}) => hedgePolicy(hedgeSchema.parse({ type: 'hedge', ...over }), env);

describe('hedge', () => {
  it("has Polly's defaults", () => {
    const c = hedgeSchema.parse({ type: 'hedge' });
    expect([c.maxHedgedAttempts, c.delay]).toEqual([1, 2_000_000]);
  });

  it('starts a second attempt after the delay; the first answer wins, the loser is ignored', () => {
    const env = new TestEnv();
    const s = scripted(env, [
      { latencyUs: 300_000, outcome: ok('slow') },
      { latencyUs: 50_000, outcome: ok('fast') },
    ]);
    const got = start(env, hedge(env, { delay: '100ms' })(s.call));
    env.runAll();
    expect(s.startsUs).toEqual([0, 100_000]);
    expect(got.outcomes).toEqual([ok('fast')]);
    expect(got.atUs).toEqual([150_000]);
  });

  it('does not hedge when the first answer comes before the delay, and cancels its timer', () => {
    const env = new TestEnv();
    const s = scripted(env, [{ latencyUs: 99_999, outcome: ok('v') }]);
    const got = start(env, hedge(env, { delay: '100ms' })(s.call));
    env.advanceTo(99_999);
    expect(got.outcomes).toEqual([ok('v')]);
    expect(env.pendingTimers).toBe(0);
    expect(s.startsUs).toEqual([0]);
  });

  it('a failed attempt starts the next hedge at once; if all fail the last failure answers', () => {
    const env = new TestEnv();
    const s = scripted(env, [{ latencyUs: 20_000, outcome: err() }]);
    const p = hedge(env, { delay: '100ms', maxHedgedAttempts: 2 });
    const got = start(env, p(s.call));
    env.runAll();
    expect(s.startsUs).toEqual([0, 20_000, 40_000]);
    expect(got.outcomes).toEqual([err()]);
    expect(got.atUs).toEqual([60_000]);
    expect(p.stats.hedges).toBe(2);
  });
});
