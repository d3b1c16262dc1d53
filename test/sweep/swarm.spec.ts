import { describe, expect, it } from 'vitest';
import { drawFaultPlan, faultSchema, parseScenario, scenarioForSeed } from '../../sim/index.js';
import { faultToInput } from '../../sim/sweep/regression.js';
import { load, range, swarmText } from './fixtures.js';

describe('swarm fault plans', () => {
  const scenario = load(swarmText());

  it('are the same for the same seed, every time', () => {
    for (const seed of range(1, 20)) expect(drawFaultPlan(scenario, seed)).toEqual(drawFaultPlan(scenario, seed));
  });

  it('differ across seeds, within the section’s bounds', () => {
    const plans = range(1, 50).map((seed) => drawFaultPlan(scenario, seed));
    expect(new Set(plans.map((p) => JSON.stringify(p))).size).toBe(50);
    for (const p of plans) {
      expect(p.length).toBeGreaterThanOrEqual(1);
      expect(p.length).toBeLessThanOrEqual(4);
      for (const f of p) {
        expect(['pause', 'partition-halves', 'loss', 'latency', 'crash', 'clock-step']).toContain(f.kind);
        expect(f.at).toBeLessThanOrEqual(15_000_000);
        if ('duration' in f && f.duration !== undefined) expect(f.duration).toBeLessThanOrEqual(8_000_000);
      }
      expect(p.map((f) => f.at)).toEqual([...p.map((f) => f.at)].sort((a, b) => a - b));
    }
  });

  it('are plain data that a scenario file can hold', () => {
    for (const seed of range(1, 30)) for (const f of drawFaultPlan(scenario, seed)) expect(faultSchema.parse(faultToInput(f))).toEqual(f);
  });

  it('do not shift the run’s own random streams: the scenario’s run draws from other streams', () => {
    const seeded = scenarioForSeed(scenario, 7, true);
    expect(seeded.faults).toEqual(drawFaultPlan(scenario, 7));
    expect(scenarioForSeed(scenario, 7, false).faults).toEqual(scenario.faults);
  });

  it('extend the scenario’s faults in extend mode', () => {
    const extended = load(swarmText().replace('  maxDuration: 8s\n', '  maxDuration: 8s\n  mode: extend\n'));
    expect(scenarioForSeed(extended, 3, true).faults).toEqual([...extended.faults, ...drawFaultPlan(extended, 3)]);
  });

  it('are checked when the file loads: units, bounds and node names', () => {
    const bad = parseScenario(swarmText().replace('faults: { min: 1, max: 4 }', 'faults: { min: 5, max: 4 }').replace('within: 15s', 'within: 15'), 'x.yaml');
    expect(bad.ok).toBe(false);
    const messages = bad.ok ? [] : bad.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^swarm\.faults: expected min to be at most max/),
        expect.stringMatching(/^swarm\.within: expected a duration with a unit/),
      ]),
    );
    const typo = parseScenario(swarmText().replace('worker-2]', 'worker-3]'), 'x.yaml');
    expect(typo.ok ? [] : typo.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      expect.stringMatching(/^swarm\.nodes\.3: no node named 'worker-3'; did you mean 'worker-1'\?/),
    ]);
  });
});
