import { readFileSync } from 'node:fs';
import { parseScenario, type Scenario } from '../../sim/index.js';

export const SPLIT_BRAIN = 'scenarios/split-brain.yaml';

/** split-brain with a `swarm` section, the example docs/sweep.md uses: the swarm tests' subject. */
export const SWARM_EXAMPLE = 'docs/examples/split-brain-swarm.yaml';

export const swarmText = (): string => readFileSync(SWARM_EXAMPLE, 'utf8');

export function load(text: string, file = 'test.yaml'): Scenario {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.file}:${i.line}: ${i.message}`).join('\n'));
  return r.scenario;
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
