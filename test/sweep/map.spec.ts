import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bisect, buildMap, mergeMaps, runMap, type BuiltMap } from '../../sim/index.js';
import { parseQuantity } from '../../sim/sweep/map/values.js';

const RETRY = 'scenarios/retry-storm.yaml';

function built(params: { path: string; values: string }[]): BuiltMap {
  const r = buildMap(readFileSync(RETRY, 'utf8'), RETRY, params);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.value;
}

describe('a map through the API', () => {
  // How long the backend stalls, for naive callers: a short pause passes, a long one does not.
  const m = built([{ path: 'faults[0].duration', values: '100ms,2s' }]);
  const result = runMap(m.scenario, m.axes, m.points, { seeds: [1, 2], variants: ['naive', 'backoff-budget'] });

  it('gives each point the share of seeds on which each check held, per variant', () => {
    const fraction = (point: number, variant: string) => result.points[point]!.cells.find((c) => c.variant === variant)!.passFraction['goodput-recovers'];
    expect(result.points.map((p) => p.values.map((v) => v.raw))).toEqual([['100ms'], ['2s']]);
    expect(fraction(0, 'naive')).toBe(1);
    expect(fraction(1, 'naive')).toBe(0);
    expect(fraction(1, 'backoff-budget')).toBe(1);
    expect(result.points[1]!.cells[0]!.runs.map((r) => [r.seed, r.failed])).toEqual([
      [1, ['goodput-recovers']],
      [2, ['goodput-recovers']],
    ]);
    expect(result.runsCompleted).toBe(8);
  });

  it('shards of point × seed pairs merge into the unsharded map', () => {
    const shards = [1, 2, 3].map((index) =>
      runMap(m.scenario, m.axes, m.points, { seeds: [1, 2], variants: ['naive', 'backoff-budget'], shard: { index, count: 3 } }),
    );
    expect(shards.map((s) => s.runsPlanned)).toEqual([4, 2, 2]);
    const merged = mergeMaps(shards);
    expect(merged.ok && { ...merged.result, runsPlanned: 8 }).toEqual(result);
    expect(mergeMaps([shards[0]!, shards[2]!])).toMatchObject({ ok: false, message: 'shard 2/3 missing: merge needs all 3' });
  });
});

describe('--find bisection', () => {
  // A synthetic monotone parameter: the pass fraction falls linearly from 1 at 0 to 0 at 1000,
  // so it crosses 50% at 500, and a value within the interval tells which side it is on.
  const fractionAt = (v: number) => Math.max(0, Math.min(1, 1 - v / 1000));
  it('narrows to an interval around the crossing, spending the runs it says', async () => {
    const asked: number[] = [];
    const r = await bisect({ from: parseQuantity(0), to: parseQuantity(1000), level: 0.5, steps: 6, variants: ['v'] }, async (probes) =>
      probes.map((p) => {
        asked.push(Number(p.raw));
        return { fraction: fractionAt(Number(p.raw)), runs: 10 };
      }),
    );
    const v = r.variants[0]!;
    expect(asked).toEqual([0, 1000, 500, 750, 625, 563, 532, 516]);
    expect(v.interval).toMatchObject({ holds: { raw: 500 }, breaks: { raw: 516 } });
    expect(v.interval!.holds.value).toBeLessThanOrEqual(500);
    expect(v.runs).toBe(80);
  });

  it('reports no crossing when both ends are on one side', async () => {
    const r = await bisect({ from: parseQuantity('1s'), to: parseQuantity('2s'), level: 0.5, steps: 6, variants: ['a', 'b'] }, async (probes) =>
      probes.map(() => ({ fraction: 1, runs: 3 })),
    );
    expect(r.variants.map((v) => [v.interval, v.runs])).toEqual([
      [null, 6],
      [null, 6],
    ]);
  });
});
