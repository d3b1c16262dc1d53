import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawFaultPlan, parseScenario, regressionScenario, runScenario, shrinkFaults, sweep } from '../../sim/index.js';
import { load, range, SPLIT_BRAIN, swarmText } from './fixtures.js';

describe('shrinking a failing fault plan', () => {
  const text = swarmText();
  const scenario = load(text);
  // fencing is expected to pass; swarm plans break it on some seeds (a lease checked against a slow lock service).
  const result = sweep(scenario, { seeds: range(1, 60), variants: ['fencing'], swarm: true });
  const cell = result.variants[0]!.checks[0]!;
  const shrink = cell.shrink!;

  it('shrinks the smallest failing seed to a smaller plan that still fails the same check', () => {
    expect(cell.failed).toBeGreaterThan(0);
    expect(shrink.seed).toBe(cell.failures[0]!.seed);
    expect(shrink.reproduced).toBe(true);
    const original = drawFaultPlan(scenario, shrink.seed);
    expect(shrink.fromFaults).toBe(original.length);
    const weight = (fs: typeof original) => fs.length * 1e9 + fs.reduce((n, f) => n + ('duration' in f && f.duration ? f.duration : 0), 0);
    expect(weight(shrink.faults)).toBeLessThan(weight(original));
    expect(shrink.runs).toBeGreaterThan(1);
    expect(shrink.runs).toBeLessThanOrEqual(200);
    const again = runScenario({ ...scenario, faults: shrink.faults }, { variant: 'fencing', seed: shrink.seed });
    expect(again.checks.find((c) => c.name === 'no-stale-writes')!.ok).toBe(false);
    expect(again.traceDigest).toBe(shrink.digest);
  });

  it('is deterministic and bounded', () => {
    const o = { variant: 'fencing', seed: shrink.seed, check: 'no-stale-writes', faults: drawFaultPlan(scenario, shrink.seed) };
    expect(shrinkFaults(scenario, o)).toEqual(shrinkFaults(scenario, o));
    const bounded = shrinkFaults(scenario, { ...o, maxRuns: 3 });
    expect(bounded.runs).toBe(3);
    expect(bounded.exhausted).toBe(true);
  });

  it('writes a scenario file that loads and reproduces the failure with no flags', () => {
    const file = regressionScenario(text, {
      from: 'sb.yaml',
      variant: 'fencing',
      seed: shrink.seed,
      check: 'no-stale-writes',
      faults: shrink.faults,
      runs: shrink.runs,
    });
    const parsed = parseScenario(file, 'regression.yaml');
    if (!parsed.ok) throw new Error(parsed.issues[0]!.message);
    expect(parsed.scenario.swarm).toBeUndefined();
    expect(parsed.scenario.faults).toEqual(shrink.faults);
    expect(Object.keys(parsed.scenario.variants)).toEqual(['fencing']);
    const run = runScenario(parsed.scenario);
    expect(run.seed).toBe(shrink.seed);
    expect(run.verdict).toBe('fail');
    expect(run.traceDigest).toBe(shrink.digest);
  });

  it('shrinks a scenario’s own faults too: the naive split-brain needs a far shorter pause', () => {
    const naive = load(readFileSync(SPLIT_BRAIN, 'utf8'));
    const s = shrinkFaults(naive, { variant: 'naive', seed: 1, check: 'no-stale-writes', faults: naive.faults });
    expect(s.reproduced).toBe(true);
    expect(s.faults).toHaveLength(1);
    const pause = s.faults[0]!;
    expect(pause.kind === 'pause' && pause.duration).toBeLessThan(10_000_000);
  });

  it('says so when the failure does not happen again', () => {
    const s = shrinkFaults(scenario, { variant: 'fencing', seed: 1, check: 'no-stale-writes', faults: [] });
    expect(s).toMatchObject({ reproduced: false, runs: 1, faults: [] });
  });
});
