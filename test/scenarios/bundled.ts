import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import type { ScenarioRun } from '../../sim/run/result.js';

export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export function bundledFiles(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export function loadBundled(file: string): Scenario {
  const path = SCENARIO_DIR + file;
  const parsed = parseScenario(readFileSync(path, 'utf8'), path);
  if (!parsed.ok) throw new Error(`${file} does not load: ${JSON.stringify(parsed.issues, null, 2)}`);
  return parsed.scenario;
}

/**
 * A spec's runner of a bundled scenario: each (variant, seed) runs once, however many of the
 * spec's tests read it (a run is data: tests read it, none changes it).
 */
export function runsOf(scenario: Scenario): (variant: string, seed?: number) => ScenarioRun {
  const runs = new Map<string, ScenarioRun>();
  return (variant, seed = 1) => {
    const id = `${variant}\u0000${seed}`;
    let r = runs.get(id);
    if (r === undefined) runs.set(id, (r = runScenario(scenario, { variant, seed })));
    return r;
  };
}
