import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/schema.js';

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
