import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadBundled } from './bundled.js';

/** The most admit effects in any window [t, t + 1 s), counted straight from the effects. */
function busiestSecond(times: number[]): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 1_000_000).length));
}

describe('rate-limit-burst', () => {
  const scenario = loadBundled('rate-limit-burst.yaml');
  const admits = (variant: string, seed: number) =>
    runScenario(scenario, { variant, seed })
      .effects.filter((e) => e.kind === 'admit')
      .map((e) => e.time);

  it('naive (fixed window): all 10 requests are admitted within one second, 5 on each side of 1.000 s', () => {
    for (const seed of [1, 2, 3]) {
      const times = admits('naive', seed);
      expect(times).toHaveLength(10);
      expect(times[9]! - times[0]!).toBeLessThan(1_000_000);
      expect(times.filter((t) => t < 1_000_000)).toHaveLength(5);
      const run = runScenario(scenario, { variant: 'naive', seed });
      const check = run.checks.find((c) => c.name === 'at-most-5-per-second')!;
      expect(check.ok).toBe(false);
      expect(check.measured?.maxInWindow).toBe(10);
      expect(check.at).toBe(times[5]); // the sixth admission is the first over the limit
    }
  });

  it.each(['token-bucket', 'sliding-log', 'leaky-bucket'])('%s: at most 5 admitted in any second, and 5 are served', (variant) => {
    for (const seed of [1, 2, 3]) {
      const times = admits(variant, seed);
      expect(busiestSecond(times)).toBe(5);
      const run = runScenario(scenario, { variant, seed });
      expect(run.history.filter((h) => h.type === 'fail').every((h) => h.note?.startsWith('429'))).toBe(true);
    }
  });

  it('token bucket and sliding log admit the first 5 and refuse the 5 after the boundary', () => {
    for (const variant of ['token-bucket', 'sliding-log']) expect(admits(variant, 1).every((t) => t < 1_000_000)).toBe(true);
  });

  it('leaky bucket spaces what it admits 200 ms apart instead of refusing it', () => {
    const times = admits('leaky-bucket', 1);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual(Array(times.length - 1).fill(200_000));
  });

  it('sliding counter only estimates: it lets a sixth request through just after the boundary', () => {
    const times = admits('sliding-counter', 1);
    expect(times).toHaveLength(6);
    expect(busiestSecond(times)).toBe(6);
    expect(times[5]!).toBeGreaterThanOrEqual(1_000_000);
  });
});
