import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parseScenario, type Scenario } from '../../sim/index.js';

/**
 * A scenario file the docs show (`docs/examples/...`): asserts that `doc` links it, as a reader
 * finds it, and returns it parsed (a file that does not load fails the test with its issues).
 */
export function documentedExample(file: string, doc = 'docs/scenario-format.md'): Scenario {
  expect(readFileSync(doc, 'utf8')).toContain(file.replace(/^docs\//, ''));
  const r = parseScenario(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(`${file} does not load: ${JSON.stringify(r.issues)}`);
  return r.scenario;
}
