import type { z } from 'zod';
import type { ParseResult } from './issues.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { readYaml } from './yaml-source.js';
import { validate } from './zod-issues.js';

/**
 * Scenario text to a validated scenario, or every problem found, each pointing at its line and
 * column. Pure: the file's name is only used to label issues; reading it is bin/'s job.
 */
export function parseScenario(text: string, file: string): ParseResult<Scenario> {
  return parseWithSchema(scenarioSchema, text, file);
}

/** The same pipeline with any schema: tests exercise the YAML and issue mapping in isolation. */
export function parseWithSchema<S extends z.ZodType>(schema: S, text: string, file: string): ParseResult<z.output<S>> {
  const read = readYaml(text, file);
  if (!read.ok) return read;
  const r = validate(schema, read.source, file);
  return r.ok ? { ok: true, scenario: r.value } : r;
}
