import { didYouMean } from '../sim/scenario/did-you-mean.js';
import type { Scenario } from '../sim/scenario/schema.js';
import type { UserCode } from '../sim/run/user-code.js';
import { loadCustomStrategies } from './custom-strategies.js';
import { InputError } from './errors.js';
import { type LoadedScenario, readScenarioFile, scenarioFiles } from './read-scenario.js';

/** Loads a scenario (and the model modules it names) or throws its issues (exit 2). */
export async function loadScenario(file: string): Promise<LoadedScenario> {
  const r = await readScenarioFile(file);
  if (!r.ok) throw new InputError(r.issues);
  return r;
}

/** Every scenario the paths name (files, or directories of them); all issues of all files at once. */
export async function loadScenarios(paths: readonly string[]): Promise<LoadedScenario[]> {
  const issues = [];
  const out: LoadedScenario[] = [];
  for (const p of paths) {
    const found = scenarioFiles(p);
    if (!found.ok) {
      issues.push(found.issue);
      continue;
    }
    for (const file of found.files) {
      const r = await readScenarioFile(file);
      if (r.ok) out.push(r);
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

/**
 * The user code a run of these variants needs: the scenario's model modules (loaded with it) and
 * the `type: custom` strategy modules of those variants only (a variant not run loads nothing).
 */
export async function userCodeFor(loaded: LoadedScenario, variants: readonly string[]): Promise<UserCode> {
  const customStrategies = await loadCustomStrategies(loaded.scenario, loaded.file, variants);
  return { models: loaded.models, ...(customStrategies ? { customStrategies } : {}) };
}
