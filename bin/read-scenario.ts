import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioIssue } from '../sim/scenario/issues.js';
import { parseScenario } from '../sim/scenario/load.js';
import type { Scenario } from '../sim/scenario/schema.js';
import { fileIssue } from './errors.js';
import { type LoadedModels, loadModelModules } from './load-models.js';
import { printIssues } from './output.js';

/**
 * Scenario files from disk: the file-level problems (missing, a directory, binary, too large)
 * become issues here; everything inside the text is the loader's (sim/scenario/load.ts).
 */

/** Far beyond any hand-written scenario; a bigger file is the wrong file. */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;
const SCENARIO_EXTENSIONS = /\.(ya?ml|json)$/i;

/** A scenario loaded from its file, with the model modules it names (already imported). */
export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  models: LoadedModels;
}

export type Loaded = ({ ok: true } & LoadedScenario) | { ok: false; file: string; issues: ScenarioIssue[] };

/** Reads, loads the model modules it names (running their code), and validates. */
export async function readScenarioFile(file: string): Promise<Loaded> {
  const text = readText(file);
  if (typeof text !== 'string') return { ok: false, file, issues: [text] };
  const models = await loadModelModules(text, file);
  const r = parseScenario(text, file, { models });
  return r.ok ? { ok: true, file, scenario: r.scenario, models } : { ok: false, file, issues: r.issues };
}

/** The text of a file meant to be a scenario, or the one issue that stops us reading it. */
export function readText(file: string): string | ScenarioIssue {
  const st = statOf(file);
  if (st === undefined) return fileIssue(file, 'no such file');
  if (st.isDirectory()) return fileIssue(file, 'is a directory, expected a scenario file (`faultline compare DIR` and `faultline list DIR` take directories)');
  if (!st.isFile()) return fileIssue(file, 'is not a regular file');
  if (st.size > MAX_SCENARIO_BYTES) return fileIssue(file, `is ${st.size} bytes; a scenario file is at most ${MAX_SCENARIO_BYTES} bytes`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return fileIssue(file, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (bytes.includes(0)) return fileIssue(file, 'looks like a binary file (it contains NUL bytes), expected a YAML or JSON scenario');
  try {
    // fatal: invalid UTF-8 throws rather than becoming U+FFFD; the BOM, if any, is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fileIssue(file, 'is not valid UTF-8 text (a binary file?), expected a YAML or JSON scenario');
  }
}

/**
 * The scenario files a path names: the file itself, or every *.yaml, *.yml and *.json directly in
 * a directory, sorted by name so runs and reports come in a stable order.
 */
export function scenarioFiles(path: string): { ok: true; files: string[] } | { ok: false; issue: ScenarioIssue } {
  const st = statOf(path);
  if (st === undefined) return { ok: false, issue: fileIssue(path, 'no such file or directory') };
  if (!st.isDirectory()) return { ok: true, files: [path] };
  const names = readdirSync(path, { withFileTypes: true })
    .filter((d) => d.isFile() && SCENARIO_EXTENSIONS.test(d.name))
    .map((d) => d.name)
    .sort();
  if (names.length === 0) return { ok: false, issue: fileIssue(path, 'holds no scenario files (*.yaml, *.yml, *.json)') };
  return { ok: true, files: names.map((n) => join(path, n)) };
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Loads each file and hands over those that load; prints the issues of the rest. True when all loaded. */
export async function forEachScenario(files: readonly string[], use: (loaded: LoadedScenario) => void): Promise<boolean> {
  let all = true;
  for (const file of files) {
    const r = await readScenarioFile(file);
    if (r.ok) use(r);
    else {
      printIssues(r.issues);
      all = false;
    }
  }
  return all;
}
