import type { z } from 'zod';
import type { IssuePath, ParseResult } from './issues.js';
import { isModelPath, ModelTable, type ScenarioModels } from './models.js';
import { type Scenario, scenarioSchemaFor } from './schema.js';
import { readYaml } from './yaml-source.js';
import { validate } from './zod-issues.js';

/**
 * Scenario text to a validated scenario, or every problem found, each pointing at its line and
 * column. Pure: the file's name is only used to label issues; reading it is bin/'s job.
 */
export function parseScenario(text: string, file: string, opts: { models?: ScenarioModels } = {}): ParseResult<Scenario> {
  return parseWithSchema(scenarioSchemaFor(new ModelTable(opts.models)), text, file);
}

/**
 * The module paths a scenario's nodes name as models (`model: ./models/kv.ts`), each once, with
 * the path of the first node that names it, so the caller can load them before `parseScenario`.
 * Text that is not YAML, or has no such nodes, names none (parseScenario reports the rest).
 */
export function modelModules(text: string, file: string): { model: string; path: IssuePath }[] {
  const read = readYaml(text, file);
  if (!read.ok) return [];
  const data = read.source.data as { nodes?: unknown } | null;
  const nodes = data !== null && typeof data === 'object' && Array.isArray(data.nodes) ? (data.nodes as unknown[]) : [];
  const out: { model: string; path: IssuePath }[] = [];
  nodes.forEach((n, i) => {
    const model = n !== null && typeof n === 'object' ? (n as { model?: unknown }).model : undefined;
    if (typeof model === 'string' && isModelPath(model) && !out.some((o) => o.model === model)) out.push({ model, path: ['nodes', i, 'model'] });
  });
  return out;
}

/** The same pipeline with any schema: tests exercise the YAML and issue mapping in isolation. */
export function parseWithSchema<S extends z.ZodType>(schema: S, text: string, file: string): ParseResult<z.output<S>> {
  const read = readYaml(text, file);
  if (!read.ok) return read;
  const r = validate(schema, read.source, file);
  return r.ok ? { ok: true, scenario: r.value } : r;
}
