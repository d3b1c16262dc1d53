import { describe, expect, it } from 'vitest';
import { mergeSweeps, shardSeeds, sweep } from '../../sim/index.js';
import { load, range, swarmText } from './fixtures.js';

describe('shards', () => {
  it('K/N for K = 1..N partition the seeds, each about 1/N of them', () => {
    const seeds = range(1, 103);
    const shards = [1, 2, 3, 4].map((index) => shardSeeds(seeds, { index, count: 4 }));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(seeds);
    for (const s of shards) expect(s.length).toBeGreaterThanOrEqual(25);
    expect(shards[1]!.slice(0, 3)).toEqual([2, 6, 10]);
  });

  it('merged, equal the unsharded sweep: counts, listed failures, shrinking, digest', () => {
    const scenario = load(swarmText());
    const o = { seeds: range(1, 40), swarm: true, checkDeterminism: 0.25 };
    const whole = sweep(scenario, o);
    const parts = [3, 1, 2].map((index) => sweep(scenario, { ...o, shard: { index, count: 3 } }));
    const merged = mergeSweeps(parts);
    expect(merged).toEqual({ ok: true, result: whole });
    expect(whole.variants.some((v) => v.checks.some((c) => c.shrink !== undefined))).toBe(true);
  });

  it('refuses a missing shard, a repeated one and shards of different sweeps', () => {
    const scenario = load(swarmText());
    const part = (index: number, swarm = true) =>
      sweep(scenario, { seeds: range(1, 6), variants: ['fencing'], swarm, shard: { index, count: 3 }, shrink: 'none' });
    const missing = mergeSweeps([part(1), part(2)]);
    expect(missing).toEqual({ ok: false, message: 'shard 3/3 is missing: the files given are shards 1/3, 2/3, and merge needs all 3' });
    expect(mergeSweeps([part(1), part(1), part(3)])).toMatchObject({ ok: false, index: 1, message: 'shard 1/3 is given twice' });
    expect(mergeSweeps([part(1), part(2, false), part(3)])).toMatchObject({ ok: false, index: 1 });
  });

  it('refuses shards of different seed lists, overlapping or not', () => {
    const scenario = load(swarmText());
    const part = (last: number, index: number) => sweep(scenario, { seeds: range(1, last), variants: ['fencing'], shard: { index, count: 2 }, shrink: 'none' });
    const mixed = mergeSweeps([part(40, 1), part(10, 2)]);
    expect(mixed).toMatchObject({ ok: false });
    expect(mixed.ok ? '' : mixed.message).toMatch(/different (seed lists|--seeds)/);
    expect(mergeSweeps([part(8, 1), part(8, 2)]).ok).toBe(true);
  });
});

describe('--check-determinism', () => {
  it('re-runs the chosen share and finds every digest equal on a deterministic scenario', () => {
    const scenario = load(swarmText());
    const r = sweep(scenario, { seeds: range(1, 20), swarm: true, checkDeterminism: 1, shrink: 'none' });
    expect(r.determinism).toEqual({ share: 1, checked: 60, mismatches: [] });
    const some = sweep(scenario, { seeds: range(1, 200), variants: ['naive'], checkDeterminism: 0.05, shrink: 'none' });
    expect(some.determinism!.checked).toBeGreaterThan(2);
    expect(some.determinism!.checked).toBeLessThan(30);
  });
});
