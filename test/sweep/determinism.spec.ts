import { describe, expect, it } from 'vitest';
import { compareReruns, determinismJobs, withDeepDigests } from '../../sim/sweep/determinism.js';
import { planJobs } from '../../sim/sweep/plan.js';
import type { SeedOutcome } from '../../sim/sweep/types.js';

const outcome = (seed: number, digest: string, deepDigest?: string): SeedOutcome => ({
  variant: 'v',
  seed,
  digest,
  checks: [],
  ...(deepDigest === undefined ? {} : { deepDigest }),
});

describe('--check-determinism', () => {
  it('chooses the same runs whatever the order, and marks them to compute the deep digest', () => {
    const jobs = planJobs([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ['v']);
    const chosen = determinismJobs(withDeepDigests(jobs, 0.5));
    expect(chosen.length).toBeGreaterThan(0);
    expect(chosen.length).toBeLessThan(10);
    expect(chosen.every((j) => j.deep === true)).toBe(true);
    expect(
      determinismJobs(withDeepDigests([...jobs].reverse(), 0.5))
        .map((j) => j.seed)
        .sort(),
    ).toEqual(chosen.map((j) => j.seed).sort());
    expect(determinismJobs(withDeepDigests(jobs, undefined))).toEqual([]);
  });

  it('a re-run with the same trace digest but another deep digest is a mismatch', () => {
    const r = compareReruns([outcome(1, 'aaaa', 'deep-1'), outcome(2, 'bbbb', 'deep-2')], [outcome(1, 'aaaa', 'deep-1'), outcome(2, 'bbbb', 'deep-X')]);
    expect(r).toEqual({ checked: 2, mismatches: [{ variant: 'v', seed: 2, digests: ['deep-2', 'deep-X'] }] });
  });
});
