import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../sim/strategies/backoff.js';
import { retrySchema } from '../../sim/strategies/retry.js';
import { RandomStreams } from '../../sim/kernel/random.js';

const cfg = (over: Record<string, unknown>) => retrySchema.parse({ type: 'retry', ...over });
const rng = (seed: number) => new RandomStreams(seed).stream('node:test');
const waits = (b: Backoff, n: number) => Array.from({ length: n }, () => b.next());

describe('backoff without jitter', () => {
  it("constant waits resilience4j's 500ms", () => {
    expect(waits(new Backoff(cfg({}), rng(1)), 3)).toEqual([500_000, 500_000, 500_000]);
  });

  it('linear grows by the base each retry', () => {
    expect(waits(new Backoff(cfg({ backoff: 'linear', waitDuration: '100ms' }), rng(1)), 3)).toEqual([100_000, 200_000, 300_000]);
  });

  it('exponential multiplies and stops at the cap', () => {
    const b = new Backoff(cfg({ backoff: 'exponential', waitDuration: '100ms', exponentialBackoffMultiplier: 2, exponentialMaxWaitDuration: '1s' }), rng(1));
    expect(waits(b, 6)).toEqual([100_000, 200_000, 400_000, 800_000, 1_000_000, 1_000_000]);
  });

  it("exponential uses resilience4j's 1.5 multiplier by default", () => {
    expect(waits(new Backoff(cfg({ backoff: 'exponential', waitDuration: '100ms' }), rng(1)), 3)).toEqual([100_000, 150_000, 225_000]);
  });
});

describe('jitter (Brooker, "Exponential Backoff and Jitter")', () => {
  const exp = { backoff: 'exponential', waitDuration: '100ms', exponentialBackoffMultiplier: 2, exponentialMaxWaitDuration: '2s' };
  const unjittered = [100_000, 200_000, 400_000, 800_000, 1_600_000, 2_000_000, 2_000_000];

  it('full jitter draws integers in [0, base·2^n] and does vary', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const got = waits(new Backoff(cfg({ ...exp, jitter: 'full' }), rng(seed)), unjittered.length);
        got.forEach((w, i) => {
          expect(Number.isInteger(w)).toBe(true);
          expect(w).toBeGreaterThanOrEqual(0);
          expect(w).toBeLessThanOrEqual(unjittered[i]!);
        });
      }),
    );
    const firsts = new Set(Array.from({ length: 50 }, (_, s) => new Backoff(cfg({ ...exp, jitter: 'full' }), rng(s)).next()));
    expect(firsts.size).toBeGreaterThan(40);
  });

  it('equal jitter keeps at least half of the wait', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        const got = waits(new Backoff(cfg({ ...exp, jitter: 'equal' }), rng(seed)), unjittered.length);
        got.forEach((w, i) => {
          expect(w).toBeGreaterThanOrEqual(unjittered[i]! / 2);
          expect(w).toBeLessThanOrEqual(unjittered[i]!);
        });
      }),
    );
  });

  it('decorrelated jitter stays in [base, min(cap, 3·previous)]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 40 }), (seed, n) => {
        const got = waits(new Backoff(cfg({ waitDuration: '100ms', exponentialMaxWaitDuration: '5s', jitter: 'decorrelated' }), rng(seed)), n);
        let previous = 100_000;
        for (const w of got) {
          expect(Number.isInteger(w)).toBe(true);
          expect(w).toBeGreaterThanOrEqual(100_000);
          expect(w).toBeLessThanOrEqual(Math.min(5_000_000, 3 * previous));
          previous = w;
        }
      }),
    );
  });

  it('is reproducible from the seed', () => {
    const run = () => waits(new Backoff(cfg({ ...exp, jitter: 'decorrelated' }), rng(7)), 5);
    expect(run()).toEqual(run());
  });
});
