import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../bin/load.js';
import { simulate } from '../../bin/simulate.js';
import { runHtmlInput, runHtmlPage } from '../../bin/visual-reports.js';
import { renderRunHtml } from '../../reports/html/run.js';

// `faultline run --format html` lets the first run go before the traced replay (one run's heap
// at a time, issue 16): the page must be the very page built from a run kept alongside.
describe('the run page, one run at a time', () => {
  for (const name of ['split-brain', 'pg-timeout-cascade']) {
    it(`${name} naive: the same page, verdict and lead-up as from a kept run`, async () => {
      const file = `scenarios/${name}.yaml`;
      const { scenario } = await loadScenario(file);
      const sim = { file, variant: 'naive', seed: 1 };
      const kept = simulate(scenario, sim);
      const input = runHtmlInput(scenario, sim, kept, 'run');
      const page = runHtmlPage(scenario, sim);
      expect(kept.verdict).toBe('fail');
      expect(input.context.length).toBeGreaterThan(0);
      expect(page.verdict).toBe(kept.verdict);
      expect(page.events).toBe(kept.events);
      expect(page.html).toBe(renderRunHtml(input));
    });
  }
});
