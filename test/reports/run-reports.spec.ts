import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../bin/load.js';
import { runTextInput } from '../../bin/run-reports.js';
import { simulate } from '../../bin/simulate.js';
import { firstViolation, renderRunText } from '../../reports/text.js';
import { violationContext } from '../../reports/violation.js';
import { ArrayTraceSink } from '../../sim/world/trace.js';

// `faultline run` (text) lets the first run go before replaying it for the lead-up (one run's
// heap at a time, bin/run-reports.ts): the report must be the one a run kept with its whole trace gives.
describe('the text report, one run at a time', () => {
  const cases = [
    ['canary-rollback', 'naive'],
    ['overload-spike', 'naive'],
    ['canary-rollback', 'canary-rollback'],
  ] as const;
  for (const [name, variant] of cases) {
    it(`${name} ${variant}: the report of a kept run and its whole trace`, async () => {
      const file = `scenarios/${name}.yaml`;
      const { scenario } = await loadScenario(file);
      const sim = { file, variant, seed: 1 };
      const trace = new ArrayTraceSink();
      const kept = simulate(scenario, { ...sim, trace });
      const first = firstViolation(kept.checks.filter((c) => !c.ok));
      const context = first?.at === undefined ? [] : violationContext(first, kept, trace.events);
      const input = runTextInput(scenario, sim);
      expect(input.context).toEqual(context);
      expect(renderRunText({ ...input, reproduce: 'r' })).toBe(renderRunText({ run: kept, context, reproduce: 'r' }));
      expect(context.length > 0).toBe(variant === 'naive');
    });
  }
});
