import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { bundledFiles, loadBundled } from './bundled.js';

/**
 * Every bundled scenario declares, per variant, which checks must pass and which must fail.
 * This holds them to it on several seeds, and requires every variant to declare its verdicts
 * and every scenario to have a failing naive variant and a passing one.
 */
const SEEDS = [1, 2, 3, 4, 5];

describe.each(bundledFiles())('%s', (file) => {
  const scenario = loadBundled(file);

  it('has a naive variant that fails and a robust variant that passes everything', () => {
    const expects = Object.entries(scenario.variants).map(([name, v]) => ({ name, expect: v.expect ?? {} }));
    expect(expects.map((e) => e.name)).toContain('naive');
    expect(Object.values(expects.find((e) => e.name === 'naive')!.expect)).toContain('fail');
    expect(expects.some((e) => Object.keys(e.expect).length > 0 && Object.values(e.expect).every((v) => v === 'pass'))).toBe(true);
  });

  for (const [variant, v] of Object.entries(scenario.variants)) {
    it(`${variant}: every check has its expected verdict on seeds ${SEEDS.join(', ')}`, () => {
      expect(v.expect, `variant ${variant} declares no expected verdicts`).toBeDefined();
      for (const seed of SEEDS) {
        const run = runScenario(scenario, { variant, seed });
        expect(run.stopReason, `seed ${seed}`).not.toBe('event-budget');
        expect(run.endUs, `seed ${seed}`).toBe(scenario.duration);
        const got = Object.fromEntries(run.checks.map((c) => [c.name, c.ok ? 'pass' : 'fail']));
        expect(got, `seed ${seed}: ${run.checks.map((c) => `${c.name}: ${c.detail}`).join(' | ')}`).toEqual(v.expect);
      }
    });
  }
});
