import { didYouMean } from '../sim/scenario/did-you-mean.js';
import type { Scenario } from '../sim/scenario/schema.js';
import { InputError } from './errors.js';
import { readScenarioFile, scenarioFiles } from './read-scenario.js';

/** Loads a scenario or throws its issues (exit 2). */
export function loadScenario(file: string): Scenario {
  const r = readScenarioFile(file);
  if (!r.ok) throw new InputError(r.issues);
  return r.scenario;
}

/** Every scenario the paths name (files, or directories of them); all issues of all files at once. */
export function loadScenarios(paths: readonly string[]): { file: string; scenario: Scenario }[] {
  const issues = [];
  const out: { file: string; scenario: Scenario }[] = [];
  for (const p of paths) {
    const found = scenarioFiles(p);
    if (!found.ok) {
      issues.push(found.issue);
      continue;
    }
    for (const file of found.files) {
      const r = readScenarioFile(file);
      if (r.ok) out.push({ file, scenario: r.scenario });
      else issues.push(...r.issues);
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

/** `--variant`: the named one (an unknown name lists the variants), or the first in the file. */
export function pickVariant(scenario: Scenario, file: string, name: string | undefined): string {
  const names = Object.keys(scenario.variants);
  if (name === undefined) return names[0]!;
  if (names.includes(name)) return name;
  const hint = didYouMean(name, names);
  throw new InputError([
    {
      file,
      path: ['variants'],
      message: `no variant named '${name}'${hint ? `; did you mean '${hint}'?` : ''} (variants: ${names.join(', ')})`,
      found: name,
      expected: names.join(', '),
    },
  ]);
}
